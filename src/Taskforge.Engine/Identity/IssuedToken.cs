namespace Taskforge.Engine.Identity;

/// <summary>A token just created: the only moment its secret exists outside the client.</summary>
public sealed record IssuedToken(ApiToken Token, string Secret);
