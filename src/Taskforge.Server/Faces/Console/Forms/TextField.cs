namespace Taskforge.Server.Faces.Console.Forms;

/// <summary>
/// One labelled input of a console form, with the engine's problem with it (if any) beside it. <see cref="ErrorKey"/> is
/// the engine's name for the field when the form's differs.
/// </summary>
public sealed record TextField(
    string Name, string Label, string? Value, FieldErrors Errors, string Type = "text", bool Required = false, string? Hint = null,
    string? Autocomplete = "off", string? ErrorKey = null)
{
    public string Id => "f-" + Name;

    public string? Error => Errors.For(ErrorKey ?? Name);
}
