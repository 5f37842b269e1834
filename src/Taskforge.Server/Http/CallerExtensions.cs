using Taskforge.Engine.Identity;

namespace Taskforge.Server.Http;

public static class CallerExtensions
{
    internal const string ItemKey = "taskforge.caller";

    /// <summary>The authenticated caller; every non-anonymous endpoint has one.</summary>
    public static Caller Caller(this HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) && value is Caller caller
            ? caller
            : throw new InvalidOperationException("No authenticated caller on this request.");

    public static string? ClientAddress(this HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
