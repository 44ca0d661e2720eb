using System.Security.Cryptography;
using System.Text.Json;
using Laurel.Credentials.Canonicalization;
using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Tests.Canonicalization;

/// <summary>
/// A prepared shared part's quads without blank nodes are written and sorted once and merged with each dataset's other lines. These
/// tests put ground quads into the shared part (which <see cref="Rdfc10SharedPartTests"/> leaves in the own part) and check the
/// merged output against the official RDFC-1.0 results and against the ordinary run.
/// </summary>
public class Rdfc10SharedGroundLinesTests
{
    private static readonly string Folder = SharedData.TestSuite("rdf-canon", "tests");

    private static readonly Dictionary<string, JsonElement> Entries = LoadEntries();

    public static TheoryData<string> EvalTests =>
        [.. Entries.Where(e => e.Value.GetProperty("type").GetString() == "rdfc:RDFC10EvalTest").Select(e => e.Key)];

    [Theory]
    [MemberData(nameof(EvalTests))]
    public void Ground_quads_in_the_shared_part_hash_to_the_expected_canonical_nquads(string id)
    {
        var entry = Entries[id];
        var expected = SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, entry.GetProperty("result").GetString()!)));
        var input = Input(entry);
        // Every ground quad shared, then every other one (so own and shared ground lines interleave in the sorted output); the
        // quads with blank nodes stay in the own part (their canonical labels then decide where the merged lines go).
        foreach (var everyOther in new[] { false, true })
        {
            var (own, shared) = (new List<RdfQuad>(), new List<RdfQuad>());
            var ground = 0;
            foreach (var quad in input)
                (IsGround(quad) && !(everyOther && ground++ % 2 == 1) ? shared : own).Add(quad);
            var hash = new byte[32];

            Rdfc10.HashCanonical(own, Rdfc10.Prepare(shared, Options(entry)), HashAlgorithmName.SHA256, hash);

            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(hash));
        }
    }

    [Fact]
    public void Shared_ground_lines_are_merged_in_code_point_order_with_the_own_lines()
    {
        // Own and shared lines interleave when sorted; the shared part also has a blank node.
        var shared = NQuads.Parse("""
            <http://example.org/b> <http://example.org/p> "2" .
            <http://example.org/d> <http://example.org/p> "4" .
            <http://example.org/d> <http://example.org/p> _:s .
            _:s <http://example.org/name> "shared" .
            <http://example.org/f> <http://example.org/p> "\u00e9" .
            """);
        var own = NQuads.Parse("""
            <http://example.org/a> <http://example.org/p> "1" .
            <http://example.org/c> <http://example.org/p> "3" .
            <http://example.org/e> <http://example.org/p> _:o .
            _:o <http://example.org/name> "own" .
            <http://example.org/f> <http://example.org/p> "z" .
            """);

        var canonical = Rdfc10.Canonicalize([.. own, .. shared]);
        var expected = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical));
        var hash = new byte[32];
        Rdfc10.HashCanonical(own, Rdfc10.Prepare(shared), HashAlgorithmName.SHA256, hash);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(hash));
    }

    [Fact]
    public void A_ground_quad_in_both_parts_is_written_once()
    {
        var shared = NQuads.Parse("""
            <http://example.org/a> <http://example.org/p> "same" .
            <http://example.org/b> <http://example.org/p> "shared" .
            """);
        var own = NQuads.Parse("""
            <http://example.org/a> <http://example.org/p> "same" .
            <http://example.org/c> <http://example.org/p> _:o .
            """);
        var expected = new byte[32];
        Rdfc10.HashCanonical([.. own, .. shared], HashAlgorithmName.SHA256, expected);
        var hash = new byte[32];

        Rdfc10.HashCanonical(own, Rdfc10.Prepare(shared), HashAlgorithmName.SHA256, hash);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(hash));
        Assert.Equal(3, Rdfc10.Canonicalize([.. own, .. shared]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void A_shared_part_holding_a_ground_quad_twice_hashes_as_the_de_duplicated_dataset()
    {
        var shared = NQuads.Parse("""
            <http://example.org/a> <http://example.org/p> "twice" .
            <http://example.org/a> <http://example.org/p> "twice" .
            """);
        var own = NQuads.Parse("""
            <http://example.org/c> <http://example.org/p> _:o .
            """);
        var expected = new byte[32];
        Rdfc10.HashCanonical([.. own, shared[0]], HashAlgorithmName.SHA256, expected);
        var hash = new byte[32];

        Rdfc10.HashCanonical(own, Rdfc10.Prepare(shared), HashAlgorithmName.SHA256, hash);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(hash));
    }

    private static bool IsGround(RdfQuad q) =>
        q.Subject.Kind != RdfTermKind.BlankNode && q.Object.Kind != RdfTermKind.BlankNode && q.Graph.Kind != RdfTermKind.BlankNode;

    private static List<RdfQuad> Input(JsonElement entry) =>
        NQuads.Parse(File.ReadAllText(Path.Combine(Folder, entry.GetProperty("action").GetString()!)));

    private static RdfcOptions Options(JsonElement entry) =>
        entry.TryGetProperty("hashAlgorithm", out var algorithm) && algorithm.GetString() == "SHA384"
            ? new RdfcOptions { HashAlgorithm = HashAlgorithmName.SHA384 }
            : RdfcOptions.Default;

    private static Dictionary<string, JsonElement> LoadEntries()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.jsonld")));
        return manifest.RootElement.GetProperty("entries").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.Clone());
    }
}
