using Taskforge.Engine.Identity;

namespace Taskforge.Tests.Engine;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_IsSaltedAndVerifies()
    {
        var a = PasswordHasher.Hash("correct horse", 1000);
        var b = PasswordHasher.Hash("correct horse", 1000);

        Assert.NotEqual(a, b);
        Assert.True(PasswordHasher.Verify("correct horse", a));
        Assert.False(PasswordHasher.Verify("correct horse!", a));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain-text")]
    [InlineData("pbkdf2-sha256$x$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAA")]
    public void Verify_IsFalse_ForMalformedHashes(string? stored) => Assert.False(PasswordHasher.Verify("anything", stored));

    [Fact]
    public void TokenSecrets_AreRandomAndOnlyTheirHashIsNeeded()
    {
        var secret = TokenSecrets.NewSecret();

        Assert.StartsWith(TokenSecrets.Marker, secret, StringComparison.Ordinal);
        Assert.NotEqual(secret, TokenSecrets.NewSecret());
        Assert.Equal(64, TokenSecrets.HashOf(secret).Length);
        Assert.True(secret.Length > 40);
    }
}
