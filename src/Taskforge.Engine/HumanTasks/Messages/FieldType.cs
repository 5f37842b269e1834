namespace Taskforge.Engine.HumanTasks.Messages;

/// <summary>The XML Schema types a message field may have; <see cref="Complex"/> holds fields of its own.</summary>
public enum FieldType
{
    /// <summary><c>xsd:string</c>.</summary>
    String,

    /// <summary><c>xsd:int</c>, 32 bits.</summary>
    Int,

    /// <summary><c>xsd:long</c>, 64 bits.</summary>
    Long,

    /// <summary><c>xsd:integer</c>, any number of digits.</summary>
    Integer,

    /// <summary><c>xsd:double</c> (also accepts <c>float</c>).</summary>
    Double,

    /// <summary><c>xsd:decimal</c>, exact.</summary>
    Decimal,

    /// <summary><c>xsd:boolean</c>: true, false, 1, 0 in XML; true or false in JSON.</summary>
    Boolean,

    /// <summary><c>xsd:date</c>, <c>2026-01-31</c>.</summary>
    Date,

    /// <summary><c>xsd:dateTime</c>, <c>2026-01-31T10:00:00Z</c>.</summary>
    DateTime,

    /// <summary><c>xsd:time</c>, <c>10:00:00</c>.</summary>
    Time,

    /// <summary>A nested element with its own fields.</summary>
    Complex,
}
