namespace Taskforge.Engine.Storage;

/// <summary>Readiness of the store: reachable, and the schema at the version this build expects.</summary>
public interface IStoreStatus
{
    Task<StoreStatus> CheckAsync(CancellationToken ct);
}

public sealed record StoreStatus(bool Reachable, int AppliedVersion, int ExpectedVersion, string Provider, string? Problem)
{
    public bool Ready => Reachable && AppliedVersion == ExpectedVersion;
}
