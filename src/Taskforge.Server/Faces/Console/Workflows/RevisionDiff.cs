using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Taskforge.Server.Faces.Console.Workflows;

public enum DiffLineKind
{
    Same,
    Added,
    Removed,
}

/// <summary>One line of a diff with its number in the older and the newer document (none where it is not in one).</summary>
public sealed record DiffLine(DiffLineKind Kind, int? OldNumber, int? NewNumber, string Text);

/// <summary>A run of changed lines with a little unchanged context around them, and how many unchanged lines came before it.</summary>
public sealed record DiffHunk(int SkippedBefore, IReadOnlyList<DiffLine> Lines);

/// <summary>
/// Two revisions' definition documents compared line by line (DiffPlex), each pretty-printed the same way first so that
/// the lines are the definition's own and not how its JSON happened to be written. Whitespace counts: a changed indent
/// inside a script is a change. Secure values are masked first (<see cref="SecretValues"/>).
/// </summary>
public static class RevisionDiff
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Shown as text in a page that escapes it; \u escapes would only make names in other scripts unreadable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Pretty(JsonNode document) => document.ToJsonString(Indented);

    public static IReadOnlyList<DiffLine> Lines(JsonNode olderDocument, JsonNode newerDocument)
    {
        var (older, newer) = SecretValues.Mask(olderDocument, newerDocument);
        var model = InlineDiffBuilder.Diff(Pretty(older), Pretty(newer), ignoreWhiteSpace: false);
        var (olderLine, newerLine) = (0, 0);
        var lines = new List<DiffLine>();
        foreach (var piece in model.Lines)
        {
            switch (piece.Type)
            {
                case ChangeType.Deleted:
                    lines.Add(new DiffLine(DiffLineKind.Removed, ++olderLine, null, piece.Text));
                    break;
                case ChangeType.Inserted:
                    lines.Add(new DiffLine(DiffLineKind.Added, null, ++newerLine, piece.Text));
                    break;
                case ChangeType.Unchanged:
                    lines.Add(new DiffLine(DiffLineKind.Same, ++olderLine, ++newerLine, piece.Text));
                    break;
                default:
                    // An inline diff has no imaginary or modified lines; they are for side-by-side panes.
                    break;
            }
        }

        return lines;
    }

    /// <summary>The changed lines with <paramref name="context"/> unchanged lines around each change; no hunk when nothing changed.</summary>
    public static IReadOnlyList<DiffHunk> Hunks(IReadOnlyList<DiffLine> lines, int context = 3)
    {
        var shown = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Kind != DiffLineKind.Same)
            {
                for (var j = Math.Max(0, i - context); j <= Math.Min(lines.Count - 1, i + context); j++)
                {
                    shown[j] = true;
                }
            }
        }

        var hunks = new List<DiffHunk>();
        var skipped = 0;
        List<DiffLine>? current = null;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!shown[i])
            {
                current = null;
                skipped++;
                continue;
            }

            if (current is null)
            {
                current = [];
                hunks.Add(new DiffHunk(skipped, current));
                skipped = 0;
            }

            current.Add(lines[i]);
        }

        return hunks;
    }

    /// <summary>Unchanged lines after the last hunk (shown as "… n unchanged lines" at the end).</summary>
    public static int SkippedAfter(IReadOnlyList<DiffLine> lines, IReadOnlyList<DiffHunk> hunks) =>
        lines.Count - hunks.Sum(h => h.SkippedBefore + h.Lines.Count);
}
