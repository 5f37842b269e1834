using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Storage.Workflows;

namespace Taskforge.Tests.Storage;

public abstract class WorkflowStoreCompliance : StoreTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Save_MakesNumberedRevisions_AndOldOnesStayReadable()
    {
        var store = new SqlWorkflowStore(Database);

        var first = await store.SaveAsync("wf", "One", null, "1.0.0", "{\"v\":1}", "admin", Time.GetUtcNow(), Ct);
        var second = await store.SaveAsync("wf", "Two", "Cat", "1.1.0", "{\"v\":2}", "admin", Time.GetUtcNow(), Ct);

        Assert.Equal((1, 2), (first, second));
        Assert.Equal("{\"v\":2}", (await store.FindAsync("wf", null, Ct))!.Document);
        Assert.Equal("{\"v\":1}", (await store.FindAsync("wf", 1, Ct))!.Document);
        Assert.Null(await store.FindAsync("wf", 3, Ct));
    }

    [Fact]
    public async Task CurrentRevision_FollowsSaves_AndIsNullOnceDeleted()
    {
        var store = new SqlWorkflowStore(Database);
        var none = await store.CurrentRevisionAsync("cr", Ct);
        await store.SaveAsync("cr", "One", null, "1.0.0", "{}", "admin", Time.GetUtcNow(), Ct);
        await store.SaveAsync("cr", "Two", null, "1.0.1", "{}", "admin", Time.GetUtcNow(), Ct);
        var current = await store.CurrentRevisionAsync("cr", Ct);
        await store.DeleteAsync("cr", Time.GetUtcNow(), Ct);

        Assert.Null(none);
        Assert.Equal(2, current);
        Assert.Null(await store.CurrentRevisionAsync("cr", Ct));
    }

    [Fact]
    public async Task ConcurrentSaves_GetConsecutiveRevisions()
    {
        var store = new SqlWorkflowStore(Database);

        var revisions = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.SaveAsync("busy", "Busy", null, "1", $"{{\"n\":{i}}}", "admin", Time.GetUtcNow(), Ct), Ct)));

        Assert.Equal(Enumerable.Range(1, 8), revisions.Order());
    }

    [Fact]
    public async Task Delete_HidesTheWorkflow_AndSavingAgainRevivesIt()
    {
        var store = new SqlWorkflowStore(Database);
        await store.SaveAsync("gone", "Gone", null, "1", "{}", "admin", Time.GetUtcNow(), Ct);

        Assert.True(await store.DeleteAsync("gone", Time.GetUtcNow(), Ct));
        Assert.False(await store.DeleteAsync("gone", Time.GetUtcNow(), Ct));
        Assert.Null(await store.FindAsync("gone", null, Ct));
        Assert.DoesNotContain(await store.ListCurrentAsync(Ct), r => r.WorkflowId == "gone");

        Assert.Equal(2, await store.SaveAsync("gone", "Back", null, "2", "{}", "admin", Time.GetUtcNow(), Ct));
        Assert.Contains(await store.ListCurrentAsync(Ct), r => r.WorkflowId == "gone" && r.Revision == 2);
    }

    [Fact]
    public async Task ListRevisions_GivesEverySave_NewestFirst_WithWhoAndWhen()
    {
        var store = new SqlWorkflowStore(Database);
        var first = Time.GetUtcNow();
        await store.SaveAsync("revs", "One", null, "1", "{\"v\":1}", "olga", first, Ct);
        await store.SaveAsync("revs", "Two", null, "2", "{\"v\":2}", "mia", first.AddMinutes(5), Ct);
        await store.SaveAsync("other", "Other", null, "1", "{}", "admin", first, Ct);

        var revisions = await store.ListRevisionsAsync("revs", Ct);

        Assert.Equal([new WorkflowRevisionSummary(2, first.AddMinutes(5), "mia"), new WorkflowRevisionSummary(1, first, "olga")], revisions);
        Assert.Empty(await store.ListRevisionsAsync("nobody", Ct));
    }

    [Fact]
    public async Task ListRevisions_IsEmptyOnceDeleted_AndCountsOnAfterRevival()
    {
        var store = new SqlWorkflowStore(Database);
        await store.SaveAsync("phoenix", "One", null, "1", "{}", "admin", Time.GetUtcNow(), Ct);
        await store.DeleteAsync("phoenix", Time.GetUtcNow(), Ct);

        var whileDeleted = await store.ListRevisionsAsync("phoenix", Ct);
        await store.SaveAsync("phoenix", "Back", null, "2", "{}", "admin", Time.GetUtcNow(), Ct);

        Assert.Empty(whileDeleted);
        Assert.Equal([2, 1], (await store.ListRevisionsAsync("phoenix", Ct)).Select(r => r.Revision));
    }
}
