using System.Globalization;

namespace Taskforge.Bench.Peers;

internal enum Framework
{
    Quartz,
    Hangfire,
}

internal enum Workload
{
    Burst,
    Steady,
}

/// <summary>Options of one run; <see cref="Framework"/> is null for "all", which runs both.</summary>
internal sealed record PeerArgs(Framework? Framework, int Nodes, int Jobs, int SteadyJobs, int Minutes, int? LeadSeconds)
{
    public static bool TryParse(string[] args, out PeerArgs options)
    {
        Framework? framework = null;
        int nodes = 1, minutes = 3;
        int? jobs = null, steadyJobs = null, lead = null;
        options = new PeerArgs(null, 1, 10_000, 1_000, 3, null);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                return false;
            }

            var value = args[i + 1];
            switch (args[i])
            {
                case "--framework" when Enum.TryParse<Framework>(value, ignoreCase: true, out var f):
                    framework = f;
                    break;
                case "--nodes" when TryPositive(value, out nodes):
                case "--minutes" when TryPositive(value, out minutes):
                    break;
                case "--jobs" when TryPositive(value, out var n):
                    jobs = n;
                    break;
                case "--steady-jobs" when TryPositive(value, out var n):
                    steadyJobs = n;
                    break;
                case "--lead" when TryPositive(value, out var n):
                    lead = n;
                    break;
                default:
                    return false;
            }
        }

        // "burst"/"steady" take --jobs for their own workload; "all" takes --jobs for burst and --steady-jobs for steady.
        options = new PeerArgs(framework, nodes, jobs ?? 10_000, steadyJobs ?? jobs ?? 1_000, minutes, lead);
        return true;
    }

    private static bool TryPositive(string value, out int result) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result >= 1;
}

internal sealed record RunSpec(Workload Workload, PeerArgs Options);
