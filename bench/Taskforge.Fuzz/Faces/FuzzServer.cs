using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Taskforge.Server.Hosting;
using Taskforge.Storage;

namespace Taskforge.Fuzz;

/// <summary>One route of the server's route table: its method and its pattern as written (<c>/api/v1/runs/{id}</c>).</summary>
public sealed record FuzzRoute(string Method, string Pattern)
{
    public string Key => $"{Method} {Pattern}";
}

/// <summary>
/// The real server in this process on a loopback socket, over the storage given, with every log line of level Error
/// and above kept (the "no unhandled exception in the log" property). Password hashing is cheapened as in the tests.
/// </summary>
public sealed class FuzzServer : IAsyncDisposable
{
    public const string AdminName = "admin";
    public const string AdminPassword = "admin-password-1";

    private FuzzServer(WebApplication app, Uri baseAddress, ErrorLog log)
    {
        App = app;
        BaseAddress = baseAddress;
        Log = log;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public ErrorLog Log { get; }

    public StorageOptions Storage { get; private init; } = new();

    public static async Task<FuzzServer> StartAsync(StorageOptions storage, CancellationToken ct)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Taskforge:Storage:Provider={storage.Provider}",
            $"--Taskforge:Storage:ConnectionString={storage.ConnectionString}",
            $"--TASKFORGE_ADMIN_USER={AdminName}",
            $"--TASKFORGE_ADMIN_PASSWORD={AdminPassword}",
            "--Taskforge:Identity:PasswordIterations=1000",
            // Every request comes from 127.0.0.1, and some carry wrong credentials on purpose: the per-address throttle
            // (by design) would soon answer the administrator's requests with 429 too. The per-user throttle stays.
            "--Taskforge:Identity:FreeFailuresPerAddress=1000000000",
            "--Taskforge:Samples:Load=false",
            // Workflow scripts are bounded tighter than by default, so that a fuzzed script cannot hold a worker for 5 s.
            "--Taskforge:Scripts:Timeout=00:00:01",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore=Error",
        ];
        var app = TaskforgeHost.Build(args);
        var log = new ErrorLog();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(log);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FuzzServer(app, new Uri(address.TrimEnd('/') + "/"), log) { Storage = storage };
    }

    /// <summary>Every route of the table with each of its methods; a route without method metadata (a page) is GET and POST.</summary>
    public IReadOnlyList<FuzzRoute> Routes()
    {
        var routes = new SortedSet<FuzzRoute>(Comparer<FuzzRoute>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key)));
        foreach (var endpoint in ((IEndpointRouteBuilder)App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            foreach (var method in methods)
            {
                routes.Add(new FuzzRoute(method, pattern));
            }
        }

        return [.. routes];
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}

/// <summary>The server's log lines of level Error and above, with their exceptions.</summary>
public sealed class ErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}"));
            }
        }
    }
}
