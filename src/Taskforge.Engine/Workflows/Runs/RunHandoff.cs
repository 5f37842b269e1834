using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Taskforge.Engine.Workflows.Runs;

/// <summary>
/// Hands a run started on this node straight to this node's run engine. The run is stored already leased to this
/// node, so no other node takes it and no claim round trip is needed; if the node dies first, the lease runs out and
/// any node picks the run up from the database as usual. A node only accepts what it has room for
/// (<see cref="RunOptions.MaxActiveRuns"/>); beyond that runs are stored unleased and claimed like any other.
/// </summary>
public sealed class RunHandoff(IOptions<RunOptions> options, IOptions<NodeOptions> node)
{
    private readonly Channel<Run> _runs = Channel.CreateUnbounded<Run>(new UnboundedChannelOptions { SingleReader = false });
    private int _reserved;

    public string NodeId => node.Value.Id;

    public TimeSpan Lease => options.Value.Lease;

    /// <summary>Reserves room for one run; pair with <see cref="Offer"/> or <see cref="Release"/>.</summary>
    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _reserved) <= options.Value.MaxActiveRuns)
        {
            return true;
        }

        Interlocked.Decrement(ref _reserved);
        return false;
    }

    /// <summary>Gives back room reserved for a run that was not offered, or whose drive ended.</summary>
    public void Release() => Interlocked.Decrement(ref _reserved);

    public void Offer(Run run) => _runs.Writer.TryWrite(run);

    public bool TryTake(out Run run) => _runs.Reader.TryRead(out run!);

    public ValueTask<bool> WaitAsync(CancellationToken ct) => _runs.Reader.WaitToReadAsync(ct);
}
