using CsCheck;

namespace Taskforge.Fuzz.Parsers;

/// <summary>
/// Inputs for the parser targets without afl++: a seed mutated a few times (characters that parsers treat specially
/// inserted, ranges deleted, doubled, repeated into deep nesting, spliced from another seed), or plain noise.
/// </summary>
public static class ParserInputs
{
    private static readonly string[] Specials =
    [
        "\0", "\n", "\r\n", "\t", " ", "'", "\"", "\\", "(", ")", "[", "]", "{", "}", "<", ">", "/", ":", ",", ".", "-", "+", "*",
        "?", "&", "%", "#", "=", "|", "!", "~", "$", "@", "T", "P", "Z", "e", "E", "0", "9", "-1", "99999999999999999999",
        "1e308", "NaN", "\u00e9", "\u0301", "\u200b", "\ufeff", "\\ud800", "&#xD800;", "\U0001F600", "\u2028", "&#0;", "&amp;", "<![CDATA[",
        "]]>", "<!--", "<!DOCTYPE x [<!ENTITY e \"e\">]>", "&e;", "xmlns=\"\"", "xsi:nil=\"true\"", "---\n", "&a ", "*a", "!!str ",
        "? ", ": ", "- ", "null", "true", "AND", "OR", "NOT", "LIKE", "IN", "IS NULL", "TS('", "ID('", "BIN('", "TASK.STATE",
        "every-minutes", "monday", "31", "24:00", "L", "W", "#5", "*/0", "1-", "Europe/Zurich", "days", "minutes", "hours",
    ];

    public static Gen<string> Mutated(IReadOnlyList<string> seeds) => Gen.Frequency(
        (8, Gen.Int[0, Math.Max(0, seeds.Count - 1)].SelectMany(i => MutationsOf(seeds.Count == 0 ? "" : seeds[i], seeds))),
        (1, Noise));

    private static Gen<string> Noise { get; } = Gen.OneOf(Specials).Array[0, 40].Select(parts => string.Concat(parts));

    private static Gen<string> MutationsOf(string seed, IReadOnlyList<string> seeds) =>
        Gen.Int[1, 5].SelectMany(count => Mutation(seeds).Array[count]).Select(mutations => mutations.Aggregate(seed, (text, m) => m(text)));

    private static Gen<Func<string, string>> Mutation(IReadOnlyList<string> seeds) => Gen.Frequency(
        (4, Gen.OneOf(Specials).Select(Gen.Double[0, 1]).Select(t => (Func<string, string>)(s => s.Insert(At(s, t.Item2), t.Item1)))),
        (2, Gen.Double[0, 1].Select(Gen.Int[1, 16]).Select(t => (Func<string, string>)(s =>
        {
            var at = At(s, t.Item1);
            return s.Remove(at, Math.Min(t.Item2, s.Length - at));
        }))),
        (2, Gen.Double[0, 1].Select(Gen.Int[1, 24], Gen.Int[2, 2000]).Select(t => (Func<string, string>)(s =>
        {
            // A range repeated many times: deep nesting when it holds an opening bracket or tag, long runs otherwise.
            var at = At(s, t.Item1);
            var range = s.Substring(at, Math.Min(t.Item2, s.Length - at));
            return s.Insert(at, string.Concat(Enumerable.Repeat(range, t.Item3)));
        }))),
        (1, Gen.Int[0, Math.Max(0, seeds.Count - 1)].Select(Gen.Double[0, 1], Gen.Double[0, 1]).Select(t => (Func<string, string>)(s =>
        {
            if (seeds.Count == 0)
            {
                return s;
            }

            var other = seeds[t.Item1];
            return s[..At(s, t.Item2)] + other[At(other, t.Item3)..];
        }))),
        (1, Gen.Char.Select(Gen.Double[0, 1]).Select(t => (Func<string, string>)(s => s.Insert(At(s, t.Item2), t.Item1.ToString())))));

    private static int At(string s, double fraction) => (int)(fraction * s.Length);
}

/// <summary>The seed inputs of each target (bench/Taskforge.Fuzz.Parsers/seeds/TARGET), copied beside the binary.</summary>
public static class ParserSeeds
{
    public static string Directory(string target) => Path.Combine(AppContext.BaseDirectory, "seeds", target);

    public static IReadOnlyList<string> For(string target) =>
        System.IO.Directory.Exists(Directory(target))
            ? [.. System.IO.Directory.EnumerateFiles(Directory(target)).Order(StringComparer.Ordinal).Select(File.ReadAllText)]
            : [];
}
