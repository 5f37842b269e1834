using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.Workflows;

/// <summary>
/// The workflows this person may view (the engine filters by their rights), narrowed by a plain GET form: text in the
/// name, id or description, and a category. Ordered by name.
/// </summary>
public sealed class IndexModel(WorkflowService workflows) : PageModel
{
    public string? Text { get; private set; }

    public string? Category { get; private set; }

    public IReadOnlyList<WorkflowCategory> Categories { get; private set; } = [];

    public IReadOnlyList<WorkflowView> Results { get; private set; } = [];

    /// <summary>Whether there is any workflow to see at all (so an empty list can say why it is empty).</summary>
    public bool AnyVisible { get; private set; }

    public bool Filtered => Text is not null || Category is not null;

    public async Task OnGetAsync(string? q, string? category, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        Text = string.IsNullOrWhiteSpace(q) ? null : q.Trim()[..Math.Min(q.Trim().Length, 200)];
        Category = string.IsNullOrWhiteSpace(category) ? null : category;
        var all = await workflows.ListAsync(caller, ct);
        Categories = await workflows.CategoriesAsync(caller, ct);
        AnyVisible = all.Count > 0;
        Results =
        [
            .. all.Where(v => Category is null || WorkflowCategory.NameOf(v.Definition) == Category)
                .Where(v => Text is null || Matches(v.Definition, Text))
                .OrderBy(v => v.Definition.Name, StringComparer.CurrentCultureIgnoreCase)
                .ThenBy(v => v.Definition.Id, StringComparer.Ordinal),
        ];
    }

    private static bool Matches(WorkflowDefinition definition, string text) =>
        definition.Name.Contains(text, StringComparison.CurrentCultureIgnoreCase)
        || definition.Id.Contains(text, StringComparison.OrdinalIgnoreCase)
        || definition.Description?.Contains(text, StringComparison.CurrentCultureIgnoreCase) == true;
}
