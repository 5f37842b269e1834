using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Storage;
using Taskforge.Storage.Migrations;
using Taskforge.Storage.Workflows;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Engine;

/// <summary>Workflow revisions and the rights that guard them, on a real SQLite store.</summary>
public sealed class WorkflowServiceTests : IAsyncLifetime
{
    private static readonly Caller Olga = new("u-olga", "olga", SystemRoles.None, []);
    private static readonly Caller Mia = new("u-mia", "mia", SystemRoles.None, ["managers"]);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly SqliteFile _file = new();
    private SqlDatabase _database = null!;
    private WorkflowService _workflows = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = StorageServiceCollectionExtensions.Open(_file.Options);
        await new MigrationRunner(_database, NullLogger<MigrationRunner>.Instance).MigrateAsync(_time.GetUtcNow(), Ct);
        var store = new SqlWorkflowStore(_database);
        _workflows = new WorkflowService(store, new WorkflowDefinitions(store), _time);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task Revisions_ListEverySave_NewestFirst_ForThoseWhoMayView()
    {
        await SaveAsync("audit", """{"olga": "r"}""");
        _time.Advance(TimeSpan.FromMinutes(3));
        await SaveAsync("audit", """{"olga": "r"}""");

        var revisions = await _workflows.RevisionsAsync(Olga, "audit", Ct);

        Assert.Equal([2, 1], revisions.Select(r => r.Revision));
        Assert.Equal(_time.GetUtcNow(), revisions[0].CreatedAt);
        Assert.Equal("system", revisions[0].CreatedBy);
        await Assert.ThrowsAsync<NotFoundException>(() => _workflows.RevisionsAsync(Mia, "audit", Ct));
    }

    [Fact]
    public async Task AnOldRevision_IsReadWithTheCurrentRights()
    {
        await SaveAsync("moved", """{"olga": "rx"}""");
        await SaveAsync("moved", """{"managers": "r"}""");

        var forMia = await _workflows.GetAsync(Mia, "moved", 1, Ct);

        Assert.Equal(1, forMia.Revision);
        Assert.True(forMia.Rights.CanView);
        Assert.False(forMia.Rights.CanExecute);
        await Assert.ThrowsAsync<NotFoundException>(() => _workflows.GetAsync(Olga, "moved", 1, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => _workflows.GetAsync(Mia, "moved", 3, Ct));
    }

    private async Task SaveAsync(string id, string permissions) => await _workflows.SaveAsync(Caller.System, id, (JsonObject)JsonNode.Parse($$"""
        {"name": "Audit", "permissions": {{permissions}}, "steps": [{"type": "end"}]}
        """)!, Ct);
}
