using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Limits;
using Laurel.Credentials.Multiformats;

namespace Laurel.Credentials.DataIntegrity;

/// <summary>Creates and verifies Data Integrity proofs with eddsa-rdfc-2022 and eddsa-jcs-2022, incl. proof sets and chains.</summary>
public static partial class DataIntegrityProofs
{
    /// <summary>The VC 2.0 context, which already defines every Data Integrity term (DI-2.7).</summary>
    public const string CredentialsV2Context = "https://www.w3.org/ns/credentials/v2";

    /// <summary>The Data Integrity v2 context, injected when a document's contexts lack the proof terms (DI-2.7).</summary>
    public const string DataIntegrityV2Context = "https://w3id.org/security/data-integrity/v2";

    private const string ProofType = "DataIntegrityProof";

    /// <summary>
    /// Returns a copy of <paramref name="unsecured"/> with a new proof added to its proof set (DI-2.2, DI-2.3).
    /// Existing proofs are kept; proofs named by previousProof are signed over (proof chain).
    /// </summary>
    public static JsonObject AddProof(JsonObject unsecured, Cryptosuite suite, Ed25519Key key, ProofOptions options, JsonLdOptions? jsonLd = null) =>
        AddProof(unsecured, suite, key, options, jsonLd, null);

    /// <summary>
    /// <see cref="AddProof(JsonObject, Cryptosuite, Ed25519Key, ProofOptions, JsonLdOptions?)"/> for a document from outside (VC-API
    /// issuing): <paramref name="limits"/> bound the JSON-LD and RDFC work; exceeding them throws ProcessingLimitExceededException.
    /// </summary>
    public static JsonObject AddProofBounded(JsonObject unsecured, Cryptosuite suite, Ed25519Key key, ProofOptions options, JsonLdOptions? jsonLd,
        ProcessingLimits limits, CancellationToken ct) => AddProof(unsecured, suite, key, options, jsonLd, new WorkBudget(limits, ct));

    private static JsonObject AddProof(JsonObject unsecured, Cryptosuite suite, Ed25519Key key, ProofOptions options, JsonLdOptions? jsonLd,
        WorkBudget? budget)
    {
        ArgumentNullException.ThrowIfNull(unsecured);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.VerificationMethod)) throw new ArgumentException("A proof needs a verificationMethod.", nameof(options));
        if (string.IsNullOrEmpty(options.ProofPurpose)) throw new ArgumentException("A proof needs a proofPurpose.", nameof(options));

        var secured = (JsonObject)unsecured.DeepClone();
        var allProofs = TakeProofs(secured);
        InjectContext(secured, suite);

        // DI-2.3: the proofs this one chains to are part of what it signs.
        var previous = PreviousProofIds(options);
        if (previous.Count > 0)
        {
            var matching = new JsonArray();
            foreach (var id in previous)
            {
                var match = allProofs.FirstOrDefault(p => AsString(p["id"]) == id)
                    ?? throw new ArgumentException($"previousProof '{id}' is not among the document's proofs.", nameof(options));
                matching.Add(match.DeepClone());
            }
            secured["proof"] = matching;
        }

        var proof = BuildProof(suite, options, previous);
        var proofConfig = ProofConfig(suite, proof, secured);
        var hashData = budget is null
            ? EddsaCryptosuites.HashData(suite, proofConfig, secured, jsonLd)
            : budget.Run(() => EddsaCryptosuites.HashData(suite, proofConfig, secured, jsonLd, budget: budget));
        secured.Remove("proof");

        // EDDSA-3.1 step 7 / 4.1: jcs keeps the @context inside the proof, rdfc does not.
        if (suite == Cryptosuite.EddsaJcs2022 && proofConfig["@context"] is { } context) proof["@context"] = context.DeepClone();
        proof["proofValue"] = Multibase.EncodeBase58Btc(key.Sign(hashData));

        if (allProofs.Count == 0 && !options.ProofAsArray)
        {
            secured["proof"] = proof;
        }
        else
        {
            var set = new JsonArray();
            foreach (var existing in allProofs) set.Add(existing);
            set.Add(proof);
            secured["proof"] = set;
        }
        return secured;
    }

    /// <summary>Formats a timestamp as an XML Schema dateTimeStamp in UTC, without fraction when whole seconds.</summary>
    public static string FormatDateTime(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        var format = utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";
        return utc.ToString(format, CultureInfo.InvariantCulture);
    }

    private static JsonObject BuildProof(Cryptosuite suite, ProofOptions options, List<string> previous)
    {
        var proof = new JsonObject { ["type"] = ProofType };
        if (options.Id is { } id) proof["id"] = id;
        proof["cryptosuite"] = EddsaCryptosuites.Name(suite);
        if (options.Created is { } created) proof["created"] = FormatDateTime(created);
        if (options.Expires is { } expires) proof["expires"] = FormatDateTime(expires);
        proof["verificationMethod"] = options.VerificationMethod;
        proof["proofPurpose"] = options.ProofPurpose;
        if (options.Domain is { } domain) proof["domain"] = domain;
        if (options.Challenge is { } challenge) proof["challenge"] = challenge;
        if (options.PreviousProofs is { Count: > 0 }) proof["previousProof"] = new JsonArray([.. previous.Select(p => (JsonNode)p)]);
        else if (previous.Count == 1) proof["previousProof"] = previous[0];
        return proof;
    }

    /// <summary>
    /// The proof configuration (EDDSA-3.1 steps 1–2, 4.1): the proof without proofValue, with the
    /// document's @context (jcs keeps a proof's own @context if it has one).
    /// </summary>
    private static JsonObject ProofConfig(Cryptosuite suite, JsonObject proof, JsonObject document)
    {
        var config = new JsonObject();
        foreach (var (name, value) in proof)
        {
            if (name is "proofValue" or "@context") continue;
            config[name] = value?.DeepClone();
        }
        var context = suite == Cryptosuite.EddsaJcs2022 && proof["@context"] is { } own ? own : document["@context"];
        if (context is not null) config["@context"] = context.DeepClone();
        else if (suite == Cryptosuite.EddsaRdfc2022) throw new ArgumentException("eddsa-rdfc-2022 needs a JSON-LD document with an @context.");
        return config;
    }

    /// <summary>DI-2.7: add the Data Integrity context when neither it nor VC 2.0 is present.</summary>
    private static void InjectContext(JsonObject document, Cryptosuite suite)
    {
        var context = document["@context"];
        if (context is null)
        {
            if (suite == Cryptosuite.EddsaRdfc2022) throw new ArgumentException("eddsa-rdfc-2022 needs a JSON-LD document with an @context.");
            return;
        }
        var entries = context as JsonArray;
        foreach (var entry in entries ?? [context.DeepClone()])
            if (AsString(entry) is CredentialsV2Context or DataIntegrityV2Context) return;
        if (entries is null) document["@context"] = new JsonArray(context.DeepClone(), DataIntegrityV2Context);
        else entries.Add(DataIntegrityV2Context);
    }

    /// <summary>Removes <c>proof</c> from the document and returns its entries (object or array).</summary>
    private static List<JsonObject> TakeProofs(JsonObject document) => TakeProofs(document, out _);

    /// <summary>As above; <paramref name="malformed"/> counts entries that are not JSON objects (DI-2.4: a proof is a map).</summary>
    private static List<JsonObject> TakeProofs(JsonObject document, out int malformed)
    {
        var proofs = new List<JsonObject>();
        malformed = 0;
        if (!document.Remove("proof", out var node) || node is null) return proofs;
        if (node is JsonObject single) proofs.Add(single);
        else if (node is JsonArray array)
        {
            foreach (var entry in array.ToArray())
            {
                array.Remove(entry);
                if (entry is JsonObject proof) proofs.Add(proof);
                else malformed++;
            }
        }
        else malformed++;
        return proofs;
    }

    private static List<string> PreviousProofIds(ProofOptions options)
    {
        var ids = new List<string>();
        if (options.PreviousProof is { } one) ids.Add(one);
        if (options.PreviousProofs is { } many) ids.AddRange(many.Where(id => !ids.Contains(id)));
        return ids;
    }

    private static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}
