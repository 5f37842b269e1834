namespace Taskforge.Storage.Migrations;

/// <summary>One numbered, forward-only schema change of one dialect.</summary>
public sealed record Migration(int Version, string Name, string Sql);
