using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Laurel.Credentials.OpenBadges;

namespace Laurel.Credentials.OpenBadges2;

/// <summary>A node that can be referenced by IRI or embedded (OB 2.0 "IRI or object" properties).</summary>
public interface IOb2Node
{
    /// <summary>The node's IRI, if it has one.</summary>
    string? Id { get; }
}

/// <summary>An OB 2.0 "IRI or object" value: <see cref="Id"/> always, <see cref="Value"/> when embedded.</summary>
[JsonConverter(typeof(Ob2LinkConverterFactory))]
public sealed record Ob2Link<T>(string? Id, T? Value) where T : class, IOb2Node
{
    /// <summary>A link to an IRI.</summary>
    public static implicit operator Ob2Link<T>(string iri) => new(iri, null);

    /// <summary>An embedded node.</summary>
    public static implicit operator Ob2Link<T>(T value) => new(value.Id, value);
}

/// <summary>System.Text.Json settings for OB 2.0 documents.</summary>
public static class Ob2Json
{
    /// <summary>The OB 2.0 context URL.</summary>
    public const string Context = "https://w3id.org/openbadges/v2";

    /// <summary>camelCase, nulls omitted, lists read from a value or an array and written bare when single.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes to a JSON object.</summary>
    public static JsonObject ToJsonObject<T>(T value) =>
        JsonSerializer.SerializeToNode(value, Options)?.AsObject() ?? throw new ArgumentNullException(nameof(value));

    /// <summary>Deserializes; throws <see cref="JsonException"/> when required properties are missing or mistyped.</summary>
    public static T FromJson<T>(JsonNode node) => node.Deserialize<T>(Options) ?? throw new JsonException($"Expected a {typeof(T).Name}.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new SingleOrArrayConverterFactory(writeSingleAsValue: true));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

internal sealed class Ob2LinkConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Ob2Link<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Ob2LinkConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class Ob2LinkConverter<T> : JsonConverter<Ob2Link<T>> where T : class, IOb2Node
    {
        public override Ob2Link<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String) return new Ob2Link<T>(reader.GetString(), null);
            var value = JsonSerializer.Deserialize<T>(ref reader, options) ?? throw new JsonException("Expected an IRI or an object.");
            return new Ob2Link<T>(value.Id, value);
        }

        public override void Write(Utf8JsonWriter writer, Ob2Link<T> value, JsonSerializerOptions options)
        {
            if (value.Value is not null) JsonSerializer.Serialize(writer, value.Value, options);
            else writer.WriteStringValue(value.Id);
        }
    }
}
