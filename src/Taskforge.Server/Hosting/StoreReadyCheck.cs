using Microsoft.Extensions.Diagnostics.HealthChecks;
using Taskforge.Engine.Storage;

namespace Taskforge.Server.Hosting;

/// <summary>Ready when the database answers and its schema is at the version this build expects.</summary>
public sealed class StoreReadyCheck(IStoreStatus store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await store.CheckAsync(cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["provider"] = status.Provider,
            ["schemaVersion"] = status.AppliedVersion,
            ["expectedSchemaVersion"] = status.ExpectedVersion,
        };
        return status.Ready
            ? HealthCheckResult.Healthy("store ready", data)
            : HealthCheckResult.Unhealthy(status.Problem ?? "store not ready", data: data);
    }
}
