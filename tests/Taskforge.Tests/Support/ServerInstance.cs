using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Taskforge.Server.Hosting;
using Taskforge.Storage;

namespace Taskforge.Tests.Support;

/// <summary>
/// The real server, in this process, on a real loopback socket (Kestrel on a free port), over a real database.
/// Password hashing is cheapened (1,000 PBKDF2 rounds) so that tests creating many users stay fast.
/// </summary>
public sealed class ServerInstance : IAsyncDisposable
{
    public const string AdminName = "admin";
    public const string AdminPassword = "admin-password-1";

    private readonly HttpMessageHandler _handler;

    private ServerInstance(WebApplication app, Uri baseAddress, HttpMessageHandler handler)
    {
        App = app;
        BaseAddress = baseAddress;
        _handler = handler;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public static Task<ServerInstance> StartAsync(StorageOptions storage, params string[] extraArgs) => StartAsync(storage, null, extraArgs);

    /// <param name="services">Services added after the server's own (an in-memory exporter, say).</param>
    public static async Task<ServerInstance> StartAsync(StorageOptions storage, Action<IServiceCollection>? services, params string[] extraArgs)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Taskforge:Storage:Provider={storage.Provider}",
            $"--Taskforge:Storage:ConnectionString={storage.ConnectionString}",
            $"--TASKFORGE_ADMIN_USER={AdminName}",
            $"--TASKFORGE_ADMIN_PASSWORD={AdminPassword}",
            "--Taskforge:Identity:PasswordIterations=1000",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore=Error",
            .. extraArgs,
        ];
        var app = TaskforgeHost.Build(args, services);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var handler = new SocketsHttpHandler();
        return new ServerInstance(app, new Uri(address.TrimEnd('/') + "/"), handler);
    }

    public HttpClient Anonymous() => new(_handler, disposeHandler: false) { BaseAddress = BaseAddress };

    public HttpClient Admin() => As(AdminName, AdminPassword);

    public HttpClient As(string user, string password)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = Basic(user, password);
        return client;
    }

    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        _handler.Dispose();
    }
}
