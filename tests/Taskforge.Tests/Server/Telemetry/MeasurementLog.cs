using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Taskforge.Tests.Server.Telemetry;

/// <summary>
/// Every measurement of Taskforge's instruments made through one host's meter factory (so servers of other tests in this
/// process, with meters of the same names, are not heard), with its attributes.
/// </summary>
public sealed class MeasurementLog : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measured> _measured = new();

    public MeasurementLog(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Meter.Name.StartsWith("Taskforge.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments now (a scrape would).</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>The measurements of <paramref name="instrument"/> whose attributes include all of <paramref name="tags"/> (name=value).</summary>
    public IReadOnlyList<Measured> Of(string instrument, params string[] tags) =>
        [.. _measured.Where(m => m.Instrument == instrument && tags.All(t => t.Split('=', 2) is [var k, var v] && m.Tags.TryGetValue(k, out var value) && value == v))];

    public double Sum(string instrument, params string[] tags) => Of(instrument, tags).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copied = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, tag) in tags)
        {
            copied[key] = tag?.ToString();
        }

        _measured.Enqueue(new Measured(instrument.Name, instrument.Unit, value, copied));
    }

    public sealed record Measured(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, string?> Tags);
}
