using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Faces.Console.Workflows;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.Workflows;

/// <summary>
/// Two revisions of a workflow compared: their definition documents pretty-printed and diffed line by line, the changes
/// with a few lines of context. Without <c>from</c> and <c>to</c> it compares the current revision with the one before.
/// </summary>
public sealed class CompareModel(WorkflowService workflows) : PageModel
{
    public WorkflowView Current { get; private set; } = null!;

    public IReadOnlyList<WorkflowRevisionSummary> Revisions { get; private set; } = [];

    public WorkflowView Older { get; private set; } = null!;

    public WorkflowView Newer { get; private set; } = null!;

    public IReadOnlyList<DiffLine> Lines { get; private set; } = [];

    public IReadOnlyList<DiffHunk> Hunks { get; private set; } = [];

    public int Added => Lines.Count(l => l.Kind == DiffLineKind.Added);

    public int Removed => Lines.Count(l => l.Kind == DiffLineKind.Removed);

    public async Task OnGetAsync(string id, int? from, int? to, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        Current = await workflows.GetAsync(caller, id, null, ct);
        Revisions = await workflows.RevisionsAsync(caller, id, ct);
        var newer = to ?? Current.Revision;
        var older = from ?? Math.Max(1, newer - 1);
        // Each read checks the caller's rights and answers not found for a revision that does not exist.
        Older = await workflows.GetAsync(caller, id, older, ct);
        Newer = await workflows.GetAsync(caller, id, newer, ct);
        Lines = RevisionDiff.Lines(Older.Definition.Document, Newer.Definition.Document);
        Hunks = RevisionDiff.Hunks(Lines);
    }
}
