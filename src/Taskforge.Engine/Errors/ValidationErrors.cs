namespace Taskforge.Engine.Errors;

/// <summary>Collects every problem with an input so the caller hears about all of them at once.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>Whether a missing required field is a problem; a draft (work in progress) may leave fields out.</summary>
    public bool AllowMissing { get; init; }

    /// <summary>Every problem as "field: problem" lines, for messages that are not field-by-field answers.</summary>
    public IEnumerable<string> Lines => _errors.SelectMany(e => e.Value.Select(p => $"{e.Key} {p}"));

    public void Add(string field, string problem)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        list.Add(problem);
    }

    /// <summary>A required field is absent: a problem, unless these errors are a draft's.</summary>
    public void Missing(string field)
    {
        if (!AllowMissing)
        {
            Add(field, "is required.");
        }
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
