namespace Taskforge.Server.Faces.Console.Forms;

/// <summary>What the business-data partial draws: the fields, and whether they are for reading only.</summary>
public sealed record MessageFieldsView(IReadOnlyList<FormNode> Nodes, bool ReadOnly);
