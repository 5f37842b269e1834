using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Engine.HumanTasks;

/// <summary>The grammar of ibm-bpm-htm.md §3.6.1.</summary>
public sealed class WhereClauseParserTests
{
    [Fact]
    public void Parse_TheInboxQuery_Section3_6_1()
    {
        var tree = WhereClauseParser.Parse(
            "TASK.STATE = TASK.STATE.STATE_READY AND WORK_ITEM.REASON = WORK_ITEM.REASON.REASON_POTENTIAL_OWNER AND TASK.SUSPENDED = FALSE");

        var expected = new AndCondition(
            new AndCondition(
                new Comparison(new ColumnOperand("TASK", "STATE", 1), ComparisonOperator.Equal, new ConstantOperand("TASK.STATE", "STATE_READY", 2)),
                new Comparison(new ColumnOperand("WORK_ITEM", "REASON", 41), ComparisonOperator.Equal, new ConstantOperand("WORK_ITEM.REASON", "REASON_POTENTIAL_OWNER", 1))),
            new Comparison(new ColumnOperand("TASK", "SUSPENDED", 104), ComparisonOperator.Equal, new BooleanOperand(false)));
        Assert.Equal(expected, tree);
    }

    [Fact]
    public void Parse_PrecedenceIsNotThenAndThenOr_ParenthesesOverride()
    {
        var tree = WhereClauseParser.Parse("task.priority > 1 or not task.priority < 5 and (task.name like 'A%' or task.owner is null)");

        var or = Assert.IsType<OrCondition>(tree);
        var and = Assert.IsType<AndCondition>(or.Right);
        Assert.IsType<NotCondition>(and.Left);
        Assert.IsType<OrCondition>(and.Right);
    }

    [Fact]
    public void Parse_EveryOperatorAndLiteral()
    {
        var tree = WhereClauseParser.Parse("""
            TASK.NAME <> 'it''s' AND TASK.PRIORITY >= -2.5 AND TASK.PRIORITY <= 10 AND TASK.PRIORITY < 3 AND TASK.PRIORITY > 0
            AND TASK.DUE < TS('2008-10-10T12:00:00') AND TASK.ACTIVATED > TS('2003') AND TASK.RESUMES < TS('16:04')
            AND TASK.TKIID = ID('_TKI:a01b') AND TASK.CUSTOM_TEXT1 = BIN('x') AND TASK.STARTED >= CURRENT_DATE
            AND TASK.KIND NOT IN (TASK.KIND.KIND_HUMAN, TASK.KIND.KIND_ORIGINATING) AND TASK.NAME NOT LIKE '%x%'
            AND TASK.OWNER IS NOT NULL AND WI.REASON IN (1, 2)
            """);

        var parts = Flatten(tree!).ToList();
        Assert.Equal(15, parts.Count);
        Assert.Equal(new StringOperand("it's"), ((Comparison)parts[0]).Right);
        Assert.Equal(new NumberOperand(-2.5m), ((Comparison)parts[1]).Right);
        Assert.Equal(new TimestampOperand(new DateOnly(2008, 10, 10), new TimeOnly(12, 0)), ((Comparison)parts[5]).Right);
        Assert.Equal(new TimestampOperand(new DateOnly(2003, 1, 1), TimeOnly.MinValue), ((Comparison)parts[6]).Right);
        Assert.Equal(new TimestampOperand(null, new TimeOnly(16, 4)), ((Comparison)parts[7]).Right);
        Assert.Equal(new IdOperand("_TKI:a01b"), ((Comparison)parts[8]).Right);
        Assert.IsType<CurrentDateOperand>(((Comparison)parts[10]).Right);
        var notIn = Assert.IsType<InCondition>(parts[11]);
        Assert.True(notIn.Negated);
        Assert.Equal(new ConstantOperand("TASK.KIND", "KIND_ORIGINATING", 103), notIn.Items[1]);
        Assert.True(Assert.IsType<LikeCondition>(parts[12]).Negated);
        Assert.True(Assert.IsType<NullCondition>(parts[13]).Negated);
        Assert.Equal("WORK_ITEM.REASON", ((ColumnOperand)Assert.IsType<InCondition>(parts[14]).Value).Name);
    }

    [Fact]
    public void Parse_NumberedCustomProperties_KeepTheirCorrelationName()
    {
        var tree = WhereClauseParser.Parse("TASK_CPROP1.NAME = 'x' AND TASK_CPROP1.STRING_VALUE = 'y' AND TASK_CPROP2.NAME = 'z'");

        Assert.Equal(["TASK_CPROP1.NAME", "TASK_CPROP1.STRING_VALUE", "TASK_CPROP2.NAME"],
            Flatten(tree!).Cast<Comparison>().Select(c => ((ColumnOperand)c.Left).Name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_NoClause_IsNoFilter(string? clause)
    {
        Assert.Null(WhereClauseParser.Parse(clause));
    }

    [Theory]
    [InlineData("TASK.DUE < TS('yesterday')", "CWTKA0035E", 15)]
    [InlineData("TASK.DUE < TS('2008-13-01')", "CWTKA0035E", 15)]
    [InlineData("TASK.NAME == 'x'", "CWTKA0036E", 11)]
    [InlineData("TASK.NAME != 'x'", "CWTKA0036E", 11)]
    [InlineData("TASK.NAME BETWEEN 1 AND 2", "CWTKA0036E", 11)]
    [InlineData("TASK.NAME = 'x' TASK.OWNER = 'y'", "CWTKA0036E", 17)]
    [InlineData("(TASK.NAME = 'x'", "CWTKA0036E", 17)]
    [InlineData("TASK.NAME = 'x')", "CWTKA0036E", 16)]
    [InlineData("TASK.NAME NOT = 'x'", "CWTKA0036E", 15)]
    [InlineData("TASK.NAME IS 'x'", "CWTKA0036E", 14)]
    [InlineData("TASK.NAME =", "CWTKA0037E", 12)]
    [InlineData("TASK.NAME = 'open", "CWTKA0037E", 13)]
    [InlineData("TASK.STATE = TASK.STATE.STATE_SLEEPING", "CWTKA0037E", 14)]
    [InlineData("TASK.NAME = TASK.NAME.X", "CWTKA0037E", 13)]
    [InlineData("TASK.KIND IN (TASK.NAME)", "CWTKA0037E", 15)]
    [InlineData("TASK.NAME = AND", "CWTKA0037E", 13)]
    [InlineData("TASK.TKIID = ID(42)", "CWTKA0037E", 17)]
    [InlineData("TASK.COLOUR = 'red'", "CWTKA0038E", 1)]
    [InlineData("NAME = 'x'", "CWTKA0038E", 1)]
    [InlineData("PROCESS.NAME = 'x'", "CWTKA0039E", 1)]
    public void Parse_Errors_CarryIbmNumberAndPosition(string clause, string errorNumber, int position)
    {
        var error = Assert.Throws<QueryException>(() => WhereClauseParser.Parse(clause));

        Assert.Equal((errorNumber, position), (error.ErrorNumber, error.Position));
    }

    [Fact]
    public void ParseOrderBy_ColumnsWithDirections()
    {
        var items = WhereClauseParser.ParseOrderBy("TASK.PRIORITY DESC, task.name, TASK.DUE asc");

        Assert.Equal([("TASK.PRIORITY", true), ("TASK.NAME", false), ("TASK.DUE", false)], items.Select(i => (i.Column.Name, i.Descending)));
        Assert.Empty(WhereClauseParser.ParseOrderBy(null));
    }

    [Theory]
    [InlineData("TASK.PRIORITY DESC TASK.NAME", "CWTKA0036E")]
    [InlineData("'x'", "CWTKA0037E")]
    [InlineData("TASK.PRIORITY; DROP TABLE task", "CWTKA0036E")]
    [InlineData("TASK.NOPE", "CWTKA0038E")]
    public void ParseOrderBy_Errors(string clause, string errorNumber)
    {
        Assert.Equal(errorNumber, Assert.Throws<QueryException>(() => WhereClauseParser.ParseOrderBy(clause)).ErrorNumber);
    }

    private static IEnumerable<WhereCondition> Flatten(WhereCondition condition) => condition is AndCondition and
        ? Flatten(and.Left).Concat(Flatten(and.Right))
        : [condition];
}
