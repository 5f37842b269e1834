using Taskforge.Engine;
using Taskforge.Server.Faces.Console;

namespace Taskforge.Tests.Console;

public sealed class ConsoleFormatTests
{
    [Fact]
    public void ShortIds_OfRunsMadeInTheSameMillisecond_Differ()
    {
        var now = DateTimeOffset.Parse("2026-12-07T21:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var ids = Enumerable.Range(0, 50).Select(_ => TimeOrderedIds.New(now)).ToList();

        Assert.Equal(ids.Count, ids.Select(ConsoleFormat.ShortId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Equal(8, ConsoleFormat.ShortId(id).Length));
    }
}
