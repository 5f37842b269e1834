using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Taskforge.Storage.Telemetry;

/// <summary>
/// The store's instruments (meter <see cref="MeterName"/>): how long write transactions hold the database, and how many
/// writes each group commit carries (docs/metrics.md). Written once per transaction, not per statement.
/// </summary>
public sealed class StoreMetrics : IDisposable
{
    public const string MeterName = "Taskforge.Storage";

    private static readonly double[] TransactionBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly int[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly KeyValuePair<string, object?> _system;
    private readonly Histogram<double> _transactions;
    private readonly Histogram<int> _batches;

    /// <param name="meters">The host's meter factory; without one the meter is this object's own.</param>
    /// <param name="provider">The store's provider (<see cref="StorageOptions.Sqlite"/> or <see cref="StorageOptions.Postgres"/>).</param>
    public StoreMetrics(IMeterFactory? meters, string provider)
    {
        _ownsMeter = meters is null;
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        // OpenTelemetry's names for the two databases (db.system.name).
        _system = new("db.system.name", provider == StorageOptions.Postgres ? "postgresql" : "sqlite");
        _transactions = _meter.CreateHistogram("taskforge.store.transaction.duration", "s",
            "How long a write transaction held the database, from its start (on SQLite: once it had the writer) to its commit or rollback.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TransactionBuckets });
        _batches = _meter.CreateHistogram("taskforge.store.group_commit.batch_size", "{write}",
            "Writes (run starts and checkpoints, task changes, schedule fires) carried by one group-commit transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBuckets });
    }

    /// <param name="started">A <see cref="Stopwatch.GetTimestamp"/> taken when the transaction began.</param>
    public void TransactionEnded(long started, bool committed)
    {
        if (_transactions.Enabled)
        {
            _transactions.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _system,
                new KeyValuePair<string, object?>("taskforge.transaction.outcome", committed ? "committed" : "rolled_back"));
        }
    }

    public void GroupCommitted(int writes) => _batches.Record(writes, _system);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
