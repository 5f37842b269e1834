using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;

namespace Taskforge.Fuzz;

/// <summary>Who sends a request: the credentials it carries.</summary>
public enum Caller
{
    Admin,
    User,
    Anonymous,
    Broken,
}

/// <summary>
/// One generated request. <see cref="Target"/> is the path and query as sent; <see cref="Raw"/> requests are written
/// to the socket byte for byte (so <c>..</c>, NUL and conflicting framing headers reach the server unchanged),
/// the others go through <see cref="HttpClient"/>. <see cref="Mutations"/> says what was done to the valid request.
/// </summary>
public sealed record FuzzRequest(
    FuzzRoute Route, string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body, string? ContentType,
    Caller Caller, bool Raw, string Mutations)
{
    public override string ToString() =>
        $"{Method} {Target} [{Route.Key}; {Caller}{(Raw ? "; raw" : "")}; {Mutations}] {ContentType} {Body?.Length ?? 0} bytes: {Preview()}";

    private string Preview()
    {
        if (Body is null)
        {
            return "";
        }

        var text = Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300));
        return text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
    }
}

/// <summary>
/// CsCheck generators of requests for every route of the table: the route's valid request (<see cref="RouteShapes"/>)
/// mutated field by field, or its parts replaced by hostile ones: wrong types, missing and extra fields, huge and
/// deeply nested JSON and XML, odd encodings and Unicode, path segments with <c>%2F</c>, <c>..</c> and NUL, duplicate
/// query parameters, conflicting headers and method overrides.
/// </summary>
public static partial class RequestGenerators
{
    // Text that parsers, routers and databases treat specially.
    private static readonly string[] HostileText =
    [
        "", " ", "x", "0", "-1", "2147483648", "99999999999999999999999", "1e400", "-0", "NaN", "true", "null", "[]", "{}",
        "'", "\"", "\\", "' OR '1'='1", "'; DROP TABLE users; --", "%", "_", "*", "?", "#", "&", "=", "+", ";", "|",
        "..", "../..", "/", "\0", "a\0b", "\r\nX-Injected: 1", "\t", "\u00e9\u0301", "\u200b", "\ufeff", "\U0001F600", "\u202e", "\uffff",
        "\u2028", "<script>alert(1)</script>", "${7*7}", "{{7*7}}", "$(id)", "`id`", "%s%s%s", "%00", "%2F", "%ZZ", "\\u0000", "\\ud800", "\\udfff\\ud800",
        "2026-02-30T25:61:61Z", "P9999999999Y", "-P1D", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "Europe/", "../../../etc/passwd",
        "TASK.STATE", "_TKI:", "_TKT:x", "every-fortnight", "61 * * * *", "CON", "aux", "admin", "everybody",
    ];

    private static readonly string[] HostileSegments =
    [
        "%2F", "x%2Fy", "..", "%2e%2e", "%2E%2E%2F", "..%2F..%2F", ".", "%00", "x%00y", "%ZZ", "%", "%C0%AE%C0%AE", "%E2%80%AE",
        "%F0%9F%98%80", "%EF%BF%BF", "%ED%A0%80", "%FF", "%20", "+", ";", ";jsessionid=1", "x;y=z", "%3B", "%5C", "\\", "~",
        "%7B%7D", "*", "A", "_TKI:00000000000000000000000000000000", "_TKT:zzz", "-1", "0", "99999999999999999999",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "application/json; charset=bogus",
        "application/xml", "text/xml", "application/yaml", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
        "multipart/form-data; boundary=x", "application/problem+json", "application/vnd.x+json", "*/*", "json", "", ";;;",
        "application/json; charset=\"utf-8\"; charset=latin1", "application/octet-stream",
    ];

    private static readonly string[] Accepts =
    [
        "*/*", "application/json", "application/xml", "text/xml", "text/html", "application/json;q=0", "application/xml, application/json;q=0.5",
        "image/png", "text/event-stream", "application/problem+json", "*/*;q=0", "garbage", "application/*", ";;", "application/json, application/json",
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FUZZ"];

    [GeneratedRegex(@"\{([^}?:*]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    public static Gen<FuzzRequest> Requests(IReadOnlyList<FuzzRoute> routes, Func<IReadOnlyDictionary<string, string>> ids) =>
        Gen.Int[0, routes.Count - 1].SelectMany(i => ForRoute(routes[i], ids));

    private static Gen<FuzzRequest> ForRoute(FuzzRoute route, Func<IReadOnlyDictionary<string, string>> ids)
    {
        var shapes = RouteShapes.For(route);
        return Gen.Select(
            Gen.Int[0, shapes.Count - 1],
            Gen.Frequency((6, Gen.Const(0)), (4, Gen.Int[1, 3])),
            Mutation.Array[0, 4],
            Gen.Frequency((14, Gen.Const(Caller.Admin)), (2, Gen.Const(Caller.User)), (1, Gen.Const(Caller.Anonymous)), (1, Gen.Const(Caller.Broken))),
            Gen.Int[0, 9],
            Gen.ULong)
            .Select(t =>
            {
                var (shapeIndex, hostileSegments, mutations, caller, rawDie, salt) = t;
                var shape = shapes[shapeIndex];
                var known = ids();
                var random = new Random(unchecked((int)salt));
                var path = RouteParameter().Replace(route.Pattern, m =>
                    hostileSegments > 0 && random.Next(3) == 0
                        ? HostileSegments[random.Next(HostileSegments.Length)]
                        : Uri.EscapeDataString(RouteShapes.Value(route.Pattern, m.Groups[1].Value, known)));
                var query = Placeholders(shape.Query, known);
                var draft = new Draft(route, route.Method, path, query, shape.Body is null ? null : Placeholders(shape.Body, known), shape.ContentType, caller);
                foreach (var mutation in mutations)
                {
                    try
                    {
                        mutation(draft, random);
                    }
                    catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
                    {
                        // A mutation that cannot apply to this body (too deep to rewrite, say) leaves it as it was.
                        draft.Note("(" + ex.GetType().Name + ")");
                    }
                }

                // One in ten goes to the socket as written; a raw target may hold what HttpClient would escape or resolve.
                var raw = rawDie == 0 || draft.NeedsRaw;
                return draft.Build(raw);
            });
    }

    private static string Placeholders(string text, IReadOnlyDictionary<string, string> ids) => text
        .Replace("{antiforgery}", Uri.EscapeDataString(ids.GetValueOrDefault("antiforgery", "")), StringComparison.Ordinal)
        .Replace("{template}", Uri.EscapeDataString(ids.GetValueOrDefault("template", "_TKT:x")), StringComparison.Ordinal)
        .Replace("{task}", Uri.EscapeDataString(ids.GetValueOrDefault("task", "_TKI:x")), StringComparison.Ordinal);

    /// <summary>The mutations, each applied to a request being built; a request gets up to four.</summary>
    private static Gen<Action<Draft, Random>> Mutation { get; } = Gen.Frequency(
        (6, Gen.Const<Action<Draft, Random>>(BodyField)),
        (2, Gen.Const<Action<Draft, Random>>(BodyText)),
        (2, Gen.Const<Action<Draft, Random>>(BodyReplaced)),
        (3, Gen.Const<Action<Draft, Random>>(QueryParameter)),
        (2, Gen.Const<Action<Draft, Random>>(PathShape)),
        (3, Gen.Const<Action<Draft, Random>>(Header)),
        (1, Gen.Const<Action<Draft, Random>>(MethodChange)));

    private static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    // A field of a JSON body changed: removed, added, its value of the wrong type, or doubled under the same key.
    private static void BodyField(Draft draft, Random random)
    {
        JsonNode? root;
        try
        {
            root = draft.Body is null ? null : JsonNode.Parse(draft.Body);
        }
        catch (System.Text.Json.JsonException)
        {
            BodyText(draft, random);
            return;
        }

        if (root is null)
        {
            draft.Body = "{}";
            draft.Note("body {}");
            return;
        }

        var containers = new List<JsonNode>();
        Collect(root, containers);
        if (containers.Count == 0)
        {
            BodyText(draft, random);
            return;
        }

        var target = random.Pick(containers);
        switch (target, random.Next(5))
        {
            case (JsonObject obj, 0) when obj.Count > 0:
                var removed = obj.ElementAt(random.Next(obj.Count)).Key;
                obj.Remove(removed);
                draft.Note($"-{removed}");
                break;
            case (JsonObject obj, 1):
                var extra = random.Next(2) == 0 ? random.Pick(HostileText) : "extra" + random.Next(100);
                obj[extra] = Value(random);
                draft.Note($"+{extra}");
                break;
            case (JsonObject obj, 2) when obj.Count > 0:
                // A repeated key cannot be built as a JsonObject: it is written into the text.
                var first = obj.First();
                var text = root.ToJsonString();
                var at = text.IndexOf(obj.ToJsonString(), StringComparison.Ordinal) + 1;
                draft.Body = text.Insert(at, $"{System.Text.Json.JsonSerializer.Serialize(first.Key)}:{Value(random)?.ToJsonString() ?? "null"},");
                draft.Note($"dup {first.Key}");
                return;
            case (JsonObject obj, _) when obj.Count > 0:
                var key = obj.ElementAt(random.Next(obj.Count)).Key;
                obj[key] = Value(random);
                draft.Note($"{key}=?");
                break;
            case (JsonArray array, _) when array.Count > 0:
                array[random.Next(array.Count)] = Value(random);
                draft.Note("[i]=?");
                break;
            case (JsonArray array, _):
                array.Add(Value(random));
                draft.Note("[+]");
                break;
            default:
                BodyText(draft, random);
                return;
        }

        draft.Body = root.ToJsonString();
    }

    private static void Collect(JsonNode node, List<JsonNode> containers)
    {
        if (node is JsonObject or JsonArray)
        {
            containers.Add(node);
        }

        foreach (var child in node switch { JsonObject o => o.Select(p => p.Value), JsonArray a => a, _ => [] })
        {
            if (child is not null)
            {
                Collect(child, containers);
            }
        }
    }

    // A value of any type: the wrong one for most fields.
    private static JsonNode? Value(Random random) => random.Next(12) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
        3 => JsonNode.Parse(random.Pick(["1e308", "-0.0", "123456789012345678901234567890", "0.000000000000000000001", "-9223372036854775809"])),
        4 => new JsonArray(),
        5 => new JsonObject(),
        6 => new string(random.Pick(['x', '\u00e9', '\u200b']), random.Next(1, 70_000)),
        7 => JsonNode.Parse(new string('[', 200) + new string(']', 200), documentOptions: new() { MaxDepth = 256 }),
        8 => new JsonArray([.. Enumerable.Range(0, random.Next(1, 2000)).Select(i => JsonValue.Create(i))]),
        9 => JsonValue.Create("\u0000\u001f\u007f\ufffe"),
        _ => JsonValue.Create(random.Pick(HostileText)),
    };

    // The body's text changed where no parser would look: cut short, a byte flipped, a special character inserted.
    private static void BodyText(Draft draft, Random random)
    {
        var text = draft.Body ?? "";
        var at = text.Length == 0 ? 0 : random.Next(text.Length);
        switch (random.Next(4))
        {
            case 0:
                draft.Body = text[..at];
                draft.Note($"cut@{at}");
                break;
            case 1 when text.Length > 0:
                draft.Body = text.Remove(at, 1).Insert(at, ((char)random.Next(0, 0x3000)).ToString());
                draft.Note($"flip@{at}");
                break;
            default:
                draft.Body = text.Insert(at, random.Pick(HostileText));
                draft.Note($"ins@{at}");
                break;
        }
    }

    // The body replaced by one built to hurt: deep, huge, recursive entities, another encoding.
    private static void BodyReplaced(Draft draft, Random random)
    {
        var depth = random.Pick([100, 1_000, 100_000]);
        (string Body, string Type, string Note) replacement = random.Next(12) switch
        {
            0 => (new string('[', depth) + new string(']', depth), "application/json", $"json[{depth}"),
            1 => (string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth), "application/json", $"json{{{depth}"),
            2 => ("{\"parameters\":[" + string.Join(',', Enumerable.Repeat("{\"name\":\"a\",\"type\":\"string\",\"value\":{\"string\":{\"value\":\"x\"}}}", 20_000)) + "]}",
                "application/json", "json 20k params"),
            3 => (string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)), "application/xml", $"xml<{depth}"),
            4 => ("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><request>&lol3;</request>", "application/xml", "xml laughs"),
            5 => ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><request><note>&x;</note></request>", "application/xml", "xml xxe"),
            6 => (new string('x', random.Pick([70_000, 1_100_000, 3_000_000])), draft.ContentType ?? "application/json", "huge"),
            7 => ("\ufeff" + (draft.Body ?? "{}"), draft.ContentType ?? "application/json", "bom"),
            8 => ("a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                + "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n", "application/yaml", "yaml laughs"),
            9 => (string.Concat(Enumerable.Repeat("- ", Math.Min(depth, 5_000))) + "x", "application/yaml", "yaml deep"),
            10 => ("<?xml version=\"1.0\" encoding=\"UTF-16\"?><request xmlns=\"http://example/fuzz\"><amount>1</amount></request>", "application/xml", "xml utf-16 decl"),
            _ => ("", draft.ContentType ?? "application/json", "empty"),
        };
        (draft.Body, draft.ContentType) = (replacement.Body, replacement.Type);
        draft.Note(replacement.Note);
    }

    // A query parameter removed, doubled with another value, given a hostile value, or one added that nobody reads.
    private static void QueryParameter(Draft draft, Random random)
    {
        var pairs = draft.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).ToList();
        var names = pairs.Select(p => p.Split('=')[0]).Concat(["whereClause", "size", "offset", "maxResult", "startIndex", "limit", "action", "mode", "state",
            "taskTemplateID", "conditions", "admin", "interactionFilter", "queryFilter", "page", "tab", "sort", "q", "after", "count", "user"]).ToList();
        var name = random.Pick(names);
        var value = Uri.EscapeDataString(random.Pick(HostileText));
        switch (random.Next(5))
        {
            case 0 when pairs.Count > 0:
                pairs.RemoveAt(random.Next(pairs.Count));
                draft.Note("-param");
                break;
            case 1:
                pairs.Add($"{name}={value}");
                pairs.Add($"{name}={Uri.EscapeDataString(random.Pick(HostileText))}");
                draft.Note($"dup {name}");
                break;
            case 2:
                pairs.Add($"{name}={new string('9', random.Pick([20, 5_000, 12_000]))}");
                draft.Note($"long {name}");
                break;
            case 3:
                pairs.Add(random.Pick(["%ZZ=1", "=", "&&", "a[b]=1", "a=%", "%00=%00", $"{name}", "+=+", $"{name}=%E2%80%AE"]));
                draft.Note("odd param");
                break;
            default:
                pairs.Add($"{name}={value}");
                draft.Note($"{name}=?");
                break;
        }

        draft.Query = "?" + string.Join('&', pairs);
    }

    // The path itself bent: dot segments, doubled or encoded slashes, another case, a matrix parameter, a NUL.
    private static void PathShape(Draft draft, Random random)
    {
        var (path, note, raw) = random.Next(8) switch
        {
            0 => (draft.Path + "/..", "/..", true),
            1 => (draft.Path.Replace("/", "//", StringComparison.Ordinal), "//", false),
            2 => (draft.Path.ToUpperInvariant(), "UPPER", false),
            3 => (draft.Path + "/", "trailing /", false),
            4 => (draft.Path + "/%2e%2e/%2e%2e/api/v1/users", "%2e%2e", false),
            5 => (draft.Path + "\0", "NUL", true),
            6 => ("/x/../" + draft.Path.TrimStart('/'), "x/..", true),
            _ => (draft.Path + ";a=b", ";matrix", false),
        };
        (draft.Path, draft.NeedsRaw) = (path, draft.NeedsRaw || raw);
        draft.Note(note);
    }

    // A header that contradicts another or that servers often trust: method overrides, types, encodings, credentials.
    private static void Header(Draft draft, Random random)
    {
        switch (random.Next(10))
        {
            case 0:
                draft.Headers.Add(new(random.Pick(["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"]), random.Pick(Methods)));
                draft.Note("override");
                break;
            case 1:
                draft.ContentType = random.Pick(ContentTypes);
                draft.Note($"ct {draft.ContentType}");
                break;
            case 2:
                draft.Headers.Add(new("Accept", random.Pick(Accepts)));
                draft.Note("accept");
                break;
            case 3:
                draft.Headers.Add(new("Content-Encoding", random.Pick(["gzip", "br", "identity", "x-unknown"])));
                draft.Note("encoding");
                break;
            case 4:
                draft.Headers.Add(new("X-Requested-With", "XMLHttpRequest"));
                draft.Note("xhr");
                break;
            case 5:
                draft.Headers.Add(new("Accept-Language", random.Pick(["de-CH", "xx-INVALID", "*", "en;q=2", new string('a', 4000)])));
                draft.Note("lang");
                break;
            case 6:
                draft.Headers.Add(new("Cookie", random.Pick([".Taskforge.Session=garbage", "a=b; a=c", ".AspNetCore.Antiforgery.x=" + new string('A', 3000)])));
                draft.Note("cookie");
                break;
            case 7:
                // Framing that contradicts itself: only the raw writer can send it.
                draft.Framing = random.Pick(["Content-Length: 5\r\nContent-Length: 7", "Transfer-Encoding: chunked\r\nContent-Length: 3", "Content-Length: -1",
                    "Content-Length: 99999999", "Transfer-Encoding: gzip, chunked", "Expect: 100-continue"]);
                draft.NeedsRaw = true;
                draft.Note("framing");
                break;
            case 8:
                draft.Headers.Add(new("Host", random.Pick(["evil.example", "", "127.0.0.1:1", "[::1]"])));
                draft.NeedsRaw = true;
                draft.Note("host");
                break;
            default:
                draft.Headers.Add(new("If-Match", random.Pick(["*", "\"x\"", "W/\"1\"", "garbage"])));
                draft.Note("if-match");
                break;
        }
    }

    private static void MethodChange(Draft draft, Random random)
    {
        draft.Method = random.Pick(Methods);
        draft.Note($"method {draft.Method}");
    }

    /// <summary>A request being built and mutated.</summary>
    private sealed class Draft(FuzzRoute route, string method, string path, string query, string? body, string? contentType, Caller caller)
    {
        private readonly List<string> _notes = [];

        public string Method { get; set; } = method;

        public string Path { get; set; } = path;

        public string Query { get; set; } = query;

        public string? Body { get; set; } = body;

        public string? ContentType { get; set; } = body is null ? null : contentType;

        public List<KeyValuePair<string, string>> Headers { get; } = [];

        public string? Framing { get; set; }

        public bool NeedsRaw { get; set; }

        public void Note(string what) => _notes.Add(what);

        public FuzzRequest Build(bool raw)
        {
            if (Framing is not null && raw)
            {
                Headers.Add(new("X-Framing", Framing));
            }

            var body = Body is null ? null : Encoding.UTF8.GetBytes(Body);
            if (ContentType?.Contains("utf-16", StringComparison.OrdinalIgnoreCase) == true && Body is not null)
            {
                body = Encoding.Unicode.GetBytes(Body);
            }

            return new FuzzRequest(route, Method, Path + Query, [.. Headers], body, ContentType, caller, raw,
                _notes.Count == 0 ? "valid" : string.Join(", ", _notes));
        }
    }
}
