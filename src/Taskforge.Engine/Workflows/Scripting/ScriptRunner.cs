using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;
using Acornima;
using Jint;
using Jint.Native;
using Jint.Runtime;
using JsEngine = Jint.Engine;

namespace Taskforge.Engine.Workflows.Scripting;

/// <summary>
/// Runs workflow scripts and decision conditions in Jint, sandboxed: no .NET interop, no file system or network, and
/// the time, memory, statement and recursion limits of <see cref="ScriptLimits"/>. Thread-safe: each run gets its own
/// engine; compiled scripts are shared through a cache keyed by the caller (e.g. <c>workflowId:revision:stepId</c>).
/// </summary>
public sealed class ScriptRunner
{
    private readonly TimeProvider _time;
    private readonly ScriptLimits _limits;
    private readonly ScriptTimeSystem _timeSystem;
    private readonly ScriptCache _cache = new();

    public ScriptRunner(TimeProvider time, ScriptLimits limits)
    {
        _time = time;
        _limits = limits;
        _timeSystem = new ScriptTimeSystem(time);
    }

    internal int CompileCount => _cache.CompileCount;

    /// <summary>Runs a script step; on success the result carries every writable variable's value after the run.</summary>
    public ScriptResult Run(string cacheKey, string script, IReadOnlyList<ScriptVariable> variables, CancellationToken ct) =>
        Execute(cacheKey, script, variables, condition: false, ct);

    /// <summary>
    /// Evaluates a decision condition; on success <see cref="ScriptResult.Value"/> is its JavaScript truthiness.
    /// Assignments made by a condition are not persisted.
    /// </summary>
    public ScriptResult EvaluateCondition(string cacheKey, string expression, IReadOnlyList<ScriptVariable> variables, CancellationToken ct) =>
        Execute(cacheKey, expression, variables, condition: true, ct);

    private ScriptResult Execute(string cacheKey, string source, IReadOnlyList<ScriptVariable> variables, bool condition, CancellationToken ct)
    {
        var logs = new List<ScriptLogEntry>();
        if (ct.IsCancellationRequested)
        {
            return ScriptResult.Failure(ScriptErrors.Canceled, null, logs);
        }

        try
        {
            var prepared = _cache.GetOrCompile(cacheKey, source);
            using var engine = CreateEngine(ct);
            ScriptAllocations.Limit(engine, _limits.MemoryBytes);
            foreach (var variable in variables)
            {
                engine.SetValue(variable.Name, ScriptValues.ToJs(engine, variable.Type, variable.Value));
            }

            engine.SetValue("System", ScriptConsole.Create(engine, logs, _time));
            var completion = engine.Evaluate(prepared);
            if (condition)
            {
                return ScriptResult.Success(new Dictionary<string, JsonNode?>(), JsonValue.Create(TypeConverter.ToBoolean(completion)), logs);
            }

            var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var variable in variables)
            {
                if (!variable.Writable)
                {
                    continue;
                }

                if (!TryReadBack(engine, variable, out var value, out var error))
                {
                    return ScriptResult.Failure(error, null, logs);
                }

                values[variable.Name] = value;
            }

            return ScriptResult.Success(values, null, logs);
        }
        catch (Exception error) when (error is JintException or TimeoutException or ParseErrorException)
        {
            var (message, line) = ScriptErrors.Describe(error, _limits);
            return ScriptResult.Failure(message, line, logs);
        }
    }

    private JsEngine CreateEngine(CancellationToken ct) => new(options =>
    {
        options.LimitMemory(_limits.MemoryBytes);
        options.TimeoutInterval(_limits.Timeout);
        options.MaxStatements(_limits.MaxStatements);
        options.LimitRecursion(_limits.MaxRecursionDepth);
        // The recursion limit counts script calls only; Jint's own recursion over a value (JSON.stringify, join, a chain of
        // proxies) is not a call, and a deep enough value overflowed the stack and killed the process. The guard turns
        // that into a RangeError the script sees.
        options.Constraints.StackOverflowGuard = true;
        // Memory is checked between statements, so one statement could allocate far past the limit (new Array(1e8).fill(0),
        // new Uint8Array(2 ** 30)) before the check; at 8 bytes an element no array can outgrow the limit by itself.
        options.Constraints.MaxArraySize = (uint)Math.Clamp(_limits.MemoryBytes / 8, 1024, uint.MaxValue);
        options.CancellationToken(ct);
        options.Strict(false);
        options.Interop.Enabled = false;
        options.Constraints.RegexTimeout = _limits.Timeout;
        options.TimeZone = TimeZoneInfo.Utc;
        options.TimeSystem = _timeSystem;
        options.Culture = CultureInfo.InvariantCulture;
    });

    private static bool TryReadBack(JsEngine engine, ScriptVariable variable, out JsonNode? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        var property = engine.Global.GetOwnProperty(variable.Name);
        if (property.IsAccessorDescriptor())
        {
            error = $"variable '{variable.Name}' was turned into a getter";
            return false;
        }

        var script = property.Value ?? JsValue.Undefined;
        if (!ScriptJson.TryToJson(script, out var json, out var problem))
        {
            error = $"variable '{variable.Name}' expects {Expected(variable.Type)}, got {problem}";
            return false;
        }

        if (!ParameterValues.TryCoerce(variable.Type, json, out value, out problem))
        {
            error = $"variable '{variable.Name}' ({variable.Type}): {problem}";
            return false;
        }

        error = null;
        return true;
    }

    private static string Expected(ParameterType type) => type.Kind switch
    {
        ParameterKind.Any => "a JSON value",
        ParameterKind.Array => "an array",
        ParameterKind.Properties => "an object",
        ParameterKind.Date => "a Date",
        ParameterKind.Boolean => "a boolean",
        ParameterKind.Number => "a number",
        _ => "a " + type,
    };
}
