namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>
/// A text in one or more locales, like IBM's per-locale display names and descriptions (the <c>*_DESC</c> views). The key
/// <see cref="DefaultLocale"/> (empty) holds the text given without a locale.
/// </summary>
public sealed record LocalizedText(IReadOnlyDictionary<string, string> ByLocale)
{
    public const string DefaultLocale = "";

    public static LocalizedText Of(string text) => new(new Dictionary<string, string>(StringComparer.Ordinal) { [DefaultLocale] = text });

    /// <summary>The text for a locale such as <c>de-CH</c>: exact, then the language (<c>de</c>), then the default, then <c>en</c>, then any.</summary>
    public string Get(string? locale)
    {
        if (!string.IsNullOrEmpty(locale))
        {
            if (Find(locale) is { } exact)
            {
                return exact;
            }

            var dash = locale.IndexOfAny(['-', '_']);
            if (dash > 0 && Find(locale[..dash]) is { } language)
            {
                return language;
            }
        }

        return Find(DefaultLocale) ?? Find("en") ?? ByLocale.Values.FirstOrDefault() ?? "";
    }

    private string? Find(string locale) =>
        ByLocale.FirstOrDefault(p => string.Equals(p.Key, locale, StringComparison.OrdinalIgnoreCase)).Value;
}
