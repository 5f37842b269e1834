using Taskforge.Engine.Workflows;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Server.Faces.Console.Forms;

/// <summary>How a workflow input is drawn: which HTML control suits its vRO type.</summary>
public enum RunInputKind
{
    /// <summary>string: a text input.</summary>
    Text,

    /// <summary>number: a number input.</summary>
    Number,

    /// <summary>boolean: a checkbox (with a hidden false, so an unticked box says no).</summary>
    Boolean,

    /// <summary>Date: a datetime-local input carrying UTC (class <c>utc-time</c>; the script shows local time).</summary>
    Date,

    /// <summary>SecureString: a password input whose value is never sent back to the browser.</summary>
    Secret,

    /// <summary>Any, a plug-in object, or an array of either: JSON in a text area.</summary>
    Json,

    /// <summary>Array/T of a simple T: one row per element, each drawn as T is.</summary>
    List,

    /// <summary>Properties: key and value rows.</summary>
    Properties,
}

/// <summary>A key and its value, one row of a Properties input.</summary>
public sealed record PropertyRow(string Key, string Value);

/// <summary>
/// One input of the run form as the person has it: <see cref="Value"/> for a single value (as the browser's control
/// holds it), <see cref="Rows"/> for an array, <see cref="Pairs"/> for properties, and the engine's problem with it. A
/// secure string's value is only ever the one just posted, on its way to the engine; <see cref="RunForm.ShowAgain"/>
/// empties it before the form is drawn again.
/// </summary>
public sealed record RunInput(
    ParameterDefinition Parameter, RunInputKind Kind, string Value, IReadOnlyList<string> Rows, IReadOnlyList<PropertyRow> Pairs, string? Error = null)
{
    public string Name => Parameter.Name;

    /// <summary>
    /// The parameter's own name: operators know inputs by it (scripts, API calls and the engine's messages use it), and a
    /// name made into words guesses wrong too often ("cpus" → "Cpus").
    /// </summary>
    public string Label => Parameter.Name;

    /// <summary>The type as vRO writes it (<c>Array/string</c>, <c>SecureString</c>, <c>VC:VirtualMachine</c>).</summary>
    public string TypeName => Parameter.Type.ToString();

    /// <summary>How each row of an array is drawn.</summary>
    public RunInputKind ElementKind => RunForm.KindOf(Parameter.Type.Element ?? ParameterType.Any);

    /// <summary>The form post name: parameter names are letters, digits, <c>_</c> and <c>$</c>, so it needs no escaping.</summary>
    public string InputName => RunForm.Prefix + Parameter.Name;

    public string Id => "in-" + Parameter.Name.Replace('$', '-');

    public string ErrorId => Id + "-error";

    public string HintId => Id + "-hint";

    public string RowName(int row) => $"{InputName}[{row}]";

    public string RowId(int row) => $"{Id}-{row}";
}
