using System.Text.Json.Nodes;

namespace Taskforge.Engine.Workflows.Scripting;

/// <summary>
/// A workflow input, attribute or output seen by a script as a global variable, with its canonical value.
/// A script may assign to a variable that is not <see cref="Writable"/> (inputs, as in vRO), but the new value is
/// local to the run: it is never read back into the result.
/// </summary>
public sealed record ScriptVariable(string Name, ParameterType Type, JsonNode? Value, bool Writable);
