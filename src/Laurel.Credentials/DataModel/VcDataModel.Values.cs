using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Laurel.Credentials.DataModel;

// Value rules shared by credentials and presentations: URLs, types, language values, dates, status entries.
public static partial class VcDataModel
{
    private static readonly string[] NoTypes = [];

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>
    /// An absolute URL (RFC 3986 §4.3; IRIs allowed): a scheme, a colon, and no characters a URL can never hold
    /// (whitespace, controls, <c>&lt;&gt;"{}|\^`</c>, a '%' not followed by two hex digits).
    /// </summary>
    public static bool IsUrl(string value)
    {
        var colon = value.IndexOf(':');
        if (colon < 1 || !char.IsAsciiLetter(value[0])) return false;
        for (var i = 1; i < colon; i++)
            if (!(char.IsAsciiLetterOrDigit(value[i]) || value[i] is '+' or '-' or '.')) return false;
        for (var i = colon + 1; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`')
                return false;
            if (c == '%' && (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2])))
                return false;
        }
        return true;
    }

    // The node itself (path as given) or each array item (path[i]).
    private static IEnumerable<(JsonNode? Item, string Path)> Each(JsonNode? node, string path) => node is JsonArray a
        ? a.Select((item, i) => (item, $"{path}[{i}]"))
        : [(node, path)];

    private static IReadOnlyList<string> TypesOf(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(Text).OfType<string>().ToList(),
        _ when Text(node) is { } s => [s],
        _ => NoTypes,
    };

    // VC-1.2: one or more terms and/or absolute URL strings.
    private static IReadOnlyList<string> TypeValues(List<DataModelProblem> p, JsonNode? node, bool present, string path)
    {
        if (!present || node is null or JsonArray { Count: 0 })
        {
            p.Add(new(path, MissingType, "A type is required (VC-1.2)."));
            return NoTypes;
        }
        var types = new List<string>();
        foreach (var (item, itemPath) in Each(node, path))
        {
            var type = Text(item);
            if (type is null) p.Add(new(itemPath, BadType, "A type must be a term or an absolute URL string (VC-1.2)."));
            else if (type.Length == 0 || (type.Contains(':') && !IsUrl(type)) || type.Any(char.IsWhiteSpace))
                p.Add(new(itemPath, BadType, $"'{type}' is neither a term nor an absolute URL (VC-1.2)."));
            else types.Add(type);
        }
        return types;
    }

    private static void SingleUrl(List<DataModelProblem> p, JsonNode? node, string path, string what)
    {
        if (node is JsonArray) p.Add(new(path, Multiple, $"{what} must be a single URL, not several."));
        else if (Text(node) is not { } url) p.Add(new(path, NotUrl, $"{what} must be a URL string."));
        else if (!IsUrl(url)) p.Add(new(path, NotUrl, $"{what} '{url}' is not a URL."));
    }

    // VC 2.0 §4.4: an id, when present, is one URL (null is not an identifier).
    private static void OptionalId(List<DataModelProblem> p, JsonObject o, string name, string parent)
    {
        if (o.ContainsKey(name)) SingleUrl(p, o[name], parent.Length == 0 ? name : $"{parent}.{name}", "id");
    }

    // VC 2.0 §4.6/§11.1: name and description are strings or language value objects (one or several).
    private static void LanguageValues(List<DataModelProblem> p, JsonObject o, string parent)
    {
        foreach (var name in (string[])["name", "description"])
        {
            if (!o.TryGetPropertyValue(name, out var node)) continue;
            var path = parent.Length == 0 ? name : $"{parent}.{name}";
            if (node is JsonArray { Count: 0 }) p.Add(new(path, LanguageValue, $"{name} must not be an empty list."));
            foreach (var (value, itemPath) in Each(node, path))
                if (!IsLanguageValue(value))
                    p.Add(new(itemPath, LanguageValue,
                        $"{name} must be a string or a language value object with only @value, @language and @direction (VC 2.0 §11.1)."));
        }
    }

    private static bool IsLanguageValue(JsonNode? node)
    {
        if (Text(node) is not null) return true;
        if (node is not JsonObject o || Text(o["@value"]) is null) return false;
        foreach (var (key, value) in o)
        {
            var ok = key switch
            {
                "@value" => true,
                "@language" => Text(value) is { } tag && LanguageTag().IsMatch(tag),
                "@direction" => Text(value) is "ltr" or "rtl",
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    [GeneratedRegex("^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"^-?(\d{4,})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex XsdDateTime();

    /// <summary>
    /// Parses an xsd:dateTimeStamp (<paramref name="zoneRequired"/>) or xsd:dateTime (no zone read as UTC). Returns
    /// false for anything else; <paramref name="value"/> is null for a well-formed year beyond 9999.
    /// </summary>
    public static bool TryParseDateTime(string text, bool zoneRequired, out DateTimeOffset? value)
    {
        value = null;
        var match = XsdDateTime().Match(text);
        if (!match.Success || (zoneRequired && !match.Groups[3].Success)) return false;
        if (match.Groups[1].Value.Length > 4 || text.StartsWith('-')) return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        value = parsed;
        return true;
    }

    private static DateTimeOffset? DateValue(List<DataModelProblem> p, JsonObject o, string name, bool zoneRequired)
    {
        if (!o.TryGetPropertyValue(name, out var node)) return null;
        if (Text(node) is { } text && TryParseDateTime(text, zoneRequired, out var value)) return value;
        p.Add(new(name, DateTimeFormat, zoneRequired
            ? $"{name} must be an XML Schema dateTimeStamp with a time zone, e.g. 2025-06-30T12:00:00Z (VC 2.0 §4.9)."
            : $"{name} must be an XML Schema dateTime, e.g. 2025-06-30T12:00:00Z."));
        return null;
    }

    // SL-6.1: BitstringStatusListEntry fields.
    private static void BitstringEntry(List<DataModelProblem> p, JsonObject entry, string path)
    {
        if (Text(entry["statusPurpose"]) is not { Length: > 0 })
            p.Add(new(path + ".statusPurpose", StatusEntry, "A BitstringStatusListEntry needs a statusPurpose (SL-6.1)."));
        var index = entry["statusListIndex"];
        var indexOk = Text(index) is { Length: > 0 } s ? s.All(char.IsAsciiDigit)
            : index is JsonValue v && v.TryGetValue<long>(out var n) && n >= 0;
        if (!indexOk)
            p.Add(new(path + ".statusListIndex", StatusEntry, "statusListIndex must be a non-negative integer written as a base-10 string (SL-6.1)."));
        var list = Text(entry["statusListCredential"]);
        if (list is null || !IsUrl(list))
            p.Add(new(path + ".statusListCredential", StatusEntry, "statusListCredential must be the URL of a status list credential (SL-6.1)."));
        else if (Text(entry["id"]) == list)
            p.Add(new(path + ".id", StatusEntry, "A status entry's id must not be the status list's URL (SL-6.1)."));
    }
}
