using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Map = System.Collections.Generic.Dictionary<string, object?>;

namespace Laurel.Credentials.JsonLd;

/// <summary>
/// A JSON number that keeps its source text, so integers beyond 2^53 survive toRdf (digest JL-2.4).
/// </summary>
internal sealed class JsonNumber(double value, string text)
{
    public double Value { get; } = value;

    public string Text { get; } = text;

    /// <summary>True when the source text has no fraction or exponent part.</summary>
    public bool IsIntegerText => Text.AsSpan().IndexOfAny('.', 'e', 'E') < 0;

    public override string ToString() => Text;
}

/// <summary>
/// The algorithms work on a light internal tree (the spec's "internal representation"):
/// null, string, bool, <see cref="JsonNumber"/>, <c>List&lt;object?&gt;</c> and <c>Dictionary&lt;string, object?&gt;</c>.
/// It is cheaper than JsonNode and, unlike JsonNode, values may be shared between parents.
/// </summary>
internal static class JsonTree
{
    public static object? FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
            {
                var map = new Map(obj.Count);
                foreach (var (key, value) in obj) map[key] = FromNode(value);
                return map;
            }
            case JsonArray array:
            {
                var list = new List<object?>(array.Count);
                foreach (var item in array) list.Add(FromNode(item));
                return list;
            }
            default:
            {
                var value = node.AsValue();
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        // Values built from CLR types (DateTime, Guid, ...) are not stored as strings: read their JSON text.
                        return value.TryGetValue<string>(out var text) ? text : JsonSerializer.Deserialize<string>(value.ToJsonString())!;
                    case JsonValueKind.True: return true;
                    case JsonValueKind.False: return false;
                    case JsonValueKind.Number:
                    {
                        var number = value.ToJsonString();
                        return new JsonNumber(double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture), number);
                    }
                    default: return null;
                }
            }
        }
    }

    /// <summary>
    /// A JSON object as a tree map without one of its entries, read from the node in place: the proof check takes the secured
    /// document's map without <c>proof</c> this way instead of deep-cloning the whole document and removing the proof.
    /// </summary>
    public static Map FromObjectWithout(JsonObject obj, string skip)
    {
        var map = new Map(obj.Count);
        foreach (var (key, value) in obj)
            if (key != skip) map[key] = FromNode(value);
        return map;
    }

    public static object? Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        return FromNode(JsonNode.Parse(ref reader));
    }

    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        JsonNumber n => JsonNode.Parse(n.Text),
        List<object?> list => ToArray(list),
        Map map => ToObject(map),
        _ => throw new InvalidOperationException("unexpected value in JSON-LD tree: " + value.GetType().Name),
    };

    public static JsonArray ToArray(List<object?> list)
    {
        var array = new JsonArray();
        foreach (var item in list) array.Add(ToNode(item));
        return array;
    }

    private static JsonObject ToObject(Map map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map) obj[key] = ToNode(value);
        return obj;
    }

    /// <summary>Structural equality (numbers by value, maps ignoring entry order, arrays in order).</summary>
    public static bool DeepEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return true;
        switch (a)
        {
            case null: return b is null;
            case string s: return b is string t && s == t;
            case bool x: return b is bool y && x == y;
            case JsonNumber n: return b is JsonNumber m && n.Value.Equals(m.Value);
            case List<object?> l:
            {
                if (b is not List<object?> r || l.Count != r.Count) return false;
                for (var i = 0; i < l.Count; i++)
                    if (!DeepEquals(l[i], r[i])) return false;
                return true;
            }
            case Map ma:
            {
                if (b is not Map mb || ma.Count != mb.Count) return false;
                foreach (var (key, value) in ma)
                    if (!mb.TryGetValue(key, out var other) || !DeepEquals(value, other)) return false;
                return true;
            }
            default: return false;
        }
    }

    /// <summary>A hash consistent with <see cref="DeepEquals"/> (maps hash independently of entry order).</summary>
    public static int DeepHash(object? value)
    {
        switch (value)
        {
            case null: return 0;
            case string s: return s.GetHashCode(StringComparison.Ordinal);
            case bool b: return b ? 1 : 2;
            case JsonNumber n: return n.Value.GetHashCode();
            case List<object?> list:
            {
                var hash = new HashCode();
                hash.Add(list.Count);
                foreach (var item in list) hash.Add(DeepHash(item));
                return hash.ToHashCode();
            }
            case Map map:
            {
                var sum = map.Count;
                foreach (var (key, item) in map) sum += HashCode.Combine(key.GetHashCode(StringComparison.Ordinal), DeepHash(item));
                return sum;
            }
            default: return value.GetHashCode();
        }
    }

    /// <summary><see cref="DeepEquals"/> as an equality comparer, for hash-based de-duplication.</summary>
    public sealed class DeepComparer : IEqualityComparer<object?>
    {
        public static readonly DeepComparer Instance = new();

        public new bool Equals(object? x, object? y) => DeepEquals(x, y);

        public int GetHashCode(object? obj) => DeepHash(obj);
    }

    /// <summary>True for string, number and boolean.</summary>
    public static bool IsScalar(object? value) => value is string or bool or JsonNumber;

    public static List<object?> AsList(object? value) => value as List<object?> ?? [value];
}
