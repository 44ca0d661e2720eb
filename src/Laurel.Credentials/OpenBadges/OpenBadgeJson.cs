using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Laurel.Credentials.OpenBadges;

/// <summary>System.Text.Json settings and helpers for the Open Badges 3.0 model (OB3-2.12 JSON binding).</summary>
public static class OpenBadgeJson
{
    /// <summary>
    /// camelCase names, nulls omitted, every list read from a single value or an array and written as an array,
    /// relaxed escaping so text stays readable.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes a model object to a JSON object.</summary>
    public static JsonObject ToJsonObject<T>(T value) =>
        JsonSerializer.SerializeToNode(value, Options)?.AsObject() ?? throw new ArgumentNullException(nameof(value));

    /// <summary>Deserializes a model object; throws <see cref="JsonException"/> when the shape does not fit.</summary>
    public static T FromJson<T>(JsonNode node) =>
        node.Deserialize<T>(Options) ?? throw new JsonException($"Expected a {typeof(T).Name} object.");

    /// <summary>Deserializes a model object from JSON text.</summary>
    public static T FromJson<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Expected a {typeof(T).Name} object.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new SingleOrArrayConverterFactory());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Reads <see cref="IReadOnlyList{T}"/> from a single value or an array; writes an array (OB3-2.12) unless told to write one item bare.</summary>
internal sealed class SingleOrArrayConverterFactory(bool writeSingleAsValue = false) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(IReadOnlyList<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(SingleOrArrayConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]),
            [writeSingleAsValue])!;

    private sealed class SingleOrArrayConverter<T>(bool writeSingleAsValue) : JsonConverter<IReadOnlyList<T>>
    {
        public override IReadOnlyList<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartArray)
                return [JsonSerializer.Deserialize<T>(ref reader, options)!];
            var items = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                items.Add(JsonSerializer.Deserialize<T>(ref reader, options)!);
            return items;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
        {
            // OB 2.0 documents conventionally use a bare value when there is one (e.g. "type": "Assertion").
            if (writeSingleAsValue && value.Count == 1)
            {
                JsonSerializer.Serialize(writer, value[0], options);
                return;
            }
            writer.WriteStartArray();
            foreach (var item in value) JsonSerializer.Serialize(writer, item, options);
            writer.WriteEndArray();
        }
    }
}

/// <summary>Reads a ProfileRef (a URI string or a Profile object); writes a bare id back as a string.</summary>
internal sealed class ProfileRefConverter : JsonConverter<Profile>
{
    public override Profile? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new Profile { Id = reader.GetString()!, Type = null }
            : JsonSerializer.Deserialize<Profile>(ref reader, options);

    public override void Write(Utf8JsonWriter writer, Profile value, JsonSerializerOptions options)
    {
        if (value.IsReference) writer.WriteStringValue(value.Id);
        else JsonSerializer.Serialize(writer, value, options);
    }
}

/// <summary>Reads a string that some producers write as a JSON number (e.g. <c>statusListIndex</c>, SL-6.6).</summary>
internal sealed class LenientStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
            _ => throw new JsonException("Expected a string or a number."),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
