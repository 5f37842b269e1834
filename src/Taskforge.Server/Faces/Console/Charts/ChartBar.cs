namespace Taskforge.Server.Faces.Console.Charts;

/// <summary>One bar of a <see cref="BarChart"/>: its label, count, colour class and, optionally, where it leads (the list behind the number).</summary>
public sealed record ChartBar(string Label, int Value, string Kind, string? Href = null);
