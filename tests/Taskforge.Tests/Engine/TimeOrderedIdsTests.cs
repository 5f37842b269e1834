using Taskforge.Engine;
using Taskforge.Engine.HumanTasks;

namespace Taskforge.Tests.Engine;

public sealed class TimeOrderedIdsTests
{
    [Fact]
    public void New_SortsByCreationTime_AsOrdinalText()
    {
        var start = new DateTimeOffset(2026, 12, 7, 19, 0, 0, TimeSpan.Zero);

        var ids = Enumerable.Range(0, 100).Select(i => TimeOrderedIds.New(start.AddMilliseconds(i * 7))).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(100, ids.Distinct().Count());
    }

    [Fact]
    public void NewTaskId_IsATaskId_ThatStartsWithItsTime()
    {
        var earlier = HumanTaskIds.NewTaskId(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var later = HumanTaskIds.NewTaskId(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero));

        Assert.True(HumanTaskIds.IsTaskId(earlier));
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }
}
