using System.Text.Json.Nodes;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Multiformats;

namespace Laurel.Credentials.Tests.DataIntegrity;

/// <summary>Paths and keys of the official signature vectors (read at run time, never copied).</summary>
internal static class Vectors
{
    public static string Eddsa(params string[] parts) => SharedData.TestSuite(["vc-di-eddsa", "TestVectors", .. parts]);

    public static string TestVector(params string[] parts) => SharedData.SpecFile(["testvectors", .. parts]);

    public static string Text(string path) => File.ReadAllText(path);

    public static JsonObject Json(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    /// <summary>The W3C test key pair (TestVectors/keyPair.json).</summary>
    public static Ed25519Key W3cKey() => Multikey.ToKeyPair((string)Json(Eddsa("keyPair.json"))["privateKeyMultibase"]!);

    /// <summary>A key pair of proof-set-chain/multiKeyPairs.json (1–4).</summary>
    public static Ed25519Key ProofSetKey(int number) =>
        Multikey.ToKeyPair((string)Json(Eddsa("proof-set-chain", "multiKeyPairs.json"))[$"keyPair{number}"]!["privateKeyMultibase"]!);
}
