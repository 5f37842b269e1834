using System.Text.Json;
using CsCheck;
using Taskforge.Engine;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Engine.Schedules.Recurrence;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Fuzz.Parsers;

namespace Taskforge.Tests.Fuzz;

/// <summary>
/// The parser fuzz targets (bench/Taskforge.Fuzz.Parsers) over their seeds and a few thousand mutations each, and the
/// inputs that made a parser throw something other than a client error when the fuzzers found them (issue 16 part 1).
/// </summary>
public sealed class ParserFuzzTests
{
    public static TheoryData<string> Targets => [.. ParserTargets.All.Keys];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_OnSeedsAndMutations_RefusesOnlyWithClientErrors(string target)
    {
        var run = ParserTargets.All[target];
        var seeds = ParserSeeds.For(target);
        Assert.NotEmpty(seeds);
        foreach (var seed in seeds)
        {
            ParserTargets.Run(run, seed);
        }

        ParserInputs.Mutated(seeds).Sample(input => ParserTargets.Run(run, input), iter: 1500, threads: 1);
    }

    [Theory]
    [InlineData("Europe/")]
    [InlineData("America/")]
    [InlineData("../../../etc/passwd")]
    public void ZoneThatNamesAFolder_IsAnUnknownZone(string zone)
    {
        // Was a SecurityException (the zone database's folder cannot be read as a zone): a 500.
        var cron = Assert.Throws<ValidationException>(() => CronPattern.Parse("0 9 * * *", zone));
        Assert.Contains("time-zone", cron.Errors.Keys);
        Assert.Throws<ValidationException>(() => RecurrencePatternReader.Read($"({zone}) 08:00", RecurrenceCycle.EveryDays));
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"parameters":[{"name":"a","name":"b"}]}""")]
    [InlineData("""{"note":"\ud800"}""")]
    [InlineData("""{"\udfff":1,"\udfff":2}""")]
    public void OutsideJson_WithARepeatedKeyOrALoneSurrogate_IsInvalidJson(string json)
    {
        // Each parsed, and threw ArgumentException or InvalidOperationException only when read: a 500 far from the parser.
        Assert.ThrowsAny<JsonException>(() => OutsideJson.Parse(json));
    }

    [Theory]
    [InlineData("? [a, b]\n: 1\n", "a key must be plain text")]
    [InlineData("{[a]: 1}", "a key must be plain text")]
    [InlineData("name: a\nname: b\n", "Duplicate key")]
    [InlineData("a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n", "too many values")]
    public void YamlDefinition_ThatNoJsonTreeCanHold_IsAValidationError(string yaml, string expected)
    {
        var error = Assert.Throws<ValidationException>(() => DefinitionDocuments.Parse(yaml, yaml: true));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void YamlDefinition_NestedDeeperThanJson_IsAValidationError() =>
        Assert.Throws<ValidationException>(() => DefinitionDocuments.Parse(new string('[', 1000) + new string(']', 1000), yaml: true));

    [Theory]
    [InlineData(100_000, "(", "TASK.PRIORITY > 1", ")")]
    [InlineData(100_000, "NOT ", "TASK.PRIORITY > 1", "")]
    [InlineData(10_000, "TASK.PRIORITY > 1 AND ", "TASK.PRIORITY > 1", "")]
    public void WhereClause_NestedOrChainedBeyondTheBounds_IsAQueryError(int times, string open, string middle, string close)
    {
        // The first two overflowed the stack, which ends the process: one query string could stop the server.
        var clause = string.Concat(Enumerable.Repeat(open, times)) + middle + string.Concat(Enumerable.Repeat(close, times));
        Assert.Throws<QueryException>(() => WhereClauseParser.Parse(clause));
    }

    [Fact]
    public void WhereClause_WithinTheBounds_StillParses()
    {
        var nested = new string('(', WhereClauseParser.MaxNesting) + "TASK.PRIORITY > 1" + new string(')', WhereClauseParser.MaxNesting);
        Assert.NotNull(WhereClauseParser.Parse(nested));
        Assert.NotNull(WhereClauseParser.Parse(string.Join(" OR ", Enumerable.Repeat("TASK.PRIORITY > 1", WhereClauseParser.MaxConditions))));
    }

    [Fact]
    public void Xml_NestedDeeperThanTheBound_IsRefused()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", 100_000)) + string.Concat(Enumerable.Repeat("</a>", 100_000));
        Assert.Throws<ValidationException>(() => SafeXml.Parse(deep));
        var fine = string.Concat(Enumerable.Repeat("<a>", SafeXml.MaxDepth)) + string.Concat(Enumerable.Repeat("</a>", SafeXml.MaxDepth));
        Assert.NotNull(SafeXml.Parse(fine));
    }
}
