using System.Security.Cryptography;
using System.Text.Json;
using Laurel.Credentials.Canonicalization;
using Laurel.Credentials.Limits;
using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Tests.Canonicalization;

/// <summary>Runs every entry of the official RDFC-1.0 manifest (w3c/rdf-canon tests/manifest.jsonld).</summary>
public class RdfCanonManifestTests
{
    private static readonly string Folder = SharedData.TestSuite("rdf-canon", "tests");

    private static readonly Dictionary<string, JsonElement> Entries = LoadEntries();

    public static TheoryData<string> EvalTests => Ids("rdfc:RDFC10EvalTest");

    public static TheoryData<string> MapTests => Ids("rdfc:RDFC10MapTest");

    public static TheoryData<string> NegativeTests => Ids("rdfc:RDFC10NegativeEvalTest");

    [Fact]
    public void Manifest_has_the_86_tests_the_digest_lists()
    {
        Assert.Equal(86, Entries.Count);
        Assert.Equal(64, EvalTests.Count);
        Assert.Equal(21, MapTests.Count);
        Assert.Single(NegativeTests);
    }

    [Theory]
    [MemberData(nameof(EvalTests))]
    public void Canonical_nquads_equal_the_expected_output_byte_for_byte(string id)
    {
        var entry = Entries[id];
        var expected = File.ReadAllBytes(Path.Combine(Folder, entry.GetProperty("result").GetString()!));

        var actual = Rdfc10.CanonicalizeToUtf8(Input(entry), Options(entry));

        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(EvalTests))]
    public void Canonical_nquads_are_unchanged_within_the_default_verification_limits(string id)
    {
        // The budgets that refuse poison graphs (issue 12) must leave every conformance test alone.
        var entry = Entries[id];
        var expected = File.ReadAllBytes(Path.Combine(Folder, entry.GetProperty("result").GetString()!));
        var hash = new byte[32];

        Rdfc10.HashCanonical(Input(entry), HashAlgorithmName.SHA256, hash, Options(entry), new WorkBudget(ProcessingLimits.Default));

        Assert.Equal(SHA256.HashData(expected), hash);
    }

    [Theory]
    [MemberData(nameof(MapTests))]
    public void Issued_identifier_map_equals_the_expected_map(string id)
    {
        var entry = Entries[id];
        var expected = JsonSerializer.Deserialize<Dictionary<string, string>>(
            File.ReadAllText(Path.Combine(Folder, entry.GetProperty("result").GetString()!)))!;

        var result = Rdfc10.CanonicalizeWithMap(Input(entry), Options(entry));

        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), result.IssuedIdentifiers.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(NegativeTests))]
    public void Poison_dataset_is_rejected_by_the_work_limit(string id)
    {
        var entry = Entries[id];

        Assert.Throws<RdfcWorkLimitExceededException>(() => Rdfc10.Canonicalize(Input(entry), Options(entry)));
        Assert.ThrowsAny<ProcessingLimitExceededException>(() =>
            Rdfc10.HashCanonical(Input(entry), HashAlgorithmName.SHA256, new byte[32], Options(entry), new WorkBudget(ProcessingLimits.Default)));
    }

    private static List<RdfQuad> Input(JsonElement entry) =>
        NQuads.Parse(File.ReadAllText(Path.Combine(Folder, entry.GetProperty("action").GetString()!)));

    private static RdfcOptions Options(JsonElement entry) =>
        entry.TryGetProperty("hashAlgorithm", out var algorithm) && algorithm.GetString() == "SHA384"
            ? new RdfcOptions { HashAlgorithm = HashAlgorithmName.SHA384 }
            : RdfcOptions.Default;

    private static TheoryData<string> Ids(string type) =>
        [.. Entries.Where(e => e.Value.GetProperty("type").GetString() == type).Select(e => e.Key)];

    private static Dictionary<string, JsonElement> LoadEntries()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.jsonld")));
        return manifest.RootElement.GetProperty("entries").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.Clone());
    }
}
