using System.Security.Cryptography;
using System.Text;

namespace Taskforge.Engine.Identity;

/// <summary>
/// Bearer token secrets: 256 random bits, so a plain SHA-256 is a safe thing to store (no key stretching needed,
/// and lookup by hash stays one indexed query).
/// </summary>
public static class TokenSecrets
{
    public const string Marker = "tf_";

    public static string NewSecret() => Marker + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The first characters, kept in clear so people can tell their tokens apart.</summary>
    public static string PrefixOf(string secret) => secret.Length <= 10 ? secret : secret[..10];

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
