using System.Text.Json.Nodes;
using Laurel.Credentials.JsonLd;

namespace Laurel.Credentials.Tests.JsonLd;

/// <summary>Literal forms of numbers, booleans, dates built in code and @json values (digest JL-2.4).</summary>
public class LiteralConversionTests
{
    private static Laurel.Credentials.Rdf.RdfTerm ObjectOf(JsonNode value, string type = "")
    {
        var document = new JsonObject
        {
            ["@context"] = new JsonObject
            {
                ["p"] = type.Length > 0
                    ? new JsonObject { ["@id"] = "https://example.org/p", ["@type"] = type }
                    : new JsonObject { ["@id"] = "https://example.org/p" },
            },
            ["@id"] = "https://example.org/s",
            ["p"] = value,
        };
        return Assert.Single(JsonLdProcessor.ToRdf(document)).Object;
    }

    [Theory]
    [InlineData("5", "5", "http://www.w3.org/2001/XMLSchema#integer")]
    [InlineData("5.0", "5", "http://www.w3.org/2001/XMLSchema#integer")]
    [InlineData("2.5", "2.5E0", "http://www.w3.org/2001/XMLSchema#double")]
    [InlineData("0.05", "5.0E-2", "http://www.w3.org/2001/XMLSchema#double")]
    [InlineData("1e21", "1.0E21", "http://www.w3.org/2001/XMLSchema#double")]
    [InlineData("12345678901234567890", "12345678901234567890", "http://www.w3.org/2001/XMLSchema#integer")]
    [InlineData("true", "true", "http://www.w3.org/2001/XMLSchema#boolean")]
    public void Json_scalars_get_canonical_lexical_forms(string json, string lexical, string datatype)
    {
        var literal = ObjectOf(JsonNode.Parse(json)!);

        Assert.Equal(lexical, literal.Value);
        Assert.Equal(datatype, literal.Datatype);
    }

    [Fact]
    public void Integral_number_keeps_a_coerced_datatype()
    {
        var literal = ObjectOf(JsonNode.Parse("3")!, "https://www.w3.org/2001/XMLSchema#float");

        Assert.Equal(("3", "https://www.w3.org/2001/XMLSchema#float"), (literal.Value, literal.Datatype));
    }

    [Fact]
    public void Json_literal_is_jcs_canonical()
    {
        var literal = ObjectOf(JsonNode.Parse("""{"b": [1.0, "x\u0001"], "a": 1e2}""")!, "@json");

        Assert.Equal("""{"a":100,"b":[1,"x\u0001"]}""", literal.Value);
        Assert.Equal("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON", literal.Datatype);
    }

    [Fact]
    public void Values_built_from_clr_types_are_read_as_their_json_text()
    {
        var literal = ObjectOf(JsonValue.Create(new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero)));

        Assert.Equal("2025-06-30T12:00:00+00:00", literal.Value);
    }
}
