using System.Text.Json.Nodes;

namespace Taskforge.Tests.Support;

public static class JsonAssert
{
    /// <summary>Asserts that <paramref name="actual"/> is the JSON written in <paramref name="expected"/>, ignoring formatting.</summary>
    public static void Equivalent(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual?.ToJsonString() ?? "null"}");
}
