using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Laurel.Credentials.Canonicalization;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Multiformats;
using Laurel.Credentials.Rdf;

namespace Laurel.Features.Awards.Bulk;

/// <summary>
/// eddsa-rdfc-2022 signing of many credentials of one definition (a bulk file), with the definition's part turned into RDF once.
/// <para>
/// Every credential of a file embeds the same achievement (≈ 70 % of it: the definition, its issuer, faculty and institution
/// profiles). Turning a credential into RDF (JSON-LD expansion, node map, quads) was most of the CPU per row, and for the achievement
/// it gave the same quads every time. So: the achievement's quads are made once, from a probe credential that holds nothing but the
/// achievement at the same place (same contexts, same types, so the same term definitions apply); per row only the credential with
/// the achievement cut down to its id is turned into RDF, and the two are joined. The union is the same RDF dataset as the whole
/// credential's: the achievement's triples hang off its IRI and its own blank nodes (renamed apart here; RDFC-1.0 relabels blank
/// nodes whatever their input labels), and triples both parts make (the institution's name, which the issuer and the achievement's
/// creator both carry) are kept once, as in a dataset. RDFC-1.0 still canonicalizes the whole dataset per row, so the signed hash is
/// exactly the straightforward one. <see cref="Create"/> checks that on the file's first credential and returns null (the caller then
/// signs the straightforward way) when it does not hold; tests compare byte for byte with <see cref="DataIntegrityProofs.AddProof(JsonObject, Cryptosuite, Ed25519Key, ProofOptions, JsonLdOptions?)"/>.
/// </para>
/// <para>
/// The proof's <c>created</c> is the signing time in whole seconds, so the proof configuration's hash is computed once per second
/// instead of per row. Thread-safe: the signing threads share one plan.
/// </para>
/// </summary>
public sealed class BulkSigningPlan
{
    // As IssuerSigner and EddsaCryptosuites: safe mode, and a value's @direction signed as an i18n datatype.
    private static readonly JsonLdOptions Options = new() { SafeMode = true, RdfDirection = "i18n-datatype" };
    private const string ProbeId = "urn:laurel:bulk-probe";

    private readonly Ed25519Key _key;
    private readonly string _verificationMethod;
    private readonly string _did;
    private readonly string _achievementId;
    private readonly Rdfc10SharedPart _achievement;
    private readonly Predicate<RdfQuad> _inAchievement;
    private readonly HashSet<RdfQuad> _achievementGround;
    private readonly ConcurrentDictionary<string, byte[]> _proofHashes = new(StringComparer.Ordinal);

    private BulkSigningPlan(Ed25519Key key, string verificationMethod, string did, string achievementId, RdfQuad[] achievementQuads)
    {
        (_key, _verificationMethod, _did, _achievementId) = (key, verificationMethod, did, achievementId);
        _achievementGround = [.. achievementQuads.Where(q => !q.Subject.IsBlank && !q.Object.IsBlank)];
        _inAchievement = q => !q.Subject.IsBlank && !q.Object.IsBlank && _achievementGround.Contains(q);
        // Its terms encoded and its blank nodes' first-degree hashes (RDFC-1.0 §4.6) computed once too: they depend only on the
        // achievement's own quads, whose blank nodes no row's quads mention.
        _achievement = Rdfc10.Prepare(achievementQuads);
    }

    /// <summary>
    /// The plan for credentials like <paramref name="sample"/> (one credential of the file, as the builder makes it, unsigned), or
    /// null when this shortcut does not apply to it (no embedded achievement with an id, a context without the Data Integrity terms)
    /// or does not give the same hash as the whole credential.
    /// </summary>
    public static BulkSigningPlan? Create(JsonObject sample, Ed25519Key key, string verificationMethod, string did)
    {
        if (sample["@context"] is not JsonArray context || !context.Any(c => c?.GetValueKind() == System.Text.Json.JsonValueKind.String
                && (string?)c is DataIntegrityProofs.CredentialsV2Context or DataIntegrityProofs.DataIntegrityV2Context)
            || sample.ContainsKey("proof") || !IsOpenBadge(sample) || sample["issuer"] is not JsonObject issuer || (string?)issuer["id"] != did
            || sample["credentialSubject"] is not JsonObject subject || subject["achievement"] is not JsonObject achievement
            || achievement["id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var achievementId))
            return null;

        var probe = new JsonObject
        {
            ["@context"] = context.DeepClone(), ["id"] = ProbeId, ["type"] = sample["type"]?.DeepClone(),
            ["credentialSubject"] = new JsonObject { ["type"] = subject["type"]?.DeepClone(), ["achievement"] = achievement.DeepClone() },
        };
        var probeQuads = JsonLdProcessor.ToRdf(probe, Options);
        var probeSubject = probeQuads.Where(q => q.Subject is { IsIri: true, Value: ProbeId } && q.Object.IsBlank).Select(q => q.Object).ToList();
        if (probeSubject.Count != 1) return null;
        // Everything but the probe's own node and its subject node: the quads the achievement makes. Its blank nodes get labels no
        // row's quads use.
        var achievementQuads = probeQuads.Where(q => q.Subject != probeSubject[0] && q.Subject is not { IsIri: true, Value: ProbeId })
            .Select(q => q with { Subject = Apart(q.Subject), Object = Apart(q.Object) }).ToArray();
        if (achievementQuads.Any(q => q.Object == probeSubject[0] || q.Object is { IsIri: true, Value: ProbeId })) return null;

        var plan = new BulkSigningPlan(key, verificationMethod, did, achievementId, achievementQuads);
        Span<byte> whole = stackalloc byte[32];
        Rdfc10.HashCanonical(JsonLdProcessor.ToRdf(sample, Options), HashAlgorithmName.SHA256, whole);
        return whole.SequenceEqual(plan.DocumentHash(sample)) ? plan : null;
    }

    // IssuerSigner gives an OB 3.0 credential its proof as an array (the strict OB 3.0 JSON Schema accepts only that); this plan
    // makes only that form.
    private static bool IsOpenBadge(JsonObject credential) =>
        credential["type"] is JsonArray types && types.Any(t => t is JsonValue v && v.TryGetValue<string>(out var s)
            && s is "OpenBadgeCredential" or "AchievementCredential");

    private static RdfTerm Apart(RdfTerm term) => term.IsBlank ? RdfTerm.Blank("achievement-" + term.Value) : term;

    /// <summary>
    /// Adds the proof (an array of one, as OB 3.0 wants) to <paramref name="credential"/> itself and returns it: what
    /// <c>IssuerSigner.Sign</c> returns for the same credential, key and <paramref name="signedAt"/> in whole seconds.
    /// </summary>
    public JsonObject Sign(JsonObject credential, DateTimeOffset signedAt)
    {
        // The key id's DID must be the issuer id (OB3-4.2a), as IssuerSigner requires.
        if (credential["issuer"] is not JsonObject issuer || (string?)issuer["id"] != _did)
            throw new ArgumentException($"The credential's issuer is not '{_did}'.", nameof(credential));
        var created = DataIntegrityProofs.FormatDateTime(new DateTimeOffset(signedAt.UtcTicks - signedAt.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
        var hashData = new byte[64];
        _proofHashes.GetOrAdd(created, ProofHash, (JsonArray)credential["@context"]!).CopyTo(hashData, 0);
        DocumentHash(credential).CopyTo(hashData, 32);
        var proof = Proof(created);
        proof["proofValue"] = Multibase.EncodeBase58Btc(_key.Sign(hashData));
        credential["proof"] = new JsonArray(proof);
        return credential;
    }

    private JsonObject Proof(string created) => new()
    {
        ["type"] = "DataIntegrityProof", ["cryptosuite"] = "eddsa-rdfc-2022", ["created"] = created,
        ["verificationMethod"] = _verificationMethod, ["proofPurpose"] = "assertionMethod",
    };

    // EDDSA-3.1: the proof configuration is the proof without proofValue, with the document's @context.
    private byte[] ProofHash(string created, JsonArray context)
    {
        var config = Proof(created);
        config["@context"] = context.DeepClone();
        var hash = new byte[32];
        Rdfc10.HashCanonical(JsonLdProcessor.ToRdf(config, Options), HashAlgorithmName.SHA256, hash);
        return hash;
    }

    // SHA-256 of the canonical N-Quads of the credential: its own quads with the achievement cut to its id, plus the achievement's
    // (RDFC-1.0 over the whole dataset, with the achievement's part prepared once).
    private byte[] DocumentHash(JsonObject credential)
    {
        var subject = (JsonObject)credential["credentialSubject"]!;
        var achievement = subject["achievement"];
        if ((string?)achievement?["id"] != _achievementId) throw new ArgumentException("The credential is of another definition.", nameof(credential));
        List<RdfQuad> own;
        subject["achievement"] = new JsonObject { ["id"] = _achievementId };
        try
        {
            own = JsonLdProcessor.ToRdf(credential, Options);
        }
        finally
        {
            subject["achievement"] = achievement;
        }
        // Ground triples the achievement also makes (the institution's name) are kept once, as in a dataset.
        own.RemoveAll(_inAchievement);
        var hash = new byte[32];
        Rdfc10.HashCanonical(own, _achievement, HashAlgorithmName.SHA256, hash);
        return hash;
    }
}
