namespace Taskforge.Engine.Errors;

/// <summary>Input that breaks the rules; carries every problem found, keyed by field.</summary>
public sealed class ValidationException : TaskforgeException
{
    public ValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public ValidationException(string field, string problem)
        : this(new Dictionary<string, string[]> { [field] = [problem] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    private static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join("; ", errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")));
}
