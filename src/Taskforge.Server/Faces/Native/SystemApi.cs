using System.Reflection;
using System.Runtime.InteropServices;
using Taskforge.Engine.Storage;

namespace Taskforge.Server.Faces.Native;

/// <summary><c>/api/v1/system</c>: what is running.</summary>
public static class SystemApi
{
    public static RouteGroupBuilder MapSystem(this RouteGroupBuilder api)
    {
        api.MapGet("/system/version", async (IStoreStatus store, CancellationToken ct) =>
        {
            var status = await store.CheckAsync(ct);
            return TypedResults.Ok(new VersionDto("Taskforge", Version(), RuntimeInformation.FrameworkDescription, status.Provider, status.AppliedVersion, status.ExpectedVersion));
        }).WithTags("System");
        return api;
    }

    public static string Version() =>
        typeof(SystemApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
