namespace Taskforge.Storage.HumanTasks;

/// <summary>
/// A parameter of translated SQL: <see cref="Name"/> without the <c>@</c>. Values are <see cref="string"/>,
/// <see cref="long"/>, <see cref="decimal"/>, <see cref="bool"/>, <see cref="int"/> (constants), <see cref="byte"/>[] and
/// <see cref="DateTimeOffset"/> (UTC); the store converts instants to its own representation.
/// </summary>
internal sealed record SqlQueryParameter(string Name, object Value);
