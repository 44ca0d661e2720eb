using System.Security.Cryptography;
using System.Text;
using Laurel.Credentials.Canonicalization;
using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Tests.Canonicalization;

public class Rdfc10ApiTests
{
    private static List<RdfQuad> Diamond() => NQuads.Parse(File.ReadAllText(SharedData.TestSuite("rdf-canon", "tests", "rdfc10", "test020-in.nq")));

    [Fact]
    public void Hash_of_the_canonical_form_equals_hashing_the_returned_string()
    {
        var quads = Diamond();
        Span<byte> direct = stackalloc byte[48];

        var written256 = Rdfc10.HashCanonical(quads, HashAlgorithmName.SHA256, direct);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(Rdfc10.Canonicalize(quads))), direct[..written256].ToArray());
        var written384 = Rdfc10.HashCanonical(quads, HashAlgorithmName.SHA384, direct);
        Assert.Equal(SHA384.HashData(Rdfc10.CanonicalizeToUtf8(quads)), direct[..written384].ToArray());
    }

    [Fact]
    public void Sha384_option_gives_the_official_sha384_result()
    {
        var sha256 = Rdfc10.Canonicalize(Diamond());
        var sha384 = Rdfc10.Canonicalize(Diamond(), new RdfcOptions { HashAlgorithm = HashAlgorithmName.SHA384 });

        Assert.Equal(File.ReadAllText(SharedData.TestSuite("rdf-canon", "tests", "rdfc10", "test020-rdfc10.nq")), sha256);
        Assert.Equal(File.ReadAllText(SharedData.TestSuite("rdf-canon", "tests", "rdfc10", "test075-rdfc10.nq")), sha384);
    }

    [Fact]
    public void Unsupported_hash_algorithm_is_refused() =>
        Assert.Throws<ArgumentException>(() => Rdfc10.Canonicalize(Diamond(), new RdfcOptions { HashAlgorithm = HashAlgorithmName.MD5 }));

    [Fact]
    public void Explicit_deep_iteration_cap_overrides_the_work_factor()
    {
        // The "circle of 2" graph needs exactly 4 Hash N-Degree Quads calls.
        var circle = NQuads.Parse(File.ReadAllText(SharedData.TestSuite("rdf-canon", "tests", "rdfc10", "test021-in.nq")));

        Assert.Throws<RdfcWorkLimitExceededException>(() => Rdfc10.Canonicalize(circle, new RdfcOptions { MaxDeepIterations = 3 }));
        Assert.Equal(File.ReadAllText(SharedData.TestSuite("rdf-canon", "tests", "rdfc10", "test021-rdfc10.nq")),
            Rdfc10.Canonicalize(circle, new RdfcOptions { MaxDeepIterations = 4 }));
    }

    [Fact]
    public void Clique_is_stopped_by_the_permutation_budget_even_without_a_call_limit()
    {
        var clique = NQuads.Parse(File.ReadAllText(SharedData.TestSuite("rdf-canon", "tests", "rdfc10", "test074-in.nq")));

        var error = Assert.Throws<RdfcWorkLimitExceededException>(() =>
            Rdfc10.Canonicalize(clique, new RdfcOptions { MaxDeepIterations = long.MaxValue, MaxPermutations = 10_000 }));

        Assert.Contains("permutations", error.Message);
    }

    [Fact]
    public void Duplicate_quads_with_blank_nodes_count_once()
    {
        var once = NQuads.Parse("_:a <urn:p> _:b .\n_:b <urn:q> \"x\" .\n");
        var twice = NQuads.Parse("_:a <urn:p> _:b .\n_:b <urn:q> \"x\" .\n_:a <urn:p> _:b .\n");

        var result = Rdfc10.CanonicalizeWithMap(twice);

        Assert.Equal(Rdfc10.Canonicalize(once), result.CanonicalNQuads);
        Assert.Equal(2, result.IssuedIdentifiers.Count);
    }

    [Fact]
    public void Dataset_without_blank_nodes_is_sorted_and_has_an_empty_map()
    {
        var result = Rdfc10.CanonicalizeWithMap(NQuads.Parse("<urn:b> <urn:p> \"1\" .\n<urn:a> <urn:p> \"2\" .\n"));

        Assert.Equal("<urn:a> <urn:p> \"2\" .\n<urn:b> <urn:p> \"1\" .\n", result.CanonicalNQuads);
        Assert.Empty(result.IssuedIdentifiers);
        Assert.Equal("", Rdfc10.Canonicalize([]));
    }
}
