using Acornima;
using Jint;
using Jint.Native.Object;
using Jint.Runtime;

namespace Taskforge.Engine.Workflows.Scripting;

/// <summary>Turns what Jint throws into the message and line a failed run reports (vRO's <c>content-exception</c>).</summary>
internal static class ScriptErrors
{
    public const string Canceled = "script was canceled";

    public static (string Message, int? Line) Describe(Exception error, ScriptLimits limits) => error switch
    {
        JavaScriptException thrown => (MessageOf(thrown), LineOf(thrown.Location.Start.Line)),
        ScriptPreparationException { InnerException: ParseErrorException parse } => (parse.Description, LineOf(parse.LineNumber)),
        ParseErrorException parse => (parse.Description, LineOf(parse.LineNumber)),
        TimeoutException => ($"script timed out after {Format(limits.Timeout)}", null),
        MemoryLimitExceededException => ("script exceeded its memory limit", null),
        ExecutionCanceledException => (Canceled, null),
        StatementsCountOverflowException => ($"script exceeded its limit of {limits.MaxStatements} statements", null),
        RecursionDepthOverflowException => ($"script exceeded its recursion limit of {limits.MaxRecursionDepth} calls", null),
        _ => ("script failed: " + error.Message, null),
    };

    private static int? LineOf(int line) => line > 0 ? line : null;

    private static string MessageOf(JavaScriptException thrown)
    {
        // Read the own data property only: a getter would run script code after the run's limits have ended.
        if (thrown.Error is ObjectInstance error)
        {
            var message = error.GetOwnProperty("message");
            return message.IsDataDescriptor() && message.Value is { } value && value.IsString() ? value.AsString() : thrown.Message;
        }

        return thrown.Error.IsString() ? thrown.Error.AsString() : thrown.Message;
    }

    private static string Format(TimeSpan timeout) =>
        timeout.TotalMilliseconds % 1000 == 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0} s")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{timeout.TotalMilliseconds:0} ms");
}
