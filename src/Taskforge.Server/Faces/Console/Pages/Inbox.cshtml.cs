using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.HumanTasks.Inbox;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages;

/// <summary>
/// The inbox: tabs with counts, a list narrowed and ordered by a plain GET form (so every view has an address to bookmark
/// and share), and paging. The console's script keeps it live: when a task becomes available or is taken, the server's
/// event stream says so and the list is fetched again.
/// </summary>
public sealed class InboxModel(InboxService inbox) : PageModel
{
    [TempData]
    public string? Notice { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Tab { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Template { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public InboxTab Current { get; private set; }

    public IReadOnlyList<InboxTab> Tabs { get; private set; } = [];

    public IReadOnlyDictionary<InboxTab, long> Counts { get; private set; } = new Dictionary<InboxTab, long>();

    public InboxPage Results { get; private set; } = new([], 1, false);

    public IReadOnlyList<TemplateView> Templates { get; private set; } = [];

    public InboxSort SortOrder { get; private set; }

    public bool Filtered => !string.IsNullOrWhiteSpace(Text) || !string.IsNullOrWhiteSpace(Template) || !string.IsNullOrWhiteSpace(State);

    public string? Locale { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        Tabs = InboxService.TabsOf(caller);
        Current = Enum.TryParse<InboxTab>(Tab, ignoreCase: true, out var tab) && Tabs.Contains(tab) ? tab : InboxTab.Available;
        SortOrder = Enum.TryParse<InboxSort>(Sort, ignoreCase: true, out var sort) ? sort : InboxSort.Urgency;
        Locale = RequestLocale.Of(HttpContext);
        var request = new InboxRequest(Current, Text, Template, Current is InboxTab.Started or InboxTab.All ? State : null, SortOrder, Math.Max(1, PageNumber));
        Results = await inbox.ListAsync(caller, request, ct);
        Counts = await inbox.CountAsync(caller, ct);
        Templates = await inbox.TemplatesAsync(caller, ct);
        return Page();
    }

    public string NameOf(TaskView view) =>
        view.Task.DisplayName ?? view.Template.Template.DisplayName?.Get(Locale) ?? view.Task.Name;

    public static string TabLabel(InboxTab tab) => tab switch
    {
        InboxTab.Available => "Available",
        InboxTab.Mine => "Mine",
        InboxTab.Started => "Started by me",
        _ => "All",
    };

    public static string CountText(long count) => count >= InboxService.CountCap ? $"{InboxService.CountCap:N0}+" : count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>This list's address with some of its parameters changed (tabs and pages keep the filters).</summary>
    public string Link(InboxTab? tab = null, int? page = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["tab"] = (tab ?? Current).ToString().ToLowerInvariant(),
            ["q"] = Text,
            ["template"] = Template,
            ["state"] = (tab ?? Current) is InboxTab.Started or InboxTab.All ? State : null,
            ["sort"] = SortOrder == InboxSort.Urgency ? null : SortOrder.ToString().ToLowerInvariant(),
            ["page"] = page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/inbox", query.Where(p => !string.IsNullOrWhiteSpace(p.Value)));
    }
}
