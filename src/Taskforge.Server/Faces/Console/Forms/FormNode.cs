using Taskforge.Engine.HumanTasks.Messages;

namespace Taskforge.Server.Faces.Console.Forms;

/// <summary>
/// One field of a business-data form, as the page draws it. <see cref="Path"/> is the engine's field path
/// (<c>items[1].amount</c>, <c>@currency</c>), which is also how the engine names a field in its validation errors, so an
/// error lands beside its input.
/// </summary>
public abstract record FormNode(string Path, string Label, bool Required, IReadOnlyList<string> Errors)
{
    /// <summary>The form post name of the field.</summary>
    public string InputName => MessageForm.Prefix + Path;

    /// <summary>An HTML id made of the path (letters, digits and dashes only, so it is safe anywhere).</summary>
    public string Id => "f-" + new string([.. Path.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);

    public string ErrorId => Id + "-error";
}

/// <summary>A simple value: text, a number, a yes/no, a date, a date and time, or a time.</summary>
public sealed record ValueNode(string Path, string Label, bool Required, IReadOnlyList<string> Errors, FieldType Type, string Value)
    : FormNode(Path, Label, Required, Errors);

/// <summary>A nested element: its fields, drawn as a group.</summary>
public sealed record GroupNode(string Path, string Label, bool Required, IReadOnlyList<string> Errors, IReadOnlyList<FormNode> Fields)
    : FormNode(Path, Label, Required, Errors);

/// <summary>A repeated field: one row per occurrence, with a button to add a row and one per row to remove it.</summary>
public sealed record ListNode(string Path, string Label, bool Required, IReadOnlyList<string> Errors, IReadOnlyList<FormNode> Rows)
    : FormNode(Path, Label, Required, Errors);
