using System.Text.Json.Nodes;
using CsCheck;
using Laurel.Credentials.Canonicalization;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Verification;
using static Laurel.Credentials.Tests.Verification.VerifierFixtures;

namespace Laurel.Credentials.Tests.Verification;

/// <summary>
/// Signs the OB 3.0 micro-credential with a fresh did:key, then mutates it at random places (never the proof): any mutation
/// that changes the signed data (its canonical N-Quads) must fail the proof check; none may throw.
/// </summary>
public sealed class VerifierTamperPropertyTests
{
    private static readonly JsonLdOptions SafeMode = new() { SafeMode = true };
    private static readonly string[] KnownTerms = ["name", "description", "narrative", "id", "type"];

    private enum Mutation { ChangeValue, RemoveProperty, AddKnownTerm, ChangeArrayElement, ChangeType }

    [Fact]
    public void Every_mutation_of_the_signed_data_fails_the_proof_check_and_none_throws()
    {
        using var key = Ed25519Key.Generate();
        var did = DidKey.FromPublicKey(key.PublicKeyBytes);
        var unsigned = Json(Constructed("ob3-microcredential.unsigned.json"));
        unsigned["issuer"]!["id"] = did;
        var signed = DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, key,
            new ProofOptions { VerificationMethod = DidKey.VerificationMethodId(did), ProofAsArray = true, Created = Now.AddDays(-1) });
        var originalCanon = Canonical(unsigned);
        var paths = new List<object[]>();
        CollectPaths(signed, [], paths);
        var verifier = new Verifier();
        var changed = 0;
        var total = 0;

        var gen = Gen.Select(Gen.Int[0, paths.Count - 1], Gen.Enum<Mutation>(), Gen.Int[0, 1_000_000]);
        gen.Sample((pathIndex, mutation, seed) =>
        {
            var document = (JsonObject)signed.DeepClone();
            if (!Apply(document, paths[pathIndex], mutation, seed)) return true;
            var withoutProof = (JsonObject)document.DeepClone();
            withoutProof.Remove("proof");
            var signedDataChanged = Canonical(withoutProof) != originalCanon;

            var report = verifier.VerifyAsync(document, At).GetAwaiter().GetResult();

            Interlocked.Increment(ref total);
            if (!signedDataChanged) return true;
            Interlocked.Increment(ref changed);
            var proof = report.Check(CheckIds.Proof);
            return report.Verdict == Verdict.Invalid
                && (proof?.Outcome == CheckOutcome.Failed || report.Check(CheckIds.Format)?.Outcome == CheckOutcome.Failed);
        }, iter: 2000, threads: 2, print: t => $"path {string.Join('.', paths[t.Item1])}, {t.Item2}, seed {t.Item3}");

        // The property is only meaningful if most mutations really touched the signed data.
        Assert.True(changed > total / 2, $"{changed} of {total} mutations changed the canonical data.");
    }

    /// <summary>Canonical N-Quads, or a marker when the document cannot be turned into RDF in safe mode (which must also fail verification).</summary>
    private static string Canonical(JsonObject document)
    {
        try
        {
            return Rdfc10.Canonicalize(JsonLdProcessor.ToRdf(document, SafeMode));
        }
        catch (Exception e)
        {
            return "unsignable: " + e.GetType().Name;
        }
    }

    private static void CollectPaths(JsonNode node, object[] path, List<object[]> paths)
    {
        if (path.Length > 0) paths.Add(path);
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                    if (!(path.Length == 0 && name == "proof") && value is not null) CollectPaths(value, [.. path, name], paths);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is { } item) CollectPaths(item, [.. path, i], paths);
                break;
        }
    }

    private static bool Apply(JsonObject document, object[] path, Mutation mutation, int seed)
    {
        JsonNode parent = document;
        foreach (var segment in path[..^1]) parent = segment is string name ? parent[name]! : parent[(int)segment]!;
        var last = path[^1];
        var target = last is string n ? parent[n] : parent[(int)last];
        var text = "x" + seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (mutation)
        {
            case Mutation.ChangeValue when target is JsonValue v:
                Replace(parent, last, v.GetValueKind() switch
                {
                    System.Text.Json.JsonValueKind.String => JsonValue.Create(Flip((string)v!, seed)),
                    System.Text.Json.JsonValueKind.Number => JsonValue.Create(v.GetValue<decimal>() + 1 + seed % 7),
                    System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => JsonValue.Create(!v.GetValue<bool>()),
                    _ => JsonValue.Create(text),
                });
                return true;
            case Mutation.RemoveProperty when parent is JsonObject o:
                return o.Remove((string)last);
            case Mutation.RemoveProperty when parent is JsonArray a:
                a.RemoveAt((int)last);
                return true;
            case Mutation.AddKnownTerm when target is JsonObject o:
                var term = KnownTerms[seed % KnownTerms.Length];
                o[term] = term is "id" ? "urn:uuid:" + Guid.NewGuid() : text;
                return true;
            case Mutation.ChangeArrayElement when parent is JsonArray a:
                a[(int)last] = target is JsonValue ? JsonValue.Create(text) : new JsonObject { ["name"] = text };
                return true;
            case Mutation.ChangeType when target is JsonValue v:
                Replace(parent, last, v.GetValueKind() == System.Text.Json.JsonValueKind.String ? JsonValue.Create(seed) : JsonValue.Create(text));
                return true;
            default:
                return false; // the mutation does not apply here
        }
    }

    private static string Flip(string value, int seed)
    {
        if (value.Length == 0) return "x";
        var i = seed % value.Length;
        var c = value[i] == 'a' ? 'b' : 'a';
        return value[..i] + c + value[(i + 1)..];
    }

    private static void Replace(JsonNode parent, object last, JsonNode replacement)
    {
        if (parent is JsonObject o) o[(string)last] = replacement;
        else ((JsonArray)parent)[(int)last] = replacement;
    }
}
