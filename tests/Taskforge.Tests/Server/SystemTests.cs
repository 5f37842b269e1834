using System.Net.Http.Json;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Taskforge.Storage;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

public sealed class SystemTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private readonly ServerInstance _server = fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_IsAnonymous_AndReadyReportsTheSchema()
    {
        using var anonymous = _server.Anonymous();

        await anonymous.GetAsync("health/live", Ct).JsonAsync();
        var ready = await anonymous.GetAsync("health/ready", Ct).JsonAsync();

        Assert.Equal("Healthy", ready!["status"]!.GetValue<string>());
        Assert.Equal("sqlite", ready["checks"]!["store"]!["data"]!["provider"]!.GetValue<string>());
    }

    [Fact]
    public async Task Version_NamesTheStoreAndSchema()
    {
        using var admin = _server.Admin();

        var version = await admin.GetAsync("api/v1/system/version", Ct).JsonAsync();

        Assert.Equal("sqlite", version!["storageProvider"]!.GetValue<string>());
        Assert.Equal(version["expectedSchemaVersion"]!.GetValue<int>(), version["schemaVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task OpenApi_DocumentsTheNativeApiOnly_AndHasABrowsablePage()
    {
        using var anonymous = _server.Anonymous();

        var document = await anonymous.GetAsync("openapi/v1.json", Ct).JsonAsync();
        var page = await anonymous.GetAsync("api/docs/index.html", Ct);

        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/users", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("swagger", await page.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Metrics_ArePrometheusText_ForMonitors_AndForbiddenToOthers()
    {
        using var admin = _server.Admin();
        await admin.GetAsync("vco/api/about", Ct);
        await admin.PostAsync("api/v1/users", JsonContent.Create(new { name = "plain-user", password = "plain-password" }), Ct).JsonAsync(HttpStatusCode.Created);
        using var plain = _server.As("plain-user", "plain-password");

        var metrics = await admin.GetStringAsync("metrics", Ct);
        var forbidden = await plain.GetAsync("metrics", Ct);

        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE", metrics, StringComparison.Ordinal);
        await HttpAssert.StatusAsync(forbidden, HttpStatusCode.Forbidden);
    }
}

public sealed class HttpsTests : IDisposable
{
    private readonly SqliteFile _file = new();

    [Fact]
    public async Task Https_ServesAConfiguredPemCertificate()
    {
        var ct = TestContext.Current.CancellationToken;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.Now.AddDays(-1), DateTimeOffset.Now.AddDays(1));
        var certPath = Path.Combine(_file.Directory, "cert.pem");
        var keyPath = Path.Combine(_file.Directory, "key.pem");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem(), ct);
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), ct);

        await using var server = await ServerInstance.StartAsync(_file.Options,
            "--Kestrel:Endpoints:Https:Url=https://127.0.0.1:0",
            $"--Kestrel:Endpoints:Https:Certificate:Path={certPath}",
            $"--Kestrel:Endpoints:Https:Certificate:KeyPath={keyPath}");
        var expected = certificate.GetCertHashString();
        using var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == expected },
        };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = ServerInstance.Basic(ServerInstance.AdminName, ServerInstance.AdminPassword);

        var about = await client.GetAsync("vco/api/about", ct).JsonAsync();

        Assert.Equal("https", server.BaseAddress.Scheme);
        Assert.NotNull(about!["version"]);
    }

    public void Dispose() => _file.Dispose();
}

public sealed class FailureTests
{
    [Fact]
    public async Task DatabaseLoss_Is503_WithRetryAfter_AndNoStackTrace()
    {
        var ct = TestContext.Current.CancellationToken;
        if (!ThrowawayPostgres.BinariesAvailable() && !PostgresFixture.UnderCi)
        {
            Assert.Skip("PostgreSQL binaries are not installed; under CI=true this fails instead.");
        }

        // A server of its own, because this test kills it under the running Taskforge server.
        var postgres = await ThrowawayPostgres.StartAsync(durable: false, ct);
        var storage = new StorageOptions { Provider = StorageOptions.Postgres, ConnectionString = await postgres.CreateDatabaseAsync("failure", ct) };
        await using var server = await ServerInstance.StartAsync(storage, "--Taskforge:Identity:CredentialCacheTime=01:00:00");
        using var admin = server.Admin();
        await admin.GetAsync("api/v1/users", ct).JsonAsync();

        await postgres.DisposeAsync();
        var response = await admin.GetAsync("api/v1/users", ct);

        // The request was sound and the database is gone: 503 with Retry-After (StorageFaults), not a 500 for a bug.
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("database", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", text, StringComparison.Ordinal);

        // A credential not yet verified sends authentication itself to the lost database: still a 503, in each face's format.
        using var stranger = server.As("someone-else", "some-password");
        var vco = await stranger.GetAsync("vco/api/about", ct).JsonAsync(HttpStatusCode.ServiceUnavailable);
        var htm = await stranger.GetAsync("rest/bpm/htm/v1/task/_TKI:0", ct).JsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(503, vco!["status"]!.GetValue<int>());
        Assert.DoesNotContain("Npgsql", vco["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("CWTKA", htm!["errorNumber"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
