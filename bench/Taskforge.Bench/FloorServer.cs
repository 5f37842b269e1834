using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Taskforge.Storage;
using Taskforge.Storage.Migrations;

namespace Taskforge.Bench;

/// <summary>
/// The floor the task benchmark compares Taskforge with, as the issue defines it: a minimal endpoint doing the same
/// inserts and updates as a create → claim → complete flow, with no rules. It migrates Taskforge's own schema (same
/// tables, same indexes) and writes the rows Taskforge writes for the benchmark's template: the task row, its six work
/// items (potential owner, originator, starter, administrator, reader, everybody) and two history events on create; the
/// claimed state on the task and its work items, the owner's work item and an event on claim; the finished state with
/// the output and an event on complete. No authentication, no template, no reading before writing (a fenced update
/// instead), no message checking, no JSON beyond the id. Each request is one transaction; on PostgreSQL its statements
/// go as one batch (one round trip), on SQLite as separate commands through one writer gate, in WAL mode with
/// <c>synchronous=NORMAL</c>, as Taskforge's are. It runs as a child process (this program with <c>--urls</c>).
/// </summary>
/// <remarks>
/// The floor of the first measurements (kept in docs/benchmarks.md) wrote one task row of seven columns and one work
/// item: a quarter of the rows and a fraction of the index entries, so its ratio measured the schema as much as the
/// server.
/// </remarks>
internal static class FloorServer
{
    public const string ProviderVariable = "FLOOR_PROVIDER";
    public const string ConnectionVariable = "FLOOR_CONNECTION";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Text, List<string> Names)> PositionalForms = new(StringComparer.Ordinal);

    // Columns and values as Taskforge stores a started to-do task of the benchmark's template (kind 105, state 2 READY).
    private const string InsertTask = """
        INSERT INTO tasks (id, template_id, name, namespace, kind, state, suspended, escalated, waiting_for_subtask, is_read,
            business_relevant, priority, originator, starter, position, top_id, support_autoclaim, support_claim_susp,
            support_delegation, support_follow_on, support_sub_task, auto_deletion, input, created_at, activated_at,
            first_activated_at, last_modified_at, last_state_change_at, resume_cancels_claim, version)
        VALUES (@id, 'floor', 'BenchApproval', 'http://taskforge.example/bench', 105, 2, 0, 0, 0, 0,
            1, 3, 'admin', 'admin', 0, @id, 0, 0,
            1, 0, 0, 0, @input, @now, @now,
            @now, @now, @now, 0, 1)
        """;

    private const string InsertWorkItems = """
        INSERT INTO work_items (task_id, reason, kind, principal, created_at, state, priority) VALUES
            (@id, 1, 3, 'bench', @now, 2, 3), (@id, 5, 2, 'admin', @now, 2, 3), (@id, 6, 2, 'admin', @now, 2, 3),
            (@id, 7, 2, 'admin', @now, 2, 3), (@id, 9, 2, 'admin', @now, 2, 3), (@id, 11, 1, '', @now, 2, 3)
        """;

    private const string InsertCreatedEvents = """
        INSERT INTO task_history (task_id, seq, event, at, principal, to_id, reason) VALUES
            (@id, 64, 'TASK_CREATED', @now, 'admin', NULL, NULL), (@id, 65, 'TASK_STARTED', @now, 'admin', 'admin', 6)
        """;

    public static async Task<int> RunAsync(string url, CancellationToken ct)
    {
        var provider = Environment.GetEnvironmentVariable(ProviderVariable) ?? throw new InvalidOperationException($"{ProviderVariable} is not set.");
        var connection = Environment.GetEnvironmentVariable(ConnectionVariable) ?? throw new InvalidOperationException($"{ConnectionVariable} is not set.");
        var sqlite = provider == StorageOptions.Sqlite;
        await using (var schema = StorageServiceCollectionExtensions.Open(new StorageOptions { Provider = provider, ConnectionString = connection }))
        {
            await new MigrationRunner(schema, NullLogger<MigrationRunner>.Instance).MigrateAsync(DateTimeOffset.UtcNow, ct);
        }

        // The driver settings Taskforge takes when the operator gives none: statements prepared once per connection, no
        // session reset when a pooled connection is reused.
        await using var postgres = sqlite ? null
            : NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connection) { MaxAutoPrepare = 64, NoResetOnClose = true }.ConnectionString);
        using var gate = new SemaphoreSlim(1);

        // One transaction; false when the fenced first statement hit no row (the task was not in the expected state).
        async Task<bool> WriteAsync(params (string Sql, (string Name, object? Value)[] Parameters)[] statements)
        {
            if (sqlite)
            {
                await gate.WaitAsync(ct);
            }

            try
            {
                await using DbConnection c = sqlite ? new SqliteConnection(connection) : postgres!.CreateConnection();
                await c.OpenAsync(ct);
                if (sqlite)
                {
                    await ExecuteAsync(c, null, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;");
                }

                await using var tx = await c.BeginTransactionAsync(ct);
                var applied = sqlite ? await RunEachAsync(c, tx, statements) : await RunBatchAsync((NpgsqlConnection)c, (NpgsqlTransaction)tx, statements, ct);
                if (!applied)
                {
                    await tx.RollbackAsync(ct);
                    return false;
                }

                await tx.CommitAsync(ct);
                return true;
            }
            finally
            {
                if (sqlite)
                {
                    gate.Release();
                }
            }
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/health/ready", () => "ok");
        app.MapPost("/task", async (HttpContext context) =>
        {
            var input = await new StreamReader(context.Request.Body).ReadToEndAsync(ct);
            var id = "_TKI:" + Guid.CreateVersion7().ToString("N"); // time-ordered, as Taskforge makes them (TimeOrderedIds)
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            (string, object?)[] p = [("id", id), ("now", now), ("input", input)];
            await WriteAsync((InsertTask, p), (InsertWorkItems, p), (InsertCreatedEvents, p));
            return Results.Json(new { tkiid = id }, statusCode: 201);
        });
        app.MapPut("/task/{id}", async (HttpContext context, string id) =>
        {
            var claim = context.Request.Query["action"] == "claim";
            var output = claim ? null : await new StreamReader(context.Request.Body).ReadToEndAsync(ct);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            (string, object?)[] p = [("id", id), ("now", now), ("output", output)];
            var changed = claim
                ? await WriteAsync(
                    ("UPDATE tasks SET state = 8, owner = 'admin', version = version + 1, last_modified_at = @now, last_state_change_at = @now WHERE id = @id AND state = 2 RETURNING id", p),
                    ("UPDATE work_items SET state = 8 WHERE task_id = @id", p),
                    ("INSERT INTO work_items (task_id, reason, kind, principal, created_at, state, priority) VALUES (@id, 4, 2, 'admin', @now, 8, 3)", p),
                    ("INSERT INTO task_history (task_id, seq, event, at, principal, to_id, reason) VALUES (@id, 128, 'TASK_CLAIMED', @now, 'admin', 'admin', 4)", p))
                : await WriteAsync(
                    ("UPDATE tasks SET state = 5, output = @output, completed_at = @now, version = version + 1, last_modified_at = @now, last_state_change_at = @now WHERE id = @id AND state = 8 RETURNING id", p),
                    ("UPDATE work_items SET state = 5 WHERE task_id = @id", p),
                    ("INSERT INTO task_history (task_id, seq, event, at, principal) VALUES (@id, 192, 'TASK_COMPLETED', @now, 'admin')", p));
            return changed ? Results.Text("<request/>", "application/xml") : Results.Conflict();
        });
        await app.StartAsync(ct);
        await app.WaitForShutdownAsync(ct);
        return 0;
    }

    private static async Task<bool> RunEachAsync(DbConnection connection, DbTransaction tx, (string Sql, (string Name, object? Value)[] Parameters)[] statements)
    {
        for (var i = 0; i < statements.Length; i++)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = statements[i].Sql;
            Bind(command, statements[i].Sql, statements[i].Parameters);
            await using var reader = await command.ExecuteReaderAsync();
            // The first statement of an update is fenced (RETURNING): no row, no change.
            if (i == 0 && reader.FieldCount > 0 && !await reader.ReadAsync())
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<bool> RunBatchAsync(NpgsqlConnection connection, NpgsqlTransaction tx, (string Sql, (string Name, object? Value)[] Parameters)[] statements, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, tx);
        foreach (var (sql, parameters) in statements)
        {
            var (text, names) = PositionalForms.GetOrAdd(sql, Positional);
            var command = new NpgsqlBatchCommand(text);
            foreach (var name in names)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = parameters.First(p => p.Name == name).Value ?? DBNull.Value });
            }

            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        // The first statement of an update is fenced (RETURNING): no row, no change (the rest ran; the caller rolls back).
        return reader.FieldCount == 0 || await reader.ReadAsync(ct);
    }

    // Npgsql batches take positional parameters: @name becomes $n in the order of first use. Worked out once per text,
    // so the floor spends nothing on it per request.
    private static (string Text, List<string> Names) Positional(string sql)
    {
        var names = new List<string>();
        var text = System.Text.RegularExpressions.Regex.Replace(sql, "@([a-z]+)", m =>
        {
            var index = names.IndexOf(m.Groups[1].Value);
            if (index < 0)
            {
                names.Add(m.Groups[1].Value);
                index = names.Count - 1;
            }

            return "$" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        return (text, names);
    }

    private static void Bind(DbCommand command, string sql, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            if (!sql.Contains("@" + name, StringComparison.Ordinal))
            {
                continue;
            }

            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }
}
