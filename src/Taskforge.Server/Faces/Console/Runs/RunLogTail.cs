using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;

namespace Taskforge.Server.Faces.Console.Runs;

/// <summary>
/// The end of a run's log as its page first shows it: the last <see cref="Shown"/> lines, how many came before them, and
/// the line number the page's script tails the log after.
/// </summary>
public sealed record RunLogTail(IReadOnlyList<RunLogLine> Lines, long Next, long Earlier, RunState State)
{
    public const int Shown = 500;

    // The engine reads a log forwards from a line on; the page wants its end. Reading forwards in the engine's largest
    // pages and keeping the last lines costs one query for any log under 10,000 lines, which is nearly every run's.
    private const int PageSize = 10_000;

    public static async Task<RunLogTail> ReadAsync(RunQueries queries, Caller caller, string runId, CancellationToken ct)
    {
        var kept = new Queue<RunLogLine>(Shown);
        long earlier = 0;
        RunLogPage page;
        var after = 0L;
        do
        {
            page = await queries.LogsAsync(caller, runId, after, PageSize, ct);
            foreach (var line in page.Lines)
            {
                if (kept.Count == Shown)
                {
                    kept.Dequeue();
                    earlier++;
                }

                kept.Enqueue(line);
            }

            after = page.Next;
        }
        while (page.Lines.Count == PageSize);

        return new RunLogTail([.. kept], after, earlier, page.State);
    }
}
