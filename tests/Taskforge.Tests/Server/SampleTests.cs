using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

public sealed class SampleTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    public static TheoryData<string> SampleFiles() =>
        [.. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "samples", "workflows")).Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public async Task EverySample_IsAValidDefinition(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", "workflows", file);
        var document = DefinitionDocuments.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), yaml: !file.EndsWith(".json", StringComparison.Ordinal));

        var definition = WorkflowDefinitionReader.Read(document, document["id"]!.ToString());

        Assert.NotEmpty(definition.Steps);
    }

    [Fact]
    public async Task FirstStart_LoadsTheSamples_VisibleToEveryUser()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = fixture.Server.Admin();
        await admin.PostAsync("api/v1/users", System.Net.Http.Json.JsonContent.Create(new { name = "sample-user", password = "sample-password" }), ct);
        using var user = fixture.Server.As("sample-user", "sample-password");

        var list = await user.GetAsync("vco/api/workflows?conditions=categoryName=Samples", ct).JsonAsync();

        Assert.Equal(SampleFiles().Count, list!["total"]!.GetValue<int>());
    }
}
