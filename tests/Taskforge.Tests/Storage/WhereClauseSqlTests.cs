using System.Text.RegularExpressions;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Storage.HumanTasks;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Storage;

public sealed partial class WhereClauseSqlTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 9, 30, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> Columns = new()
    {
        ["TASK.PRIORITY"] = "t.priority",
        ["TASK.NAME"] = "t.name",
        ["TASK.STATE"] = "t.state",
        ["TASK.KIND"] = "t.kind",
        ["TASK.OWNER"] = "t.owner",
        ["TASK.DUE"] = "t.due_at",
        ["task.suspended"] = "t.is_suspended",
        ["WORK_ITEM.REASON"] = "wi.reason",
        ["TASK_CPROP{n}.NAME"] = "cp{n}.name",
        ["TASK_CPROP{n}.STRING_VALUE"] = "cp{n}.value",
    };

    [Fact]
    public void Translate_TheInboxQuery()
    {
        var sql = Translate("TASK.STATE = TASK.STATE.STATE_READY AND WI.REASON = WORK_ITEM.REASON.REASON_POTENTIAL_OWNER AND TASK.SUSPENDED = FALSE");

        Assert.Equal("((t.state = @p0 AND wi.reason = @p1) AND t.is_suspended = @p2)", sql.Sql);
        Assert.Equal([2, 1, false], sql.Parameters.Select(p => p.Value));
        Assert.Equal(["p0", "p1", "p2"], sql.Parameters.Select(p => p.Name));
        Assert.Equal(["TASK.STATE", "TASK.SUSPENDED", "WORK_ITEM.REASON"], sql.Columns.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Translate_EveryShape()
    {
        var sql = Translate("""
            NOT (TASK.NAME LIKE 'A%' OR TASK.OWNER IS NULL) AND TASK.PRIORITY NOT IN (1, 2.5) AND TASK.OWNER IS NOT NULL
            AND TASK.DUE < TS('2026-04') AND TASK.DUE >= CURRENT_DATE AND TASK.DUE > TS('08:15') AND 'x' <> TASK.NAME
            """);

        Assert.Equal(
            "((((((NOT ((t.name LIKE @p0 OR t.owner IS NULL)) AND t.priority NOT IN (@p1, @p2)) AND t.owner IS NOT NULL) AND t.due_at < @p3)"
            + " AND t.due_at >= @p4) AND t.due_at > @p5) AND @p6 <> t.name)",
            sql.Sql);
        Assert.Equal<object>(
            ["A%", 1L, 2.5m, new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 15, 0, 0, 0, TimeSpan.Zero),
             new DateTimeOffset(2026, 3, 15, 8, 15, 0, TimeSpan.Zero), "x"],
            sql.Parameters.Select(p => p.Value));
    }

    [Fact]
    public void Translate_NumberedCustomProperties_UseTheTemplateEntry()
    {
        var sql = Translate("TASK_CPROP1.NAME = 'costCenter' AND TASK_CPROP1.STRING_VALUE = '4711' AND TASK_CPROP2.NAME = 'x'");

        Assert.Equal("((cp1.name = @p0 AND cp1.value = @p1) AND cp2.name = @p2)", sql.Sql);
        Assert.Contains("TASK_CPROP2.NAME", sql.Columns);
    }

    [Fact]
    public void Translate_ColumnMissingFromTheMap_IsUnknownProperty()
    {
        var error = Assert.Throws<QueryException>(() => Translate("TASK.PRIORITY = 1 AND TASK.CUSTOM_TEXT1 = 'a'"));

        Assert.Equal(("CWTKA0038E", 23), (error.ErrorNumber, error.Position));
    }

    [Fact]
    public void Translate_NoClause_IsNoFilter()
    {
        Assert.Same(SqlCondition.None, WhereClauseSql.Translate(WhereClauseParser.Parse(" "), Columns, Now));
    }

    [Fact]
    public void TranslateOrderBy_UsesTheMap()
    {
        Assert.Equal("t.priority DESC, t.name", WhereClauseSql.TranslateOrderBy(WhereClauseParser.ParseOrderBy("TASK.PRIORITY DESC, TASK.NAME"), Columns));
        Assert.Equal("CWTKA0038E", Assert.Throws<QueryException>(() => WhereClauseSql.TranslateOrderBy(WhereClauseParser.ParseOrderBy("TASK.TKIID"), Columns)).ErrorNumber);
    }

    // Literals only ever reach the database as parameters; what an attacker types is a value, or a parse error.
    [Theory]
    [InlineData("TASK.NAME = 'x'' OR 1=1 --'", "x' OR 1=1 --")]
    [InlineData("TASK.NAME = '''; DROP TABLE task; --'", "'; DROP TABLE task; --")]
    [InlineData("TASK.NAME = '/* comment */ x'", "/* comment */ x")]
    [InlineData("TASK.NAME LIKE '%'' UNION SELECT password FROM users --'", "%' UNION SELECT password FROM users --")]
    [InlineData("TASK.NAME IN ('a'')--', 'b')", "a')--")]
    public void Translate_InjectionAttemptsInLiterals_StayParameters(string clause, string value)
    {
        var sql = Translate(clause);

        AssertOnlyMapAndParameters(sql.Sql);
        Assert.Equal(value, sql.Parameters[0].Value);
        Assert.DoesNotContain(value, sql.Sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TASK.NAME = 'a'; DROP TABLE task")]
    [InlineData("TASK.NAME = 'a' -- trailing comment")]
    [InlineData("TASK.NAME = 'a' /* comment */")]
    [InlineData("TASK.NAME = 'a' OR 1=1 --")]
    [InlineData("TASK.PRIORITY = 1) OR (1 = 1")]
    [InlineData("TASK.NAME = \"a\"")]
    [InlineData("TASK.NAME = 'a' UNION SELECT 1")]
    [InlineData("TASK.NAME; DROP TABLE task = 'a'")]
    public void Parse_InjectionAttemptsOutsideLiterals_AreRejected(string clause)
    {
        var error = Assert.Throws<QueryException>(() => Translate(clause));

        Assert.StartsWith("CWTKA003", error.ErrorNumber, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_AlwaysTrueLookingClause_HasNoLiteralsInSql()
    {
        var sql = Translate("1 = 1 OR TASK.NAME = 'x'");

        Assert.Equal("(@p0 = @p1 OR t.name = @p2)", sql.Sql);
        AssertOnlyMapAndParameters(sql.Sql);
    }

    private static SqlCondition Translate(string clause) => WhereClauseSql.Translate(WhereClauseParser.Parse(clause), Columns, Now);

    // Strip what is allowed; nothing may remain.
    private static void AssertOnlyMapAndParameters(string sql)
    {
        var rest = Columns.Values.Select(v => v.Replace("{n}", "1", StringComparison.Ordinal)).Aggregate(sql, (s, column) => s.Replace(column, " ", StringComparison.Ordinal));
        rest = Allowed().Replace(rest, " ");
        Assert.Equal("", rest.Trim());
    }

    [GeneratedRegex(@"@p\d+|\b(AND|OR|NOT|IN|LIKE|IS|NULL)\b|<>|<=|>=|[=<>(),]")]
    private static partial Regex Allowed();
}
