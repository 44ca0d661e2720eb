using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Keys;

namespace Laurel.Bench;

/// <summary>The OB 3.0 micro-credential fixture, issued by a fixed did:key so every run signs the same bytes.</summary>
internal static class Fixture
{
    public const string FileName = "ob3-microcredential.unsigned.json";

    /// <summary>A fixed seed: the benchmark is deterministic and comparable with bench/compare-js.</summary>
    public static Ed25519Key Key { get; } = Ed25519Key.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static string Did { get; } = DidKey.FromPublicKey(Key.PublicKeyBytes);

    public static ProofOptions ProofOptions { get; } = new()
    {
        VerificationMethod = DidKey.VerificationMethodId(Did),
        Created = new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero),
    };

    /// <summary>The unsigned credential (the fixture or another file, without its proof) with its issuer set to <see cref="Did"/>.</summary>
    public static JsonObject Unsigned(string? file = null)
    {
        var path = file ?? Path.Combine(AppContext.BaseDirectory, FileName);
        var credential = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        credential.Remove("proof");
        credential["issuer"]!.AsObject()["id"] = Did;
        return credential;
    }
}
