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

    /// <summary>Records who an authentication handler found; only handlers (and the console's sign-in) call this.</summary>
    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[ItemKey] = caller;

    /// <summary>The caller, or null on an anonymous request (the console's sign-in page).</summary>
    public static Caller? CallerOrNull(this HttpContext context) => context.Items.TryGetValue(ItemKey, out var value) ? value as Caller : null;

    public static string? ClientAddress(this HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
