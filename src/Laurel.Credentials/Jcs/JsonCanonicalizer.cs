using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Jcs;

/// <summary>JSON Canonicalization Scheme (RFC 8785, EDDSA-4.3) for System.Text.Json documents.</summary>
public static class JsonCanonicalizer
{
    private static readonly byte[] HexLower = "0123456789abcdef"u8.ToArray();

    /// <summary>Returns the canonical JSON text of a node.</summary>
    public static string Canonicalize(JsonNode? node)
    {
        using var buffer = new ByteBuffer(1024);
        Write(buffer, node);
        return buffer.ToString();
    }

    /// <summary>Returns the UTF-8 bytes of the canonical JSON text of a node (what gets hashed).</summary>
    public static byte[] CanonicalizeToUtf8(JsonNode? node)
    {
        using var buffer = new ByteBuffer(1024);
        Write(buffer, node);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Returns the canonical JSON text of a parsed element.</summary>
    public static string Canonicalize(JsonElement element) => Canonicalize(JsonSerializer.SerializeToNode(element));

    internal static void Write(ByteBuffer buffer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                buffer.Append("null"u8);
                break;
            case JsonObject obj:
                WriteObject(buffer, obj);
                break;
            case JsonArray array:
                buffer.Append((byte)'[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) buffer.Append((byte)',');
                    Write(buffer, array[i]);
                }
                buffer.Append((byte)']');
                break;
            case JsonValue value:
                WriteValue(buffer, value);
                break;
        }
    }

    private static void WriteObject(ByteBuffer buffer, JsonObject obj)
    {
        // RFC 8785 §3.2.3: members sorted by the UTF-16 code units of their names (ordinal order).
        var members = new KeyValuePair<string, JsonNode?>[obj.Count];
        var i = 0;
        foreach (var member in obj) members[i++] = member;
        Array.Sort(members, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        buffer.Append((byte)'{');
        for (i = 0; i < members.Length; i++)
        {
            if (i > 0) buffer.Append((byte)',');
            WriteString(buffer, members[i].Key);
            buffer.Append((byte)':');
            Write(buffer, members[i].Value);
        }
        buffer.Append((byte)'}');
    }

    private static void WriteValue(ByteBuffer buffer, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(buffer, value.GetValue<string>());
                break;
            case JsonValueKind.Number:
                var number = value.TryGetValue<JsonElement>(out var element)
                    ? element.GetDouble()
                    : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
                buffer.AppendUtf8(EcmaNumber.Format(number));
                break;
            case JsonValueKind.True:
                buffer.Append("true"u8);
                break;
            case JsonValueKind.False:
                buffer.Append("false"u8);
                break;
            case JsonValueKind.Null:
                buffer.Append("null"u8);
                break;
            default:
                throw new ArgumentException($"Unsupported JSON value kind {value.GetValueKind()}.", nameof(value));
        }
    }

    /// <summary>RFC 8785 §3.2.2.2: escapes exactly as ECMAScript JSON.stringify.</summary>
    private static void WriteString(ByteBuffer buffer, string value)
    {
        buffer.Append((byte)'"');
        var span = value.AsSpan();
        var runStart = 0;
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            var lone = char.IsSurrogate(c) && !IsPair(span, i);
            if (c >= 0x20 && c != '"' && c != '\\' && !lone)
            {
                if (char.IsHighSurrogate(c)) i++; // keep the pair together
                continue;
            }
            buffer.AppendUtf8(span[runStart..i]);
            switch (c)
            {
                case '"': buffer.Append("\\\""u8); break;
                case '\\': buffer.Append("\\\\"u8); break;
                case '\b': buffer.Append("\\b"u8); break;
                case '\f': buffer.Append("\\f"u8); break;
                case '\n': buffer.Append("\\n"u8); break;
                case '\r': buffer.Append("\\r"u8); break;
                case '\t': buffer.Append("\\t"u8); break;
                default:
                    buffer.Append("\\u"u8);
                    buffer.Append(HexLower[c >> 12]);
                    buffer.Append(HexLower[(c >> 8) & 0xF]);
                    buffer.Append(HexLower[(c >> 4) & 0xF]);
                    buffer.Append(HexLower[c & 0xF]);
                    break;
            }
            runStart = i + 1;
        }
        buffer.AppendUtf8(span[runStart..]);
        buffer.Append((byte)'"');
    }

    private static bool IsPair(ReadOnlySpan<char> span, int i) =>
        char.IsHighSurrogate(span[i]) ? i + 1 < span.Length && char.IsLowSurrogate(span[i + 1])
            : i > 0 && char.IsHighSurrogate(span[i - 1]);
}
