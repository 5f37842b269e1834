using Taskforge.Storage;

namespace Taskforge.Tests.Support;

/// <summary>Real server processes for kill tests: started on a given database with fast password hashing, and an admin client.</summary>
public static class ServerNodes
{
    public static async Task<ServerProcess> StartAsync(StorageOptions storage, string workDir, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["Taskforge__Storage__Provider"] = storage.Provider,
            ["Taskforge__Storage__ConnectionString"] = storage.ConnectionString!,
            ["TASKFORGE_ADMIN_PASSWORD"] = ServerInstance.AdminPassword,
            ["Taskforge__Identity__PasswordIterations"] = "1000",
            ["Taskforge__Samples__Load"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        var server = ServerProcess.Start(Path.Combine(AppContext.BaseDirectory, "Taskforge.Server.dll"), workDir, environment);
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return server;
    }

    public static HttpClient Admin(ServerProcess server)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = ServerInstance.Basic(ServerInstance.AdminName, ServerInstance.AdminPassword);
        return client;
    }
}
