using System.Text.RegularExpressions;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.Identity;

/// <summary>What makes a user or group name, password or e-mail acceptable.</summary>
internal static partial class IdentityRules
{
    public const int MaxNameLength = 128;

    // Letters, digits and the punctuation directory names use (alice, a.b@corp.example, CORP\alice, svc-backup).
    [GeneratedRegex(@"^[\p{L}\p{Nd}][\p{L}\p{Nd}._@\\\-]*$")]
    private static partial Regex NamePattern();

    public static void CheckName(ValidationErrors errors, string field, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(field, "is required.");
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(field, $"must be at most {MaxNameLength} characters.");
        }
        else if (!NamePattern().IsMatch(name))
        {
            errors.Add(field, "may contain letters, digits and . _ @ \\ - and must start with a letter or digit.");
        }
    }

    public static void CheckPassword(ValidationErrors errors, string? password, int minimumLength)
    {
        if (password is null)
        {
            return;
        }

        if (password.Length < minimumLength)
        {
            errors.Add("password", $"must be at least {minimumLength} characters.");
        }
        else if (password.Length > 1024)
        {
            errors.Add("password", "must be at most 1024 characters.");
        }
    }

    public static void CheckOptionalText(ValidationErrors errors, string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters.");
        }
    }

    public static void CheckEmail(ValidationErrors errors, string? email)
    {
        if (email is null || email.Length == 0)
        {
            return;
        }

        CheckOptionalText(errors, "email", email, 254);
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == email.Length - 1 || email.Contains(' ', StringComparison.Ordinal))
        {
            errors.Add("email", "is not an e-mail address.");
        }
    }
}
