namespace Taskforge.Engine;

/// <summary>
/// New row ids that start with their creation time (UUID version 7, 32 hex digits as before): each insert lands at the
/// right edge of the primary key and of every index that ends in the id, instead of on a random page. Random ids made a
/// task's create dirty one leaf page per index it touches (tasks, work items, history), and every dirty page is a page
/// of WAL on both databases; issue 15 measured the difference in docs/benchmarks.md. The remaining 74 bits are random,
/// so ids stay unguessable and unique across nodes.
/// </summary>
public static class TimeOrderedIds
{
    public static string New(DateTimeOffset now) => Guid.CreateVersion7(now).ToString("N");
}
