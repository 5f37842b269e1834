using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Taskforge.Tests.Support;

public static class HttpAssert
{
    /// <summary>Asserts the status and returns the body parsed as JSON (or null when empty).</summary>
    public static async Task<JsonNode?> StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : ParseOrNull(text);
    }

    public static async Task<JsonNode?> JsonAsync(this Task<HttpResponseMessage> call, HttpStatusCode expected = HttpStatusCode.OK) =>
        await StatusAsync(await call, expected);

    private static JsonNode? ParseOrNull(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
