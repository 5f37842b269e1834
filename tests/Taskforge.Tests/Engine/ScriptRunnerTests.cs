using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Taskforge.Engine.Workflows;
using Taskforge.Engine.Workflows.Scripting;

namespace Taskforge.Tests.Engine;

public sealed class ScriptRunnerTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly ScriptLimits Tight = new() { Timeout = TimeSpan.FromMilliseconds(200) };

    private static ScriptRunner Runner(ScriptLimits? limits = null) => new(new FakeTimeProvider(Start), limits ?? new ScriptLimits());

    private static ScriptVariable In(string name, string type, string? json) =>
        new(name, ParameterType.Parse(type), json is null ? null : JsonNode.Parse(json), Writable: false);

    private static ScriptVariable Out(string name, string type, string? json = null) =>
        new(name, ParameterType.Parse(type), json is null ? null : JsonNode.Parse(json), Writable: true);

    private static ScriptResult Run(string script, params ScriptVariable[] variables) =>
        Runner().Run("wf:1:" + script.GetHashCode(StringComparison.Ordinal), script, variables, TestContext.Current.CancellationToken);

    private static ScriptResult Succeeds(string script, params ScriptVariable[] variables)
    {
        var result = Run(script, variables);
        Assert.True(result.Succeeded, result.Message);
        return result;
    }

    private static void AssertJson(string? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected is null ? null : JsonNode.Parse(expected), actual),
            $"expected {expected ?? "null"}, got {actual?.ToJsonString() ?? "null"}");

    [Fact]
    public void Run_IssueExample_SetsGreetingAndLogsOnce()
    {
        var result = Succeeds("greeting = 'Hello, ' + name; System.log(greeting);", In("name", "string", "\"Ada\""), Out("greeting", "string"));

        AssertJson("\"Hello, Ada\"", result.Values["greeting"]);
        var log = Assert.Single(result.Logs);
        Assert.Equal(new ScriptLogEntry(LogSeverity.Info, "Hello, Ada", Start), log);
    }

    [Theory]
    [InlineData("string", "\"héllo\"")]
    [InlineData("number", "42.5")]
    [InlineData("number", "-3")]
    [InlineData("boolean", "true")]
    [InlineData("Date", "\"2024-02-29T23:59:58.123Z\"")]
    [InlineData("Array/string", "[\"a\",\"b\"]")]
    [InlineData("Array/Date", "[\"2024-01-01T00:00:00.000Z\"]")]
    [InlineData("Properties", "{\"a\":1,\"b\":{\"c\":[true,null,\"x\"]}}")]
    [InlineData("SecureString", "\"s3cret\"")]
    [InlineData("Any", "{\"list\":[1,2.5,\"x\"]}")]
    [InlineData("VC:VirtualMachine", "{\"type\":\"VC:VirtualMachine\",\"id\":\"vm-1\"}")]
    [InlineData("string", null)]
    public void Run_CopyEachType_RoundTripsCanonicalValue(string type, string? json)
    {
        var result = Succeeds("copy = original;", In("original", type, json), Out("copy", type));

        AssertJson(json, result.Values["copy"]);
    }

    [Fact]
    public void Run_DateVariable_IsJavaScriptDateAndComesBackCanonical()
    {
        var result = Succeeds("isDate = when instanceof Date; when.setUTCDate(when.getUTCDate() + 1);",
            Out("when", "Date", "\"2024-12-31T10:00:00.000Z\""), Out("isDate", "boolean"));

        AssertJson("true", result.Values["isDate"]);
        AssertJson("\"2025-01-01T10:00:00.000Z\"", result.Values["when"]);
    }

    [Fact]
    public void Run_NewDate_ReadsInjectedClock()
    {
        var result = Succeeds("now = new Date();", Out("now", "Date"));

        AssertJson("\"2025-03-01T09:30:00.000Z\"", result.Values["now"]);
    }

    [Fact]
    public void Run_ArraysAndObjectsMutatedInPlace_Persist()
    {
        var result = Succeeds("items.push('c'); props.added = {n: 1}; delete props.gone; props.kept += 1;",
            Out("items", "Array/string", "[\"a\",\"b\"]"), Out("props", "Properties", "{\"kept\":1,\"gone\":true}"));

        AssertJson("[\"a\",\"b\",\"c\"]", result.Values["items"]);
        AssertJson("{\"kept\":2,\"added\":{\"n\":1}}", result.Values["props"]);
    }

    [Fact]
    public void Run_AssignToInput_IsNotPersisted()
    {
        var result = Succeeds("name = 'changed'; seen = name;", In("name", "string", "\"Ada\""), Out("seen", "string"));

        Assert.False(result.Values.ContainsKey("name"));
        AssertJson("\"changed\"", result.Values["seen"]);
    }

    [Fact]
    public void Run_UnchangedWritable_IsReturnedToo()
    {
        var result = Succeeds("var x = 1;", Out("attr", "number", "7"), Out("unset", "string"));

        AssertJson("7", result.Values["attr"]);
        Assert.True(result.Values.ContainsKey("unset"));
        Assert.Null(result.Values["unset"]);
    }

    [Fact]
    public void Run_NumberAssignedToString_IsCoerced()
    {
        var result = Succeeds("text = 12;", Out("text", "string"));

        AssertJson("\"12\"", result.Values["text"]);
    }

    [Fact]
    public void Run_ValueThatDoesNotFitType_FailsNamingVariable()
    {
        var result = Run("count = 'many';", Out("count", "number"));

        Assert.False(result.Succeeded);
        Assert.Contains("'count'", result.Message, StringComparison.Ordinal);
        Assert.Contains("expected a number, got \"many\"", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("count = NaN;", "NaN")]
    [InlineData("count = function () {};", "a function")]
    [InlineData("count = {}; count.self = count;", "containing itself")]
    public void Run_ValueWithoutJsonForm_FailsNamingVariable(string script, string expected)
    {
        var result = Run(script, Out("count", "Any"));

        Assert.False(result.Succeeded);
        Assert.Contains("'count'", result.Message, StringComparison.Ordinal);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_LogLevelsAndObjects_AreWrittenLikeVro()
    {
        var result = Succeeds("System.debug('d'); System.log({a: [1, 'é']}); System.warn(3, null); System.error(new Date(0));");

        Assert.Equal(
            [(LogSeverity.Debug, "d"), (LogSeverity.Info, "{\"a\":[1,\"é\"]}"), (LogSeverity.Warning, "3 null"), (LogSeverity.Error, "1970-01-01T00:00:00.000Z")],
            result.Logs.Select(log => (log.Severity, log.Message)));
    }

    [Fact]
    public void Run_ThrowOnLineThree_FailsWithMessageLineAndEarlierLogs()
    {
        var result = Run("System.log('before');\nvar x = 1;\nthrow new Error('boom');\nSystem.log('after');");

        Assert.False(result.Succeeded);
        Assert.Equal("boom", result.Message);
        Assert.Equal(3, result.Line);
        Assert.Equal("before", Assert.Single(result.Logs).Message);
    }

    [Fact]
    public void Run_RuntimeTypeError_ReportsLine()
    {
        var result = Run("var a = null;\n\na.b.c = 1;");

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Line);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    [Fact]
    public void Run_SyntaxError_ReportsLine()
    {
        var result = Run("var ok = 1;\nvar = ;");

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Line);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    [Theory]
    [InlineData("typeof importNamespace === 'undefined'")]
    [InlineData("typeof clr === 'undefined'")]
    [InlineData("typeof System.IO === 'undefined'")]
    [InlineData("typeof require === 'undefined' && typeof process === 'undefined' && typeof fetch === 'undefined'")]
    [InlineData("typeof XMLHttpRequest === 'undefined' && typeof host === 'undefined'")]
    public void EvaluateCondition_NoDotNetFileOrNetworkAccess_IsTrue(string expression)
    {
        var result = Runner().EvaluateCondition("sec", expression, [], TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
        AssertJson("true", result.Value);
    }

    [Fact]
    public void Run_InfiniteLoop_TimesOut()
    {
        var result = Runner(Tight with { MaxStatements = int.MaxValue }).Run("loop", "while (true) {}", [], TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal("script timed out after 200 ms", result.Message);
    }

    [Fact]
    public void Run_TooManyStatements_Fails()
    {
        var result = Runner(new ScriptLimits { MaxStatements = 1000 }).Run("many", "for (var i = 0; i < 1e6; i++) {}", [], TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal("script exceeded its limit of 1000 statements", result.Message);
    }

    [Fact]
    public void Run_RunawayRecursion_Fails()
    {
        var result = Run("function f(n) { return f(n + 1); } f(0);");

        Assert.False(result.Succeeded);
        Assert.Equal("script exceeded its recursion limit of 256 calls", result.Message);
    }

    [Fact]
    public void Run_HugeAllocation_FailsOnMemoryLimit()
    {
        var limits = new ScriptLimits { MemoryBytes = 4L * 1024 * 1024, MaxStatements = int.MaxValue };
        var script = "var all = []; while (true) { all.push(new Array(1000).fill('x' + all.length)); }";

        var result = Runner(limits).Run("mem", script, [], TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal("script exceeded its memory limit", result.Message);
    }

    [Fact]
    public async Task Run_CanceledWhileLooping_StopsPromptly()
    {
        using var cancel = new CancellationTokenSource();
        var limits = new ScriptLimits { Timeout = TimeSpan.FromMinutes(1), MaxStatements = int.MaxValue };
        var stopwatch = Stopwatch.StartNew();
        var running = Task.Run(() => Runner(limits).Run("cancel", "while (true) {}", [], cancel.Token), TestContext.Current.CancellationToken);

        await Task.Delay(100, TestContext.Current.CancellationToken);
        await cancel.CancelAsync();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal("script was canceled", result.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("size > 10", "true")]
    [InlineData("size > 100", "false")]
    [InlineData("name", "true")]
    [InlineData("missing", "false")]
    [InlineData("when.getUTCFullYear() === 2024", "true")]
    public void EvaluateCondition_Expression_ReturnsTruthiness(string expression, string expected)
    {
        ScriptVariable[] variables = [In("size", "number", "42"), In("name", "string", "\"x\""), In("missing", "string", null), In("when", "Date", "\"2024-05-05T00:00:00.000Z\"")];

        var result = Runner().EvaluateCondition("cond", expression, variables, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
        AssertJson(expected, result.Value);
        Assert.Empty(result.Values);
    }

    [Fact]
    public void EvaluateCondition_ThrowingExpression_Fails()
    {
        var result = Runner().EvaluateCondition("cond", "nothing.here > 1", [], TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal(1, result.Line);
    }

    [Fact]
    public void Run_SameKeyTwice_CompilesOnce()
    {
        var runner = Runner();
        ScriptVariable[] variables = [Out("n", "number", "1")];

        var first = runner.Run("wf:3:step1", "n = n + 1;", variables, TestContext.Current.CancellationToken);
        var second = runner.Run("wf:3:step1", "n = n + 1;", variables, TestContext.Current.CancellationToken);

        Assert.Equal(1, runner.CompileCount);
        AssertJson("2", first.Values["n"]);
        AssertJson("2", second.Values["n"]);
    }

    [Fact]
    public void Run_SameKeyNewSource_Recompiles()
    {
        var runner = Runner();

        runner.Run("wf:3:step1", "n = 1;", [Out("n", "number")], TestContext.Current.CancellationToken);
        var result = runner.Run("wf:3:step1", "n = 2;", [Out("n", "number")], TestContext.Current.CancellationToken);

        Assert.Equal(2, runner.CompileCount);
        AssertJson("2", result.Values["n"]);
    }

    [Fact]
    public void Run_AlreadyCanceled_FailsWithoutRunning()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        var result = Runner().Run("c", "System.log('ran');", [], cancel.Token);

        Assert.False(result.Succeeded);
        Assert.Equal("script was canceled", result.Message);
        Assert.Empty(result.Logs);
    }
}
