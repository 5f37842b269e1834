using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Taskforge.Engine.Workflows.Scripting;

namespace Taskforge.Tests.Engine;

/// <summary>
/// Attempts to get out of the script sandbox (issue 16, part 4): each is refused, or bounded by the limits with a clear
/// failure, and no run can change what another run sees.
/// </summary>
public sealed class ScriptSandboxTests
{
    private static readonly ScriptLimits Tight = new() { Timeout = TimeSpan.FromMilliseconds(300), MaxStatements = int.MaxValue };

    private static ScriptRunner Runner(ScriptLimits? limits = null) => new(new FakeTimeProvider(), limits ?? new ScriptLimits());

    private static ScriptResult Run(ScriptRunner runner, string script) =>
        runner.Run("sandbox:" + script.GetHashCode(StringComparison.Ordinal), script, [], TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("constructor.constructor('return this')().importNamespace === undefined")]
    [InlineData("Function('return typeof importNamespace + typeof clr + typeof require + typeof host')() === 'undefinedundefinedundefinedundefined'")]
    [InlineData("eval('typeof System.IO + typeof System.Type') === 'undefinedundefined'")]
    [InlineData("System.log.constructor('return this')().System === System && typeof System.log.constructor('return process')")]
    [InlineData("Object.getOwnPropertyNames(System).sort().join() === 'debug,error,log,warn'")]
    [InlineData("typeof System.getType === 'undefined' && typeof System.GetType === 'undefined' && typeof System.log.GetType === 'undefined'")]
    [InlineData("Object.getPrototypeOf(System) === Object.prototype && Object.getPrototypeOf(System.log) === Function.prototype")]
    [InlineData("typeof Uint8Array === 'undefined' && typeof ArrayBuffer === 'undefined' && typeof DataView === 'undefined'")]
    public void CodeThatLooksForTheClr_FindsOnlyJavaScript(string expression)
    {
        var result = Runner().EvaluateCondition("clr:" + expression.GetHashCode(StringComparison.Ordinal), expression, [], TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
        Assert.True(result.Value!.GetValue<bool>(), expression);
    }

    [Fact]
    public void SharedObjectsPollutedByOneRun_AreUntouchedInTheNext()
    {
        var runner = Runner();
        var polluter = Run(runner, """
            Object.prototype.polluted = 'yes';
            Array.prototype.push = function () { throw new Error('hijacked'); };
            Object.defineProperty(Object.prototype, 'toJSON', { value: function () { return 'stolen'; }, configurable: false });
            JSON.stringify = function () { return 'forged'; };
            String.prototype.repeat = function () { return ''; };
            System.log = function () {};
            globalThis.leftBehind = 42;
            """);
        Assert.True(polluter.Succeeded, polluter.Message);

        var victim = Run(runner, """
            var list = [];
            list.push(1);
            if (({}).polluted !== undefined || typeof leftBehind !== 'undefined') throw new Error('polluted');
            if (JSON.stringify({a: list}) !== '{"a":[1]}' || 'ab'.repeat(2) !== 'abab') throw new Error('forged');
            System.log('clean');
            """);

        Assert.True(victim.Succeeded, victim.Message);
        Assert.Equal("clean", Assert.Single(victim.Logs).Message);
    }

    [Fact]
    public async Task ARunawayRun_DoesNotSlowOrStopARunBesideIt()
    {
        var runner = Runner(Tight with { Timeout = TimeSpan.FromSeconds(3) });
        var hog = Task.Run(() => Run(runner, "var all = []; while (true) { all.push('x'.repeat(1000) + all.length); }"), TestContext.Current.CancellationToken);

        var neighbour = Run(runner, "var s = 0; for (var i = 0; i < 1000; i++) { s += i; } if (s !== 499500) throw new Error('wrong');");

        Assert.True(neighbour.Succeeded, neighbour.Message);
        var hogResult = await hog;
        Assert.False(hogResult.Succeeded);
        Assert.Equal("script exceeded its memory limit", hogResult.Message);
    }

    [Theory]
    [InlineData("/(a+)+$/.test('a'.repeat(40) + 'b')")]
    [InlineData("/^(\\w+\\s?)*$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')")]
    [InlineData("'a'.repeat(40).replace(/(a|aa)+$b/g, '')")]
    public void CatastrophicRegularExpression_TimesOut(string script)
    {
        var clock = Stopwatch.StartNew();

        var result = Run(Runner(Tight), script);

        Assert.False(result.Succeeded);
        Assert.Equal("script timed out after 300 ms", result.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("constructor.constructor('while (true) {}')()", "script timed out after 300 ms")]
    [InlineData("eval('for (;;) {}')", "script timed out after 300 ms")]
    [InlineData("var f = function () {}; for (var i = 0; i < 1e7; i++) f = f.bind(null); f();", "script timed out after 300 ms")]
    // The recursion limit is not a script error, so a catch cannot swallow it and recurse again.
    [InlineData("function f() { try { f(); } catch (e) { f(); } } f();", "script exceeded its recursion limit of 256 calls")]
    public void LoopsHiddenInFunctionOrEval_AndCaughtRecursion_AreBounded(string script, string expected)
    {
        var result = Run(Runner(Tight), script);

        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.Message);
    }

    // Each of these overflowed the .NET stack inside Jint's own recursion and killed the whole server (issue 16): the
    // recursion limit counts script calls only. Now the stack guard turns them into a RangeError.
    [Theory]
    [InlineData("var o = []; for (var i = 0; i < 100000; i++) o = [o]; JSON.stringify(o);")]
    [InlineData("var o = {}; for (var i = 0; i < 100000; i++) o = {a: o}; JSON.stringify(o);")]
    [InlineData("var o = []; for (var i = 0; i < 100000; i++) o = [o]; String(o);")]
    [InlineData("var o = []; for (var i = 0; i < 100000; i++) o = [o]; o.toLocaleString();")]
    [InlineData("var o = [1]; for (var i = 0; i < 100000; i++) o = [o]; o.flat(Infinity);")]
    [InlineData("var p = new Proxy({}, {}); for (var i = 0; i < 100000; i++) p = new Proxy(p, {}); p.x;")]
    [InlineData("var o = []; for (var i = 0; i < 100000; i++) o = [o]; System.log(o);")]
    public void DeepValueThroughJintsOwnRecursion_FailsTheRunInsteadOfTheProcess(string script)
    {
        var result = Run(Runner(), script);

        Assert.False(result.Succeeded);
        Assert.Equal("Maximum call stack size exceeded", result.Message);
    }

    [Theory]
    [InlineData("JSON.parse('['.repeat(100000) + ']'.repeat(100000));", "Max. depth level of JSON reached")]
    [InlineData("function f(n) { return [f(n + 1)]; } f(0);", "script exceeded its recursion limit of 256 calls")]
    public void DeepValueFromParsingOrRecursion_FailsOnItsLimit(string script, string expected)
    {
        var result = Run(Runner(), script);

        Assert.False(result.Succeeded);
        Assert.StartsWith(expected, result.Message, StringComparison.Ordinal);
    }

    // One statement used to allocate all of these before the memory check between statements could refuse them.
    [Theory]
    [InlineData("'x'.repeat(2 ** 28);", "Invalid string length")]
    [InlineData("'x'.padStart(2 ** 28);", "Invalid string length")]
    [InlineData("'x'.padEnd(2 ** 28, 'y');", "Invalid string length")]
    [InlineData("new Array(1e8).fill(0);", "")]
    [InlineData("var s = 'x'; for (var i = 0; i < 40; i++) s += s; s.indexOf('y');", "")]
    [InlineData("var a = [1]; for (var i = 0; i < 40; i++) a = a.concat(a);", "")]
    [InlineData("[].concat.apply([], new Array(1e8));", "")]
    public void HugeStringOrArray_IsRefusedOrStoppedByTheMemoryLimit(string script, string expected)
    {
        var result = Run(Runner(new ScriptLimits { MemoryBytes = 16L * 1024 * 1024 }), script);

        Assert.False(result.Succeeded);
        Assert.True(result.Message!.StartsWith(expected, StringComparison.Ordinal)
            && (expected.Length > 0 || result.Message is "script exceeded its memory limit" || result.Message.StartsWith("Invalid array length", StringComparison.Ordinal)),
            result.Message);
    }
}
