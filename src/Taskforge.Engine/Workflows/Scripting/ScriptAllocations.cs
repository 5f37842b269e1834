using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using JsEngine = Jint.Engine;

namespace Taskforge.Engine.Workflows.Scripting;

/// <summary>
/// Closes the ways one statement could allocate far past <see cref="ScriptLimits.MemoryBytes"/>: Jint checks memory
/// between statements, so <c>'x'.repeat(2 ** 28)</c> (512 MiB) or <c>new Uint8Array(2 ** 30)</c> (1 GiB) was allocated
/// in full before the check could refuse it, and a few runs doing so at once could exhaust the server's memory.
/// </summary>
internal static class ScriptAllocations
{
    // Binary buffers have no use in an orchestration script (vRO's Rhino has none) and no size limit in Jint.
    private static readonly string[] BinaryBuffers =
    [
        "ArrayBuffer", "SharedArrayBuffer", "DataView", "Atomics", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array",
        "Uint16Array", "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
    ];

    public static void Limit(JsEngine engine, long memoryBytes)
    {
        foreach (var name in BinaryBuffers)
        {
            engine.Global.RemoveOwnProperty(name);
        }

        // A string of n characters takes 2n bytes.
        var maxLength = memoryBytes / 2;
        var strings = (ObjectInstance)((ObjectInstance)engine.Global.Get("String")).Get("prototype");
        Guard(engine, strings, "repeat", 1, maxLength, (text, arguments) => text.Length * TypeConverter.ToNumber(arguments.At(0)));
        Guard(engine, strings, "padStart", 2, maxLength, (_, arguments) => TypeConverter.ToNumber(arguments.At(0)));
        Guard(engine, strings, "padEnd", 2, maxLength, (_, arguments) => TypeConverter.ToNumber(arguments.At(0)));
    }

    private static void Guard(JsEngine engine, ObjectInstance prototype, string name, int length, long maxLength, Func<string, JsValue[], double> resultLength)
    {
        var original = prototype.Get(name);
        var guarded = new ClrFunction(engine, name, (thisObject, arguments) =>
        {
            var text = thisObject.IsString() ? thisObject.AsString() : TypeConverter.ToString(thisObject);
            if (resultLength(text, arguments) > maxLength)
            {
                throw new JavaScriptException(engine.Construct("RangeError", $"Invalid string length: longer than this script's memory limit allows ({maxLength} characters)"));
            }

            return engine.Call(original, thisObject, arguments);
        }, length, PropertyFlag.Configurable);
        prototype.DefineOwnProperty(name, new PropertyDescriptor(guarded, PropertyFlag.Writable | PropertyFlag.Configurable));
    }
}
