namespace Taskforge.Server.Faces.Native;

/// <summary>
/// A page of a list read newest first: <see cref="Next"/> is the opaque <c>cursor</c> that asks for the page after
/// this one, null on the last page. Unlike an offset, a cursor stays right while new items arrive at the top.
/// </summary>
public sealed record KeysetPage<T>(IReadOnlyList<T> Items, string? Next);
