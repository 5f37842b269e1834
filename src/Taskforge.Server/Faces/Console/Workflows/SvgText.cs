using System.Text;

namespace Taskforge.Server.Faces.Console.Workflows;

/// <summary>
/// Text for the console's hand-written SVG. Names, conditions and scripts come from whoever saved the workflow, so every
/// one goes through <see cref="Escape"/> (all five XML specials, control characters dropped) before it is written.
/// </summary>
public static class SvgText
{
    public static string Escape(string? text)
    {
        var escaped = new StringBuilder((text ?? "").Length);
        foreach (var c in text ?? "")
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&#39;"); break;
                default: escaped.Append(char.IsControl(c) ? ' ' : c); break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>One line of at most <paramref name="max"/> characters (whitespace runs become one space, an ellipsis marks a cut), escaped.</summary>
    public static string Line(string? text, int max)
    {
        var line = string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (line.Length > max)
        {
            var cut = max - 1;
            if (char.IsHighSurrogate(line[cut - 1]))
            {
                cut--;
            }

            line = line[..cut].TrimEnd() + "…";
        }

        return Escape(line);
    }
}
