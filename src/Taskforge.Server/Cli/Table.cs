namespace Taskforge.Server.Cli;

/// <summary>Rows as aligned columns, the first row a header: what an operator reads in a terminal and greps.</summary>
internal static class Table
{
    public static async Task WriteAsync(TextWriter output, IReadOnlyList<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows.Max(r => r.Length)).Select(c => rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        foreach (var row in rows)
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }
    }
}
