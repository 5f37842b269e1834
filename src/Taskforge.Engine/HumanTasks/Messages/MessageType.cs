namespace Taskforge.Engine.HumanTasks.Messages;

/// <summary>
/// The type of an input, output or fault message: the root element (local name and namespace) and its fields.
/// It stands in for the XSD element IBM's templates reference.
/// </summary>
public sealed record MessageType(string Element, string? Namespace, IReadOnlyList<MessageField> Fields)
{
    /// <summary>IBM's <c>{namespace}localname</c> form, as in <c>inputMessageTypeName</c>.</summary>
    public string TypeName => string.IsNullOrEmpty(Namespace) ? Element : $"{{{Namespace}}}{Element}";

    public MessageField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
