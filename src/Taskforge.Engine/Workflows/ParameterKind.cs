namespace Taskforge.Engine.Workflows;

/// <summary>The kinds of value a workflow parameter or attribute can hold (vRO's type system).</summary>
public enum ParameterKind
{
    String,
    Number,
    Boolean,
    Date,
    Array,
    Properties,
    SecureString,
    Any,

    /// <summary>A plug-in object such as <c>VC:VirtualMachine</c>, carried as a reference (type, id, href).</summary>
    SdkObject,
}
