using System.Globalization;
using Taskforge.Engine.HumanTasks.Inbox;
using Taskforge.Engine.Identity;

namespace Taskforge.Server.Faces.Console;

/// <summary>
/// An inbox list's address (<c>/inbox?tab=&amp;q=&amp;template=&amp;state=&amp;sort=&amp;page=</c>) as the engine's request; the page
/// and its live event stream read it the same way, so the stream watches exactly the list on the screen.
/// </summary>
public static class InboxQuery
{
    public static InboxRequest From(IQueryCollection query, Caller caller)
    {
        var tabs = InboxService.TabsOf(caller);
        var tab = Enum.TryParse<InboxTab>(query["tab"], ignoreCase: true, out var t) && tabs.Contains(t) ? t : InboxTab.Available;
        var sort = Enum.TryParse<InboxSort>(query["sort"], ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : InboxSort.Urgency;
        var page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 100_000 ? p : 1;
        return new InboxRequest(tab, Text(query["q"]), Text(query["template"]), StateOf(tab, Text(query["state"])), sort, page);
    }

    /// <summary>The state an administrator's "All" list starts with: every task of a large server in every state, ordered by
    /// urgency, would be a sort of all of them; the READY ones are one index range (1,000,000 tasks: see docs/benchmarks.md).</summary>
    public const string AllTabDefaultState = "ready";

    private const string AnyState = "any";

    /// <summary>The state narrowing a tab has: on "All", READY unless another state or "any" is asked for; on "Started by me", none unless asked.</summary>
    private static string? StateOf(InboxTab tab, string? asked) => tab switch
    {
        InboxTab.All => asked is null ? AllTabDefaultState : asked == AnyState ? null : asked,
        InboxTab.Started => asked is null or AnyState ? null : asked,
        _ => null,
    };

    /// <summary>The list's address for a request, with the defaults left out.</summary>
    public static string Link(InboxRequest request)
    {
        var query = new Dictionary<string, string?>
        {
            ["tab"] = request.Tab.ToString().ToLowerInvariant(),
            ["q"] = request.Text,
            ["template"] = request.Template,
            ["state"] = request.Tab == InboxTab.All ? (request.State is null ? AnyState : request.State == AllTabDefaultState ? null : request.State) : request.State,
            ["sort"] = request.Sort == InboxSort.Urgency ? null : request.Sort.ToString().ToLowerInvariant(),
            ["page"] = request.Page > 1 ? request.Page.ToString(CultureInfo.InvariantCulture) : null,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/inbox", query.Where(p => !string.IsNullOrWhiteSpace(p.Value)));
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim()[..Math.Min(value.Trim().Length, 200)];
}
