using System.Text.Json.Nodes;
using Taskforge.Server.Faces.Console.Workflows;

namespace Taskforge.Tests.Console;

/// <summary>Two definition documents compared line by line, pretty-printed alike, with context around the changes.</summary>
public sealed class RevisionDiffTests
{
    [Fact]
    public void Lines_MarkWhatWasAddedAndRemoved_WithTheirNumbersOnEachSide()
    {
        var older = JsonNode.Parse("""{"name":"Say hello","version":"1.0.0","steps":[{"type":"end"}]}""")!;
        var newer = JsonNode.Parse("""{"name": "Say hello",   "version": "1.1.0", "steps": [{"type": "end"}], "category": "Samples"}""")!;

        var lines = RevisionDiff.Lines(older, newer);

        Assert.Equal(new DiffLine(DiffLineKind.Removed, 3, null, "  \"version\": \"1.0.0\","), lines.Single(l => l.Kind == DiffLineKind.Removed && l.Text.Contains("version", StringComparison.Ordinal)));
        Assert.Equal(new DiffLine(DiffLineKind.Added, null, 3, "  \"version\": \"1.1.0\","), lines.Single(l => l.Kind == DiffLineKind.Added && l.Text.Contains("version", StringComparison.Ordinal)));
        Assert.Contains(new DiffLine(DiffLineKind.Added, null, 9, "  \"category\": \"Samples\""), lines);
        Assert.Contains(new DiffLine(DiffLineKind.Same, 2, 2, "  \"name\": \"Say hello\","), lines);
    }

    [Fact]
    public void Hunks_KeepThreeLinesAroundEachChange_AndCountWhatTheyLeaveOut()
    {
        var older = new JsonObject(Enumerable.Range(1, 20).Select(i => KeyValuePair.Create($"k{i:00}", (JsonNode?)i)));
        var newer = (JsonObject)older.DeepClone();
        newer["k10"] = 100;

        var lines = RevisionDiff.Lines(older, newer);
        var hunk = Assert.Single(RevisionDiff.Hunks(lines));

        Assert.Equal(7, hunk.SkippedBefore);
        Assert.Equal(["  \"k07\": 7,", "  \"k08\": 8,", "  \"k09\": 9,", "  \"k10\": 10,", "  \"k10\": 100,", "  \"k11\": 11,", "  \"k12\": 12,", "  \"k13\": 13,"], hunk.Lines.Select(l => l.Text));
        Assert.Equal(8, RevisionDiff.SkippedAfter(lines, [hunk]));
        Assert.Empty(RevisionDiff.Hunks(RevisionDiff.Lines(older, older.DeepClone())));
    }

    [Fact]
    public void NamesInOtherScripts_StayReadable()
    {
        var lines = RevisionDiff.Lines(JsonNode.Parse("""{"name":"a"}""")!, JsonNode.Parse("""{"name":"Änderung <prüfen>"}""")!);

        Assert.Contains(lines, l => l.Kind == DiffLineKind.Added && l.Text == "  \"name\": \"Änderung <prüfen>\"");
    }

    [Fact]
    public void SecureValues_AreNeverShown_ButAChangeToOneIs()
    {
        var older = JsonNode.Parse("""
            {"input-parameters": [{"name": "token", "type": "SecureString", "default": "old-token"}, {"name": "keys", "type": "Array/SecureString", "default": ["k1"]}],
             "attributes": [{"name": "apiKey", "type": "SecureString", "value": "same-key"}]}
            """)!;
        var newer = JsonNode.Parse("""
            {"input-parameters": [{"name": "token", "type": "SecureString", "default": "new-token"}, {"name": "keys", "type": "Array/SecureString", "default": ["k1"]}],
             "attributes": [{"name": "apiKey", "type": "SecureString", "value": "same-key"}]}
            """)!;

        var lines = RevisionDiff.Lines(older, newer);

        Assert.DoesNotContain(lines, l => new[] { "old-token", "new-token", "k1", "same-key" }.Any(secret => l.Text.Contains(secret, StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Kind == DiffLineKind.Added && l.Text.Contains(SecretValues.HiddenChanged, StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.Kind == DiffLineKind.Same && l.Text.Contains(SecretValues.Hidden, StringComparison.Ordinal)));
    }
}
