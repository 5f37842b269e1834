using System.Text;
using System.Text.Json.Nodes;

namespace Taskforge.Tests.Support;

/// <summary>What the vRO face's tests set up and read alike: workflows saved through the native API, and list attributes.</summary>
public static class VcoTestData
{
    /// <summary>Saves a workflow definition (JSON) under <paramref name="id"/>, creating or replacing it.</summary>
    public static async Task PutWorkflowAsync(this HttpClient admin, string id, string json)
    {
        var ct = TestContext.Current.CancellationToken;
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await admin.PutAsync($"api/v1/workflows/{id}", content, ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>The value of a vRO list item's attribute (<c>link[].attributes[name=…].value</c>), or null.</summary>
    public static string? AttributeOf(JsonNode item, string name) =>
        item["attributes"]!.AsArray().FirstOrDefault(a => a!["name"]!.GetValue<string>() == name)?["value"]?.GetValue<string>();
}
