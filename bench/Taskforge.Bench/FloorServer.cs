using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Taskforge.Bench;

/// <summary>
/// The floor the task benchmark compares Taskforge with: a minimal ASP.NET Core app doing the same database writes as a
/// create → claim → complete flow (a task row and a potential-owner work item; a conditional claim update with an owner
/// work item; a conditional complete update storing the output) with raw SQL, no authentication, no rules, no history,
/// no JSON rendering beyond the id. It runs as a child process (this program with <c>--urls</c>), like the server.
/// SQLite writes go through one in-process gate, as Taskforge's do, in WAL mode.
/// </summary>
internal static class FloorServer
{
    public const string ProviderVariable = "FLOOR_PROVIDER";
    public const string ConnectionVariable = "FLOOR_CONNECTION";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS floor_tasks (id TEXT PRIMARY KEY, state INTEGER NOT NULL, priority INTEGER NOT NULL, owner TEXT NULL,
            input TEXT NULL, output TEXT NULL, version BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS floor_work_items (task_id TEXT NOT NULL, reason INTEGER NOT NULL, kind INTEGER NOT NULL, principal TEXT NOT NULL,
            PRIMARY KEY (task_id, reason, kind, principal));
        """;

    public static async Task<int> RunAsync(string url, CancellationToken ct)
    {
        var sqlite = Environment.GetEnvironmentVariable(ProviderVariable) == "sqlite";
        var connection = Environment.GetEnvironmentVariable(ConnectionVariable) ?? throw new InvalidOperationException($"{ConnectionVariable} is not set.");
        await using var postgres = sqlite ? null : NpgsqlDataSource.Create(connection);
        using var gate = new SemaphoreSlim(1);
        async Task<DbConnection> OpenAsync()
        {
            DbConnection c = sqlite ? new SqliteConnection(connection) : postgres!.CreateConnection();
            await c.OpenAsync(ct);
            return c;
        }

        await using (var setup = await OpenAsync())
        {
            await ExecuteAsync(setup, null, (sqlite ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" : "") + Schema);
        }

        async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work)
        {
            if (sqlite)
            {
                await gate.WaitAsync(ct);
            }

            try
            {
                await using var c = await OpenAsync();
                await using var tx = await c.BeginTransactionAsync(ct);
                var result = await work(c, tx);
                await tx.CommitAsync(ct);
                return result;
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
            var id = "_TKI:" + Guid.NewGuid().ToString("N");
            await WriteAsync(async (c, tx) =>
            {
                await ExecuteAsync(c, tx, "INSERT INTO floor_tasks (id, state, priority, input, version) VALUES (@id, 2, 3, @input, 1)", ("id", id), ("input", input));
                return await ExecuteAsync(c, tx, "INSERT INTO floor_work_items (task_id, reason, kind, principal) VALUES (@id, 1, 3, 'bench')", ("id", id));
            });
            return Results.Json(new { tkiid = id }, statusCode: 201);
        });
        app.MapPut("/task/{id}", async (HttpContext context, string id) =>
        {
            var claim = context.Request.Query["action"] == "claim";
            var body = claim ? null : await new StreamReader(context.Request.Body).ReadToEndAsync(ct);
            var changed = await WriteAsync(async (c, tx) =>
            {
                var rows = claim
                    ? await ExecuteAsync(c, tx, "UPDATE floor_tasks SET state = 8, owner = 'admin', version = version + 1 WHERE id = @id AND state = 2", ("id", id))
                    : await ExecuteAsync(c, tx, "UPDATE floor_tasks SET state = 5, output = @output, version = version + 1 WHERE id = @id AND state = 8", ("id", id), ("output", body));
                if (claim && rows == 1)
                {
                    await ExecuteAsync(c, tx, "INSERT INTO floor_work_items (task_id, reason, kind, principal) VALUES (@id, 4, 2, 'admin')", ("id", id));
                }

                return rows;
            });
            return changed == 1 ? Results.Text("<request/>", "application/xml") : Results.Conflict();
        });
        await app.StartAsync(ct);
        await app.WaitForShutdownAsync(ct);
        return 0;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        return await command.ExecuteNonQueryAsync();
    }
}
