using System.Data.Common;
using Dapper;
using Taskforge.Storage;

namespace Taskforge.Tests.Storage;

/// <summary>Group commit on a real database: writes share transactions, each learns its own outcome, a bad one fails alone.</summary>
public abstract class GroupCommitCompliance : StoreTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentWrites_AllCommit_AndEachGetsItsOwnResult()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            Database.GroupCommit.WriteAsync(async (scope, ct) => await InsertAsync(scope, $"w{i}", ct) + i, Ct), Ct)));

        Assert.Equal(Enumerable.Range(1, 64), results.Order());
        Assert.Equal(64, await CountAsync());
    }

    [Fact]
    public async Task AWriteThatThrows_FailsAlone_AndTheOthersOfItsBatchCommit()
    {
        // The bad write inserts a duplicate key after its own row: its batch rolls back and every write is retried alone.
        var writes = Enumerable.Range(0, 24).Select(i => Task.Run(() => Database.GroupCommit.WriteAsync(async (scope, ct) =>
        {
            await InsertAsync(scope, $"w{i}", ct);
            if (i == 7)
            {
                await InsertAsync(scope, "w7", ct);
            }

            return i;
        }, Ct), Ct)).ToList();

        await Assert.ThrowsAnyAsync<DbException>(() => writes[7]);
        foreach (var (write, i) in writes.Select((w, i) => (w, i)).Where(x => x.i != 7))
        {
            Assert.Equal(i, await write);
        }

        Assert.Equal(23, await CountAsync());
        Assert.Equal(0, await CountAsync("w7"));
    }

    [Fact]
    public async Task ALeadersCommit_AlsoCarriesWhatQueuedMeanwhile_AndNothingIsLeftBehind()
    {
        // The first write holds its transaction open until the others have queued; they then commit after it, and
        // every one of them finishes although only the first caller led.
        var queued = new TaskCompletionSource();
        var leading = new TaskCompletionSource();
        var first = Task.Run(() => Database.GroupCommit.WriteAsync(async (scope, ct) =>
        {
            leading.TrySetResult();
            await queued.Task.WaitAsync(ct);
            return await InsertAsync(scope, "first", ct);
        }, Ct), Ct);
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var later = Enumerable.Range(0, 40).Select(i => Database.GroupCommit.WriteAsync((scope, ct) => InsertAsync(scope, $"l{i}", ct), Ct)).ToList();
        queued.SetResult();

        await first;
        await Task.WhenAll(later);
        Assert.Equal(41, await CountAsync());
    }

    private static async Task<int> InsertAsync(WriteScope scope, string id, CancellationToken ct) =>
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO task_properties (task_id, name, value) VALUES (@Id, 'group-commit', 'x')", new { Id = id }, scope.Transaction, cancellationToken: ct));

    private async Task<long> CountAsync(string? id = null)
    {
        await using var connection = await Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM task_properties WHERE name = 'group-commit' AND (@Id IS NULL OR task_id = @Id)", new { Id = id }, cancellationToken: Ct));
    }
}
