using System.Net;
using System.Net.Sockets;

namespace Taskforge.Server.Hosting;

/// <summary>
/// Which addresses an <c>http</c> step may reach through a host name. The allow-list compares names, not addresses, so a
/// name whose DNS answer is (or is later rebound to) this machine or the link-local network would reach services that
/// were never allowed: the admin API on loopback, a cloud's metadata service at 169.254.169.254. A literal address in
/// the URL is different: the allow-list named that very address, so it is connected to as it is.
/// </summary>
internal static class OutboundAddresses
{
    /// <summary>The addresses to connect to for <paramref name="host"/>.</summary>
    /// <exception cref="HttpRequestException">The name resolves only to loopback or link-local addresses.</exception>
    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        var resolved = await Dns.GetHostAddressesAsync(host, ct);
        var reachable = resolved.Where(a => !IsThisMachineOrLinkLocal(a)).ToArray();
        return reachable.Length > 0
            ? reachable
            : throw new HttpRequestException(
                $"'{host}' resolves to {string.Join(", ", resolved.Select(a => a.ToString()))}, a loopback or link-local address; "
                + "a service there is allowed only by its literal address in Taskforge:HttpSteps:AllowedUrls");
    }

    public static bool IsThisMachineOrLinkLocal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            // 127/8 loopback, 0/8 "this network" (Linux connects 0.0.0.0 to itself), 169.254/16 link-local.
            return bytes[0] is 127 or 0 || (bytes[0] == 169 && bytes[1] == 254);
        }

        return IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal;
    }
}
