using System.Text.Json;
using System.Text.Json.Nodes;

namespace Laurel.Credentials.OpenBadges;

/// <summary>Generic helpers (cardinality, type, URI, enumeration) used by the class rules.</summary>
internal sealed partial class ShapeRules
{
    public void One(JsonObject o, string name, string path, Action<JsonObject, string> rule)
    {
        switch (o[name])
        {
            case null: return;
            case JsonObject child: rule(child, $"{path}.{name}"); return;
            default: Problem($"{path}.{name}", $"{name} must be a single object."); return;
        }
    }

    public void Many(JsonObject o, string name, string path, Action<JsonObject, string> rule) =>
        Many(o, name, path, (node, p) =>
        {
            if (node is JsonObject child) rule(child, p);
            else Problem(p, $"Items of {name} must be objects.");
        });

    public void Many(JsonObject o, string name, string path, Action<JsonNode, string> rule)
    {
        var p = $"{path}.{name}";
        switch (o[name])
        {
            case null: return;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item) rule(item, $"{p}[{i}]");
                    else Problem($"{p}[{i}]", "null is not allowed here.");
                }
                return;
            case var single:
                if (requireArrays) Problem(p, $"{name} must be an array, even with one element (OB3-2.12).");
                rule(single, p);
                return;
        }
    }

    public void Optional(JsonObject o, string name, string path, Func<JsonNode?, object?> accepts)
    {
        if (o[name] is { } node && accepts(node) is null) Problem($"{path}.{name}", $"{name} has the wrong JSON type.");
    }

    public void RequiredText(JsonObject o, string name, string path)
    {
        if (o[name] is null) Problem($"{path}.{name}", $"{name} is required.");
        else if (Text(o[name]) is not { Length: > 0 } && o[name] is not JsonObject) Problem($"{path}.{name}", $"{name} must be a non-empty string.");
    }

    public void Uri(JsonObject o, string name, string path, bool required)
    {
        switch (o[name])
        {
            case null:
                if (required) Problem($"{path}.{name}", $"{name} is required.");
                return;
            case var node when Text(node) is { } s && IsUri(s):
                return;
            default:
                Problem($"{path}.{name}", $"{name} must be an absolute URI (with a scheme).");
                return;
        }
    }

    public void TypeContains(JsonObject o, string wanted, string path)
    {
        var type = o["type"];
        if (type is null) { Problem(path + ".type", $"type is required and must contain '{wanted}'."); return; }
        if (requireArrays && type is not JsonArray && wanted is not ("IdentityObject" or "IdentifierEntry"))
            Problem(path + ".type", "type must be an array (OB3-2.12).");
        if (!HasType(type, wanted)) Problem(path + ".type", $"type must contain '{wanted}'.");
    }

    public void Enumerated(JsonObject o, string name, string path, IReadOnlySet<string> allowed)
    {
        if (o[name] is not { } node) return;
        if (Text(node) is not { } s || !AchievementTypes.IsAllowed(allowed, s))
            Problem($"{path}.{name}", $"{name} '{Text(node)}' is neither a defined value nor an 'ext:' extension.");
    }

    public static bool HasType(JsonNode? node, string wanted)
    {
        if (node is JsonArray list)
        {
            foreach (var item in list)
                if (Text(item) == wanted) return true;
            return false;
        }
        return Text(node) == wanted;
    }

    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static object? Number(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v : null;

    /// <summary>An absolute URI: an RFC 3986 scheme followed by ':' and something.</summary>
    public static bool IsUri(string s)
    {
        var colon = s.IndexOf(':');
        if (colon < 1 || colon == s.Length - 1 || !char.IsAsciiLetter(s[0])) return false;
        for (var i = 1; i < colon; i++)
            if (!char.IsAsciiLetterOrDigit(s[i]) && s[i] is not ('+' or '-' or '.')) return false;
        foreach (var c in s)
            if (char.IsWhiteSpace(c) || char.IsControl(c)) return false;
        return true;
    }
}
