using System.Security.Cryptography;
using System.Text.Json;
using Laurel.Credentials.Canonicalization;
using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Tests.Canonicalization;

/// <summary>
/// <see cref="Rdfc10.HashCanonical(IReadOnlyList{RdfQuad}, Rdfc10SharedPart, HashAlgorithmName, Span{byte})"/> (a prepared shared
/// part, as bulk signing uses for the achievement) against the official RDFC-1.0 results: every evaluation test's dataset split into an
/// own and a shared part must hash to the expected canonical N-Quads.
/// </summary>
public class Rdfc10SharedPartTests
{
    private static readonly string Folder = SharedData.TestSuite("rdf-canon", "tests");

    private static readonly Dictionary<string, JsonElement> Entries = LoadEntries();

    public static TheoryData<string> EvalTests =>
        [.. Entries.Where(e => e.Value.GetProperty("type").GetString() == "rdfc:RDFC10EvalTest").Select(e => e.Key)];

    [Theory]
    [MemberData(nameof(EvalTests))]
    public void A_dataset_split_by_blank_node_components_hashes_to_the_expected_canonical_nquads(string id)
    {
        var entry = Entries[id];
        var expected = SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, entry.GetProperty("result").GetString()!)));
        var input = Input(entry);
        // Both ways round (every other component shared, then the others), so each test's nodes are hashed in both parts.
        foreach (var sharedParity in new[] { 0, 1 })
        {
            var (own, shared) = Split(input, sharedParity);
            var hash = new byte[32];

            Rdfc10.HashCanonical(own, Rdfc10.Prepare(shared, Options(entry)), HashAlgorithmName.SHA256, hash);

            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(hash));
        }
    }

    [Theory]
    [MemberData(nameof(EvalTests))]
    public void A_shared_copy_with_its_own_blank_nodes_hashes_as_the_whole_dataset(string id)
    {
        // Shared ground quads that the own part also has (the dataset holds them once) and a second, renamed copy of every blank node.
        var entry = Entries[id];
        var own = Input(entry);
        var shared = own.Select(q => q with { Subject = Renamed(q.Subject), Object = Renamed(q.Object), Graph = Renamed(q.Graph) }).ToList();
        var expected = new byte[32];
        Rdfc10.HashCanonical([.. own, .. shared], HashAlgorithmName.SHA256, expected, Options(entry));
        var hash = new byte[32];

        Rdfc10.HashCanonical(own, Rdfc10.Prepare(shared, Options(entry)), HashAlgorithmName.SHA256, hash);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(hash));
    }

    [Fact]
    public void Own_quads_that_use_a_shared_blank_node_label_are_canonicalized_as_one_dataset()
    {
        var shared = NQuads.Parse("""
            <http://example.org/a> <http://example.org/p> _:x .
            _:x <http://example.org/name> "shared" .
            """);
        var own = NQuads.Parse("""
            _:x <http://example.org/q> "own" .
            <http://example.org/b> <http://example.org/p> _:y .
            _:y <http://example.org/name> "shared" .
            """);
        var expected = new byte[32];
        Rdfc10.HashCanonical([.. own, .. shared], HashAlgorithmName.SHA256, expected);
        var hash = new byte[32];

        Rdfc10.HashCanonical(own, Rdfc10.Prepare(shared), HashAlgorithmName.SHA256, hash);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(hash));
    }

    // Blank nodes joined by a quad are one component; ground quads stay with the own part, each component's quads go to one part.
    private static (List<RdfQuad> Own, List<RdfQuad> Shared) Split(List<RdfQuad> quads, int sharedParity)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Root(string label)
        {
            while (parent[label] != label) label = parent[label] = parent[parent[label]];
            return label;
        }
        IEnumerable<string> Blanks(RdfQuad q) => new[] { q.Subject, q.Object, q.Graph }.Where(t => t.Kind == RdfTermKind.BlankNode).Select(t => t.Value);
        foreach (var quad in quads)
        {
            var blanks = Blanks(quad).ToList();
            foreach (var b in blanks) parent.TryAdd(b, b);
            for (var i = 1; i < blanks.Count; i++) parent[Root(blanks[i])] = Root(blanks[0]);
        }
        var component = parent.Keys.Select(Root).Distinct().Select((root, i) => (root, i)).ToDictionary(x => x.root, x => x.i, StringComparer.Ordinal);
        var (own, shared) = (new List<RdfQuad>(), new List<RdfQuad>());
        foreach (var quad in quads)
        {
            var first = Blanks(quad).FirstOrDefault();
            (first is not null && component[Root(first)] % 2 == sharedParity ? shared : own).Add(quad);
        }
        return (own, shared);
    }

    private static RdfTerm Renamed(RdfTerm term) => term.Kind == RdfTermKind.BlankNode ? RdfTerm.Blank("shared-" + term.Value) : term;

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
