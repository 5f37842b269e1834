namespace Taskforge.Server.Faces.Console.Forms;

/// <summary>The engine's validation problems of a refused form, by field, for the inputs to show beside them.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> _errors;

    public FieldErrors(IReadOnlyDictionary<string, string[]>? errors = null) =>
        _errors = errors is null ? new Dictionary<string, string[]>() : new Dictionary<string, string[]>(errors, StringComparer.OrdinalIgnoreCase);

    public static FieldErrors None { get; } = new();

    public bool Any => _errors.Count > 0;

    /// <summary>The problems with one field as sentences, or null when it has none.</summary>
    public string? For(string field) =>
        _errors.TryGetValue(field, out var problems) ? string.Join(" ", problems.Select(FormInputs.Sentence)) : null;

    /// <summary>Problems not tied to one of <paramref name="shown"/> fields, so that none goes unsaid.</summary>
    public IEnumerable<string> Others(params string[] shown) =>
        _errors.Where(e => !shown.Contains(e.Key, StringComparer.OrdinalIgnoreCase)).SelectMany(e => e.Value.Select(v => $"{e.Key} {v}"));
}
