using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Inbox;

/// <summary>
/// A person's inbox: the stored task queries as tabs, narrowed and ordered as a person asks in words rather than in IBM's
/// where-clause grammar. It adds no rule of visibility: every list is a query of <see cref="TaskQueryService"/>, which
/// shows a caller only the tasks they hold a work item for (and every task only to administrators and monitors).
/// </summary>
public sealed class InboxService(TaskQueryService tasks, TaskTemplateService templates)
{
    /// <summary>Counts stop here: "1,000+" tells a person all they need and costs at most a thousand index entries.</summary>
    public const long CountCap = 1000;

    private static readonly Dictionary<InboxSort, string> Orders = new()
    {
        [InboxSort.Urgency] = "TASK.PRIORITY ASC, TASK.DUE ASC",
        [InboxSort.Due] = "TASK.DUE ASC, TASK.PRIORITY ASC",
        [InboxSort.Waiting] = "TASK.FIRST_ACTIVATED ASC",
        [InboxSort.Recent] = "TASK.LAST_MODIFIED DESC",
    };

    /// <summary>The tabs this person has: everyone the first three, administrators and monitors also every task.</summary>
    public static IReadOnlyList<InboxTab> TabsOf(Caller caller) =>
        caller.CanReadEverything ? [InboxTab.Available, InboxTab.Mine, InboxTab.Started, InboxTab.All] : [InboxTab.Available, InboxTab.Mine, InboxTab.Started];

    public async Task<InboxPage> ListAsync(Caller caller, InboxRequest request, CancellationToken ct)
    {
        var page = Math.Max(1, request.Page);
        // One more than a page says whether another page follows, without counting them all.
        var options = await OptionsAsync(request, ct) with { Offset = (page - 1) * InboxRequest.PageSize, Size = InboxRequest.PageSize + 1, OrderBy = Orders[request.Sort] };
        var found = await tasks.QueryStoredAsync(caller, QueryOf(request.Tab).Name, options, ct);
        return new InboxPage([.. found.Tasks.Take(InboxRequest.PageSize)], page, found.Tasks.Count > InboxRequest.PageSize);
    }

    /// <summary>How many tasks each of the person's tabs holds, up to <see cref="CountCap"/>, with no filter applied.</summary>
    public async Task<IReadOnlyDictionary<InboxTab, long>> CountAsync(Caller caller, CancellationToken ct)
    {
        var counts = new Dictionary<InboxTab, long>();
        foreach (var tab in TabsOf(caller))
        {
            counts[tab] = await tasks.CountStoredAsync(caller, QueryOf(tab).Name, new TaskQueryOptions(CountAtMost: CountCap), ct);
        }

        return counts;
    }

    /// <summary>The template names a person can narrow a list to: those of the newest template versions.</summary>
    public async Task<IReadOnlyList<TemplateView>> TemplatesAsync(Caller caller, CancellationToken ct) =>
        [.. (await templates.ListAsync(caller, newestOnly: true, ct)).OrderBy(t => t.Template.Name, StringComparer.OrdinalIgnoreCase)];

    private static StoredTaskQuery QueryOf(InboxTab tab) => tab switch
    {
        InboxTab.Available => StoredTaskQueries.Claimable,
        InboxTab.Mine => StoredTaskQueries.Owned,
        InboxTab.Started => StoredTaskQueries.Initiated,
        _ => StoredTaskQueries.All,
    };

    private async Task<TaskQueryOptions> OptionsAsync(InboxRequest request, CancellationToken ct)
    {
        var conditions = new List<string>();
        if (!string.IsNullOrWhiteSpace(request.Template))
        {
            conditions.Add("TASK.NAME = " + Literal(request.Template.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(request.State) && InboxStates.ConditionOf(request.State) is { } state)
        {
            conditions.Add(state);
        }

        TaskTextSearch? text = null;
        if (!string.IsNullOrWhiteSpace(request.Text))
        {
            var phrase = request.Text.Trim();
            var matching = (await templates.ListAsync(Caller.System, newestOnly: false, ct))
                .Where(t => Mentions(t.Template.DisplayName, phrase) || Mentions(t.Template.Description, phrase))
                .Select(t => t.Template.Id).ToList();
            text = new TaskTextSearch(phrase, matching);
        }

        return new TaskQueryOptions(Where: conditions.Count == 0 ? null : string.Join(" AND ", conditions), Text: text);
    }

    private static bool Mentions(LocalizedText? text, string phrase) =>
        text is not null && text.ByLocale.Values.Any(v => v.Contains(phrase, StringComparison.OrdinalIgnoreCase));

    // A string literal of the where-clause grammar: a quote inside is doubled.
    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
