namespace Taskforge.Server.Http;

/// <summary>The faces of the server; each has its own error format and wire conventions.</summary>
public enum Face
{
    Native,
    Vco,
    Htm,
    Console,
}

public static class FaceRoots
{
    public const string VcoRoot = "/vco/api";
    public const string HtmRoot = "/rest/bpm/htm/v1";
    public const string NativeRoot = "/api/v1";

    /// <summary>The face a path belongs to; the vRO 8 login endpoints speak vRO's error format.</summary>
    public static Face Of(PathString path)
    {
        if (path.StartsWithSegments(VcoRoot, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/csp/gateway", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/iaas/api", StringComparison.OrdinalIgnoreCase))
        {
            return Face.Vco;
        }

        if (path.StartsWithSegments(HtmRoot, StringComparison.OrdinalIgnoreCase))
        {
            return Face.Htm;
        }

        if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase))
        {
            return Face.Native;
        }

        return Face.Console;
    }
}
