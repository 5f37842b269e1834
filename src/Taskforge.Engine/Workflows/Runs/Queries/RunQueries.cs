using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>
/// Runs as the console reads them. A caller sees the runs of the workflows they may view, as vRO's executions list
/// decides (<see cref="WorkflowRights"/>); administrators and monitors see every run, those of deleted workflows too.
/// </summary>
public sealed partial class RunQueries(IRunQueryStore store, IRunStore runs, WorkflowService workflows, WorkflowDefinitions definitions)
{
    public const int MaxLimit = 200;

    /// <summary>A page of the runs the filter selects, newest first; a workflow the caller may not view is not found.</summary>
    public async Task<RunPage> ListAsync(Caller caller, RunFilter filter, CancellationToken ct)
    {
        if (filter.From is { } from && filter.To is { } to && to <= from)
        {
            throw new ValidationException("to", "must be after from.");
        }

        IReadOnlyList<string>? visible = null;
        if (!caller.CanReadEverything)
        {
            if (filter.WorkflowId is { } workflowId)
            {
                await workflows.GetAsync(caller, workflowId, null, ct);
            }
            else
            {
                visible = [.. (await workflows.ListAsync(caller, ct)).Select(v => v.Definition.Id)];
                if (visible.Count == 0)
                {
                    return new RunPage([], null);
                }
            }
        }

        // One more than asked tells whether a next page exists without a count.
        var limit = Math.Clamp(filter.Limit, 1, MaxLimit);
        var rows = await store.ListAsync(new RunListQuery(filter with { Limit = limit + 1 }, visible), ct);
        var page = rows.Take(limit).ToList();
        return new RunPage(await NamedAsync(page, ct), rows.Count > limit ? new RunCursor(page[^1].CreatedAt, page[^1].Id) : null);
    }

    /// <summary>Runs with the names of their workflow revisions, each revision read once (and from memory once read).</summary>
    private async Task<IReadOnlyList<RunListItem>> NamedAsync(IReadOnlyList<RunSummary> list, CancellationToken ct)
    {
        var names = new Dictionary<(string, int), string?>();
        foreach (var key in list.Select(r => (r.WorkflowId, r.WorkflowRevision)).Distinct())
        {
            names[key] = (await definitions.RevisionAsync(key.WorkflowId, key.WorkflowRevision, ct))?.Name;
        }

        return [.. list.Select(r => new RunListItem(r, names[(r.WorkflowId, r.WorkflowRevision)]))];
    }
}
