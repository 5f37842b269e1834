using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Taskforge.Storage;

/// <summary>
/// The statements of one change, sent as one batch where a round trip crosses the network (PostgreSQL), so a change
/// of a dozen statements costs one round trip instead of a dozen. Each statement's <c>@Name</c> parameters are taken
/// from its own argument object's properties (numbers, strings or null). In a batch they go positional (<c>$1</c>…), so
/// the driver has no SQL to parse and the same text each time lets it prepare the statement once per connection.
/// </summary>
/// <remarks>
/// A fenced statement (an update or delete that must hit its row, with <c>RETURNING</c>) returns one row when it
/// applied. In one batch every statement runs whatever the fences say (statement by statement, the first failed fence
/// stops); <see cref="ExecuteAsync"/> only reports whether all of them held, and the caller then rolls back.
/// </remarks>
internal sealed partial class StatementBatch
{
    private const int MaxShapes = 4096;
    private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> Properties = new();
    private static readonly ConcurrentDictionary<string, SqlShape> Shapes = new(StringComparer.Ordinal);
    private readonly List<Statement> _statements = [];
    private readonly List<object?> _fenceValues = [];

    public bool IsEmpty => _statements.Count == 0;

    /// <summary>
    /// After <see cref="ExecuteAsync"/>, the first column of each fence's row, in order, for the fences that held
    /// (a run's checkpoint returns whether a cancel was asked for meanwhile).
    /// </summary>
    public IReadOnlyList<object?> FenceValues => _fenceValues;

    /// <summary>Adds a statement whose parameters are read from <paramref name="args"/>.</summary>
    public void Add(string sql, object? args = null) => _statements.Add(Prepare(sql, args, fenced: false));

    /// <summary>
    /// Adds a statement whose parameters are named in <paramref name="args"/>, each with its type (which a null needs:
    /// PostgreSQL will not put a text null into a number column); for statements of many rows.
    /// </summary>
    public void Add(string sql, IReadOnlyDictionary<string, (object? Value, Type Type)> args) =>
        _statements.Add(Prepare(sql, name => args.TryGetValue(name, out var argument)
            ? argument
            : throw new ArgumentException($"The statement names @{name}, which its arguments lack.", nameof(args)), fenced: false));

    /// <summary>Adds a statement ending in <c>RETURNING</c> that returns one row exactly when it applied.</summary>
    public void AddFenced(string sql, object? args) => _statements.Add(Prepare(sql, args, fenced: true));

    /// <summary>
    /// Runs every statement in the transaction; false when a fenced statement hit no row. With
    /// <paramref name="oneBatch"/> (and a driver that batches) they go as one batch (one round trip); otherwise each is
    /// its own command, which is cheaper where a round trip is a function call (SQLite).
    /// </summary>
    public async Task<bool> ExecuteAsync(DbConnection connection, DbTransaction transaction, bool oneBatch, CancellationToken ct)
    {
        if (_statements.Count == 0)
        {
            return true;
        }

        if (oneBatch && connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var statement in _statements)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = statement.Shape.Positional;
                Bind(command.Parameters, command.CreateParameter, statement, named: false);
                batch.BatchCommands.Add(command);
            }

            return await ReadFencesAsync(() => batch.ExecuteReaderAsync(ct), _statements, ct);
        }

        // A connection that lives long (SQLite's writer) keeps its statements prepared; any other gets fresh commands.
        var cache = StatementCache.Of(connection);
        foreach (var statement in _statements)
        {
            var kept = cache?.Get(statement.Shape.Named);
            var command = kept ?? connection.CreateCommand();
            try
            {
                command.Transaction = transaction;
                command.CommandText = statement.Shape.Named; // the same text on a kept command: its statements stay prepared
                command.Parameters.Clear();
                Bind(command.Parameters, command.CreateParameter, statement, named: true);

                if (!await ReadFencesAsync(() => command.ExecuteReaderAsync(ct), [statement], ct))
                {
                    return false;
                }
            }
            finally
            {
                if (kept is null)
                {
                    await command.DisposeAsync();
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Sets <paramref name="command"/> to <paramref name="sql"/> with its <c>@Name</c> parameters read from
    /// <paramref name="args"/>, as a batch statement would be: for a read on a kept command (<see cref="KeptQuery"/>).
    /// </summary>
    public static void Bind(DbCommand command, string sql, object? args)
    {
        var statement = Prepare(sql, args, fenced: false);
        command.CommandText = statement.Shape.Named; // the same text on a kept command: its statement stays prepared
        command.Parameters.Clear();
        Bind(command.Parameters, command.CreateParameter, statement, named: true);
    }

    // Positional parameters go in the order of the statement's distinct names, which is the order of Parameters.
    private static void Bind(DbParameterCollection parameters, Func<DbParameter> create, Statement statement, bool named)
    {
        foreach (var (name, value, type) in statement.Parameters)
        {
            var parameter = create();
            if (named)
            {
                // With its prefix, as the text has it: Microsoft.Data.Sqlite finds "@Id" at once, but looks "Id" up under
                // each prefix it knows (@, $, :) on every bind, which was 6 % of the server's CPU (issue 15).
                parameter.ParameterName = "@" + name;
            }

            parameter.DbType = type;
            parameter.Value = value ?? DBNull.Value;
            parameters.Add(parameter);
        }
    }

    // Only RETURNING statements make result sets (both providers skip statements without columns), so every result set
    // is a fence. Reading to the end is what runs every statement (SQLite steps lazily).
    private async Task<bool> ReadFencesAsync(Func<Task<DbDataReader>> execute, IReadOnlyList<Statement> statements, CancellationToken ct)
    {
        var returned = 0;
        var failed = false;
        try
        {
            await using var reader = await execute();
            do
            {
                var rows = 0;
                while (await reader.ReadAsync(ct))
                {
                    if (rows++ == 0)
                    {
                        _fenceValues.Add(reader.GetValue(0) is var value && value is DBNull ? null : value);
                    }
                }

                failed |= rows == 0 && reader.FieldCount > 0;
                returned += rows;
            }
            while (await reader.NextResultAsync(ct));
        }
        catch (DbException) when (failed)
        {
            // A statement after a failed fence broke on what the winner wrote (its history numbers, say): the fence
            // is the answer, and the caller rolls everything back.
            return false;
        }

        return !failed && returned == statements.Count(x => x.Fenced);
    }

    private static Statement Prepare(string sql, object? args, bool fenced)
    {
        var properties = args is null ? null : Properties.GetOrAdd(args.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => p.Name, StringComparer.Ordinal));
        return Prepare(sql, name =>
        {
            var property = properties?.GetValueOrDefault(name)
                ?? throw new ArgumentException($"The statement names @{name}, which its arguments lack.", nameof(args));
            return (property.GetValue(args), property.PropertyType);
        }, fenced);
    }

    private static Statement Prepare(string sql, Func<string, (object? Value, Type Type)> argument, bool fenced)
    {
        var shape = ShapeOf(sql);
        var parameters = new (string, object?, DbType)[shape.Distinct.Length];
        for (var i = 0; i < shape.Distinct.Length; i++)
        {
            var name = shape.Distinct[i];
            var (value, declared) = argument(name);
            var type = Nullable.GetUnderlyingType(declared) ?? declared;
            if (type.IsEnum || type == typeof(bool))
            {
                type = typeof(long);
                value = value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
            }

            parameters[i] = (name, value, DbTypeOf(type));
        }

        return new Statement(shape, parameters, fenced);
    }

    /// <summary>
    /// A statement's text split around its parameters, parsed once per text: the hot statements (a task row has sixty
    /// parameters) are the same few texts over and over. Texts that embed values would grow the cache without end, so
    /// past a few thousand texts they are parsed each time instead.
    /// </summary>
    private static SqlShape ShapeOf(string sql)
    {
        if (Shapes.TryGetValue(sql, out var cached))
        {
            return cached;
        }

        var parts = new List<string>();
        var names = new List<string>();
        var at = 0;
        foreach (Match m in Parameter().Matches(sql))
        {
            parts.Add(sql[at..m.Index]);
            names.Add(m.Groups["name"].Value);
            at = m.Index + m.Length;
        }

        parts.Add(sql[at..].TrimEnd().TrimEnd(';'));
        var distinct = names.Distinct(StringComparer.Ordinal).ToArray();
        var positional = new StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            positional.Append(parts[i]).Append('$').Append(Array.IndexOf(distinct, names[i]) + 1);
        }

        var shape = new SqlShape(distinct, sql.TrimEnd().TrimEnd(';'), positional.Append(parts[^1]).ToString());
        if (Shapes.Count < MaxShapes)
        {
            Shapes.TryAdd(sql, shape);
        }

        return shape;
    }

    private static DbType DbTypeOf(Type type) =>
        type == typeof(string) ? DbType.String
        : type == typeof(long) ? DbType.Int64
        : type == typeof(int) ? DbType.Int32
        : type == typeof(double) ? DbType.Double
        : throw new ArgumentException($"A batch parameter is a number or a string, not {type.Name}.", nameof(type));

    [GeneratedRegex(@"@(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Parameter();

    /// <param name="Distinct">The parameters, each once, in the order of their first use.</param>
    /// <param name="Named">The text as written, with <c>@Name</c> parameters.</param>
    /// <param name="Positional">The text with <c>$1</c>… standing for <paramref name="Distinct"/> in order.</param>
    private sealed record SqlShape(string[] Distinct, string Named, string Positional);

    private sealed record Statement(SqlShape Shape, IReadOnlyList<(string Name, object? Value, DbType Type)> Parameters, bool Fenced);
}
