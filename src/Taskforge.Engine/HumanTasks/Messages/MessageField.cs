namespace Taskforge.Engine.HumanTasks.Messages;

/// <summary>
/// One field of a message: a child element (or, with <see cref="Attribute"/>, an XML attribute, <c>@name</c> in JSON).
/// <see cref="Repeated"/> fields may occur any number of times (an array in JSON); <see cref="Fields"/> is set only for
/// <see cref="FieldType.Complex"/>.
/// </summary>
public sealed record MessageField(string Name, FieldType Type, bool Required, bool Repeated, bool Attribute, IReadOnlyList<MessageField> Fields);
