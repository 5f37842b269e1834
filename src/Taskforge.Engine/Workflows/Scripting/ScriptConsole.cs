using System.Text.Encodings.Web;
using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using JsEngine = Jint.Engine;

namespace Taskforge.Engine.Workflows.Scripting;

/// <summary>The <c>System</c> object of vRO scripts: <c>log</c>, <c>warn</c>, <c>error</c> and <c>debug</c> write run logs.</summary>
internal static class ScriptConsole
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsObject Create(JsEngine engine, List<ScriptLogEntry> logs, TimeProvider time)
    {
        var system = new JsObject(engine);
        Add(engine, system, "log", LogSeverity.Info, logs, time);
        Add(engine, system, "warn", LogSeverity.Warning, logs, time);
        Add(engine, system, "error", LogSeverity.Error, logs, time);
        Add(engine, system, "debug", LogSeverity.Debug, logs, time);
        return system;
    }

    private static void Add(JsEngine engine, JsObject system, string name, LogSeverity severity, List<ScriptLogEntry> logs, TimeProvider time)
    {
        var function = new ClrFunction(engine, name, (_, arguments) =>
        {
            logs.Add(new ScriptLogEntry(severity, Format(arguments), time.GetUtcNow()));
            return JsValue.Undefined;
        }, 1, PropertyFlag.Configurable);
        system.Set(name, function);
    }

    /// <summary>Arguments joined by spaces; strings as they are, objects and arrays as JSON (as vRO prints them).</summary>
    private static string Format(JsValue[] arguments) => arguments.Length switch
    {
        0 => "",
        1 => Format(arguments[0]),
        _ => string.Join(' ', arguments.Select(Format)),
    };

    private static string Format(JsValue value)
    {
        if (value.IsString())
        {
            return value.AsString();
        }

        if (value.IsObject() && value is not Jint.Native.Function.Function
            && ScriptJson.TryToJson(value, out var json, out _) && json is not null)
        {
            return json.GetValueKind() == JsonValueKind.String ? json.GetValue<string>() : json.ToJsonString(Readable);
        }

        // Still inside the run, so a user-defined toString() is bound by the limits.
        return TypeConverter.ToString(value);
    }
}
