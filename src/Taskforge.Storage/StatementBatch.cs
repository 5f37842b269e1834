using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Taskforge.Storage;

/// <summary>
/// Many statements sent as one command, so a change of a dozen statements costs one round trip instead of a dozen.
/// Each statement's <c>@Name</c> parameters are renamed <c>@sN_Name</c> and taken from its own argument object's
/// properties (numbers, strings or null), which both Microsoft.Data.Sqlite and Npgsql accept in a multi-statement text.
/// </summary>
/// <remarks>
/// A fenced statement (an update or delete that must hit its row, with <c>RETURNING</c>) returns one row when it
/// applied. Every statement runs whatever the fences say; <see cref="ExecuteAsync"/> only reports whether all of them
/// held, and the caller then rolls the transaction back.
/// </remarks>
internal sealed partial class StatementBatch
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();
    private readonly StringBuilder _text = new();
    private readonly List<(string Name, object? Value, DbType Type)> _parameters = [];
    private int _statements;
    private int _fenced;

    public bool IsEmpty => _statements == 0;

    /// <summary>Adds a statement whose parameters are read from <paramref name="args"/>.</summary>
    public void Add(string sql, object? args = null) => Append(sql, args);

    /// <summary>Adds a statement ending in <c>RETURNING</c> that returns one row exactly when it applied.</summary>
    public void AddFenced(string sql, object? args)
    {
        Append(sql, args);
        _fenced++;
    }

    /// <summary>Runs every statement in the transaction; false when a fenced statement hit no row.</summary>
    public async Task<bool> ExecuteAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        if (_statements == 0)
        {
            return true;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = _text.ToString();
        foreach (var (name, value, type) in _parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        // Only RETURNING statements make result sets (both providers skip statements without columns), so result set
        // n is fenced statement n. Reading to the end is what runs every statement (SQLite steps lazily).
        var returned = 0;
        var failed = false;
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            do
            {
                var rows = 0;
                while (await reader.ReadAsync(ct))
                {
                    rows++;
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

        return !failed && returned == _fenced;
    }

    private void Append(string sql, object? args)
    {
        var prefix = "s" + _statements.ToString(CultureInfo.InvariantCulture) + "_";
        var values = args is null ? [] : Properties.GetOrAdd(args.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance));
        var used = new HashSet<string>(StringComparer.Ordinal);
        var text = Parameter().Replace(sql, m =>
        {
            used.Add(m.Groups["name"].Value);
            return "@" + prefix + m.Groups["name"].Value;
        });
        foreach (var name in used)
        {
            var property = Array.Find(values, p => p.Name == name)
                ?? throw new ArgumentException($"The statement names @{name}, which its arguments lack.", nameof(args));
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var value = property.GetValue(args);
            if (type.IsEnum || type == typeof(bool))
            {
                type = typeof(long);
                value = value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
            }

            _parameters.Add((prefix + name, value, DbTypeOf(type)));
        }

        _text.Append(text.TrimEnd().TrimEnd(';')).Append(";\n");
        _statements++;
    }

    private static DbType DbTypeOf(Type type) =>
        type == typeof(string) ? DbType.String
        : type == typeof(long) ? DbType.Int64
        : type == typeof(int) ? DbType.Int32
        : type == typeof(double) ? DbType.Double
        : throw new ArgumentException($"A batch parameter is a number or a string, not {type.Name}.", nameof(type));

    [GeneratedRegex(@"@(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Parameter();
}
