using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Tests.Canonicalization;

public class NQuadsTests
{
    [Fact]
    public void Literals_escape_only_what_canonical_nquads_requires()
    {
        var quad = new RdfQuad(RdfTerm.Iri("urn:s"), RdfTerm.Iri("urn:p"),
            RdfTerm.Literal("q\" b\\ \b\t\n\f\r \u0000\u000B\u001F\u007F é 🌃 '"), RdfTerm.Default);

        Assert.Equal("<urn:s> <urn:p> \"q\\\" b\\\\ \\b\\t\\n\\f\\r \\u0000\\u000B\\u001F\\u007F é 🌃 '\" .\n", NQuads.SerializeQuad(quad));
    }

    [Fact]
    public void Datatypes_languages_blank_nodes_and_graphs_serialize_canonically()
    {
        var quads = new[]
        {
            new RdfQuad(RdfTerm.Blank("b0"), RdfTerm.Iri("urn:p"), RdfTerm.Literal("x", RdfTerm.XsdString), RdfTerm.Iri("urn:g")),
            new RdfQuad(RdfTerm.Blank("b0"), RdfTerm.Iri("urn:p"), RdfTerm.Literal("hallo", language: "nl"), RdfTerm.Blank("g1")),
            new RdfQuad(RdfTerm.Iri("urn:s"), RdfTerm.Iri("urn:p"), RdfTerm.Literal("5", "http://www.w3.org/2001/XMLSchema#integer"), RdfTerm.Default),
        };

        Assert.Equal(
            "_:b0 <urn:p> \"x\" <urn:g> .\n" +
            "_:b0 <urn:p> \"hallo\"@nl _:g1 .\n" +
            "<urn:s> <urn:p> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
            NQuads.Serialize(quads));
    }

    [Fact]
    public void Parser_reads_escapes_comments_and_all_term_kinds()
    {
        const string text = """
            # a comment line
            <urn:\u0065x> <urn:p> "a\tb\u00E9\U0001F303" <urn:g> . # trailing comment
            _:n1 <urn:p> "hi"@en-GB .
            _:n1 <urn:p> "1"^^<urn:dt>.

            """;

        var quads = NQuads.Parse(text);

        Assert.Equal(3, quads.Count);
        Assert.Equal(RdfTerm.Iri("urn:ex"), quads[0].Subject);
        Assert.Equal("a\tbé🌃", quads[0].Object.Value);
        Assert.Equal(RdfTerm.Iri("urn:g"), quads[0].Graph);
        Assert.Equal(RdfTerm.Literal("hi", language: "en-GB"), quads[1].Object);
        Assert.Equal(RdfTerm.Blank("n1"), quads[2].Subject);
        Assert.Equal(RdfTerm.Literal("1", "urn:dt"), quads[2].Object);
        Assert.Equal(RdfTerm.Default, quads[2].Graph);
    }

    [Theory]
    [InlineData("<urn:s> <urn:p> <urn:o>")]
    [InlineData("\"lit\" <urn:p> <urn:o> .")]
    [InlineData("<urn:s> _:p <urn:o> .")]
    [InlineData("<urn:s> <urn:p> \"open .")]
    [InlineData("<urn:s> <urn:p> \"\\q\" .")]
    [InlineData("<urn:s> <urn:p> <urn:o> . <urn:x>")]
    [InlineData("<urn:s p> <urn:p> <urn:o> .")]
    public void Parser_rejects_malformed_statements(string text) => Assert.Throws<FormatException>(() => NQuads.Parse(text));

    [Fact]
    public void Serializing_parsed_canonical_nquads_gives_the_same_bytes()
    {
        var text = File.ReadAllText(SharedData.TestSuite("rdf-canon", "tests", "rdfc10", "test060-rdfc10.nq"));

        Assert.Equal(text, NQuads.Serialize(NQuads.Parse(text)));
    }
}
