using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.HumanTasks.Inbox;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages;

/// <summary>
/// The inbox: tabs with counts, a list narrowed and ordered by a plain GET form (so every view has an address to bookmark
/// and share), and paging. The console's script keeps it live: when what the list shows changes, the server's event
/// stream says so and the page fetches itself again.
/// </summary>
public sealed class InboxModel(InboxService inbox) : PageModel
{
    [TempData]
    public string? Notice { get; set; }

    public InboxRequest List { get; private set; } = new(InboxTab.Available);

    public IReadOnlyList<InboxTab> Tabs { get; private set; } = [];

    public IReadOnlyDictionary<InboxTab, long> Counts { get; private set; } = new Dictionary<InboxTab, long>();

    public InboxPage Results { get; private set; } = new([], 1, false);

    public IReadOnlyList<TemplateView> Templates { get; private set; } = [];

    public bool Filtered => List.Text is not null || List.Template is not null || (List.State is not null && !(List.Tab == InboxTab.All && List.State == InboxQuery.AllTabDefaultState));

    public string? Locale { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        Tabs = InboxService.TabsOf(caller);
        List = InboxQuery.From(Request.Query, caller);
        Locale = RequestLocale.Of(HttpContext);
        Results = await inbox.ListAsync(caller, List, ct);
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

    public static string CountText(long count) =>
        count >= InboxService.CountCap ? $"{InboxService.CountCap:N0}+" : count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>This list's address with another tab (page 1, state kept only where a tab has it) or another page.</summary>
    public string Link(InboxTab? tab = null, int? page = null) => InboxQuery.Link(List with
    {
        Tab = tab ?? List.Tab,
        State = tab is null || tab == List.Tab ? List.State : tab == InboxTab.All ? InboxQuery.AllTabDefaultState : null,
        Page = page ?? (tab is null ? List.Page : 1),
    });

    /// <summary>The event stream that watches this very list.</summary>
    public string EventsLink => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(
        "/inbox/events" + new Uri("http://x" + InboxQuery.Link(List)).Query, "seen", LiveEvents.Of(Results, Counts));
}
