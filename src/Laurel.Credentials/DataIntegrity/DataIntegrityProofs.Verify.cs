using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Limits;
using Laurel.Credentials.Multiformats;

namespace Laurel.Credentials.DataIntegrity;

public static partial class DataIntegrityProofs
{
    /// <summary>
    /// Verifies every proof on a secured document (DI-2.4, DI-2.5, EDDSA-3.2, EDDSA-4.2). A chained proof
    /// is verified over the document with the proofs it names and fails when any of them fails. Throws
    /// <see cref="ProcessingLimitExceededException"/> when the document needs more work than <see cref="VerifyOptions.Limits"/> allow.
    /// </summary>
    public static async Task<ProofSetResult> VerifyAsync(JsonObject secured, IVerificationMethodResolver resolver,
        VerifyOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(secured);
        ArgumentNullException.ThrowIfNull(resolver);
        options ??= new VerifyOptions();
        var now = options.Now ?? options.TimeProvider.GetUtcNow();

        // The proofs are read where they are; the document without them is made only in the form a proof needs (Unsecured).
        var proofs = ReadProofs(secured, out var malformed);
        var document = new Unsecured(secured);
        if (proofs.Count == 0 && malformed == 0) return new ProofSetResult(false, []);

        var budget = new WorkBudget(options.Limits ?? ProcessingLimits.Default, ct);
        // Every proof costs a key lookup and a canonicalization, and chains are checked pairwise: cap the set before any work.
        if (proofs.Count + malformed > budget.Limits.MaxProofs)
            throw ProcessingLimitExceededException.Of(nameof(ProcessingLimits.MaxProofs), budget.Limits.MaxProofs,
                $"the document has {proofs.Count + malformed:N0} proofs");
        var results = new ProofResult[proofs.Count];
        byte[]? unchainedDocumentHash = null; // shared by every proof without previousProof
        for (var i = 0; i < proofs.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var outcome = await VerifyOneAsync(proofs[i], proofs, document, resolver, options, now, unchainedDocumentHash, budget, ct).ConfigureAwait(false);
            unchainedDocumentHash ??= outcome.DocumentHash;
            results[i] = outcome.Result;
        }
        PropagateChainFailures(proofs, results);

        var all = results.Concat(Enumerable.Repeat(new ProofResult(false, null, null, null, "PROOF_VERIFICATION_ERROR: a proof is not a JSON object."), malformed)).ToList();
        var verified = options.RequireAllProofs ? all.All(r => r.Verified) : all.Any(r => r.Verified);
        return new ProofSetResult(verified, all);
    }

    private static async Task<(ProofResult Result, byte[]? DocumentHash)> VerifyOneAsync(JsonObject proof, List<JsonObject> allProofs,
        Unsecured document, IVerificationMethodResolver resolver, VerifyOptions options, DateTimeOffset now, byte[]? unchainedDocumentHash,
        WorkBudget budget, CancellationToken ct)
    {
        var type = AsString(proof["type"]);
        var suiteName = AsString(proof["cryptosuite"]);
        var methodId = AsString(proof["verificationMethod"]);
        var purpose = AsString(proof["proofPurpose"]);
        ProofResult Fail(string error) => new(false, suiteName, methodId, purpose, error);

        if (type != ProofType) return (Fail($"Unsupported proof type '{type}'."), null);
        if (EddsaCryptosuites.Parse(suiteName) is not { } suite) return (Fail($"Unsupported cryptosuite '{suiteName}'."), null);
        if (methodId is null || purpose is null) return (Fail("PROOF_VERIFICATION_ERROR: the proof lacks verificationMethod or proofPurpose."), null);
        if (options.ExpectedProofPurpose is { } expected && purpose != expected)
            return (Fail($"PROOF_VERIFICATION_ERROR: proofPurpose is '{purpose}', expected '{expected}'."), null);
        if (options.ExpectedDomain is { } domain && !ListContains(proof["domain"], domain)) return (Fail("INVALID_DOMAIN_ERROR: the domain does not match."), null);
        if (options.ExpectedChallenge is { } challenge && AsString(proof["challenge"]) != challenge)
            return (Fail("INVALID_CHALLENGE_ERROR: the challenge does not match."), null);
        if (TimeError(proof, now, options.ClockSkew) is { } timeError) return (Fail(timeError), null);

        byte[] signature;
        try
        {
            signature = Multibase.DecodeBase58Btc(AsString(proof["proofValue"]) ?? throw new FormatException("proofValue is missing."));
        }
        catch (FormatException e)
        {
            return (Fail($"PROOF_VERIFICATION_ERROR: {e.Message}"), null);
        }
        if (signature.Length != 64) return (Fail("PROOF_VERIFICATION_ERROR: an Ed25519 proofValue is 64 bytes."), null);

        // DI-2.5: a chained proof signed the document together with the proofs it names.
        var previous = ProofIds(proof["previousProof"]);
        // An unchained eddsa-rdfc-2022 proof (every Laurel credential) hashes the document's JSON-LD tree, read from the secured
        // document in place; chained and jcs proofs work on a JSON copy of the document without its proofs.
        var fromTree = previous.Count == 0 && suite == Cryptosuite.EddsaRdfc2022;
        var input = fromTree ? null : document.Json;
        if (previous.Count > 0)
        {
            var matching = new JsonArray();
            foreach (var id in previous)
            {
                var match = allProofs.FirstOrDefault(p => AsString(p["id"]) == id);
                if (match is null) return (Fail($"PROOF_VERIFICATION_ERROR: previousProof '{id}' is missing."), null);
                matching.Add(match.DeepClone());
            }
            input = (JsonObject)input!.DeepClone();
            input["proof"] = matching;
        }

        // EDDSA-4.2: a jcs proof's @context must be the start of the document's, and replaces it.
        if (suite == Cryptosuite.EddsaJcs2022 && proof["@context"] is { } proofContext)
        {
            if (!ContextStartsWith(input!["@context"], proofContext)) return (Fail("PROOF_VERIFICATION_ERROR: the proof @context does not match the document."), null);
            if (ReferenceEquals(input, document.Json)) input = (JsonObject)input.DeepClone();
            input["@context"] = proofContext.DeepClone();
        }

        var method = await resolver.ResolveAsync(methodId, ct).ConfigureAwait(false);
        if (method is null) return (Fail($"INVALID_VERIFICATION_METHOD: '{methodId}' could not be resolved."), null);
        // The eddsa cryptosuites verify only with Ed25519 keys; a P-256 method names the wrong kind of key.
        if (method.PublicKey is not { } publicKey) return (Fail($"INVALID_VERIFICATION_METHOD: '{methodId}' is not an Ed25519 key."), null);
        if (!method.Relationships.Contains(purpose))
            return (Fail($"INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD: '{methodId}' is not authorized for {purpose}."), null);

        // The caller vouches for the signature over these exact bytes (VerifyOptions.SignatureKnownValid); the key is still resolved above.
        if (options.SignatureKnownValid) return (new ProofResult(true, suiteName, methodId, purpose, null), null);

        byte[] hashData;
        byte[]? documentHash = null;
        try
        {
            if (fromTree)
            {
                // An Open Badge whose achievement was seen before (every award of a definition embeds it byte for byte): the document
                // hash from the credential's own quads joined with the achievement's prepared ones (SharedAchievementCache). Only with
                // the default JSON-LD options, whose loader serves the shipped contexts alone.
                var known = unchainedDocumentHash;
                SharedAchievementCache.Candidate? candidate = null;
                if (known is null && options.JsonLd is null && (candidate = SharedAchievementCache.Read(document.Secured, document.Tree)) is not null)
                    known = budget.Run(() => SharedAchievementCache.Instance.TryDocumentHash(candidate, EddsaCryptosuites.DefaultRdfcJsonLd, budget));
                // The proof configuration's hash by its exact text (ProofConfigHashCache): every credential signed in the same second
                // with the same key has the same configuration.
                var proofKey = options.JsonLd is null ? ProofConfigHashCache.Key(proof, document.Secured["@context"]) : null;
                var proofHash = proofKey is null ? null : ProofConfigHashCache.Instance.TryGet(proofKey, budget.Limits);
                hashData = budget.Run(() =>
                {
                    var tree = known is null ? document.Tree : null;
                    var config = proofHash is null ? ProofConfigTree(proof, document.Tree) : null;
                    return EddsaCryptosuites.HashDataRdfc(config, tree, options.JsonLd, known, budget, proofHash);
                });
                documentHash = hashData[32..];
                if (proofKey is not null && proofHash is null) ProofConfigHashCache.Instance.Add(proofKey, hashData.AsSpan(0, 32), budget.Limits);
                if (candidate is not null && known is null)
                    SharedAchievementCache.Instance.Learn(candidate, EddsaCryptosuites.DefaultRdfcJsonLd, budget.Limits, documentHash, ct);
            }
            else
            {
                var config = ProofConfig(suite, proof, input!);
                hashData = budget.Run(() => EddsaCryptosuites.HashData(suite, config, input!, options.JsonLd, null, budget));
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or ProcessingLimitExceededException))
        {
            return (Fail($"PROOF_TRANSFORMATION_ERROR: {e.Message}"), null);
        }
        var ok = publicKey.Verify(hashData, signature);
        return (ok ? new ProofResult(true, suiteName, methodId, purpose, null) : Fail("PROOF_VERIFICATION_ERROR: the signature is not valid."), documentHash);
    }

    /// <summary>
    /// The secured document without its proofs, made on first use in the form a proof needs: JSON-LD's internal tree read from the
    /// secured document in place (unchained eddsa-rdfc-2022) or a JSON copy (jcs, chains). Neither changes the secured document.
    /// </summary>
    private sealed class Unsecured(JsonObject secured)
    {
        public JsonObject Secured => secured;

        private JsonObject? _json;
        private Dictionary<string, object?>? _tree;

        public JsonObject Json
        {
            get
            {
                if (_json is null)
                {
                    _json = (JsonObject)secured.DeepClone();
                    _json.Remove("proof");
                }
                return _json;
            }
        }

        public Dictionary<string, object?> Tree => _tree ??= JsonTree.FromObjectWithout(secured, "proof");
    }

    /// <summary>
    /// The eddsa-rdfc-2022 proof configuration (EDDSA-3.1 steps 1–2) as a tree: the proof's entries without proofValue and
    /// @context, then the document's @context, shared with the document's tree (expansion only reads).
    /// </summary>
    private static Dictionary<string, object?> ProofConfigTree(JsonObject proof, Dictionary<string, object?> document)
    {
        var config = new Dictionary<string, object?>(proof.Count + 1);
        foreach (var (name, value) in proof)
            if (name is not ("proofValue" or "@context")) config[name] = JsonTree.FromNode(value);
        if (!document.TryGetValue("@context", out var context) || context is null)
            throw new ArgumentException("eddsa-rdfc-2022 needs a JSON-LD document with an @context.");
        config["@context"] = context;
        return config;
    }

    /// <summary>The entries of <c>proof</c> (object or array), left in place; <paramref name="malformed"/> counts those that are not maps (DI-2.4).</summary>
    private static List<JsonObject> ReadProofs(JsonObject secured, out int malformed)
    {
        var proofs = new List<JsonObject>();
        malformed = 0;
        if (!secured.TryGetPropertyValue("proof", out var node) || node is null) return proofs;
        if (node is JsonObject single) proofs.Add(single);
        else if (node is JsonArray array)
        {
            foreach (var entry in array)
            {
                if (entry is JsonObject proof) proofs.Add(proof);
                else malformed++;
            }
        }
        else malformed++;
        return proofs;
    }

    private static string? TimeError(JsonObject proof, DateTimeOffset now, TimeSpan skew)
    {
        if (proof["created"] is { } createdNode)
        {
            if (!TryParseDateTime(AsString(createdNode), out var created)) return "PROOF_VERIFICATION_ERROR: created is not a valid dateTime.";
            if (created > now + skew) return "PROOF_VERIFICATION_ERROR: the proof was created in the future.";
        }
        if (proof["expires"] is { } expiresNode)
        {
            if (!TryParseDateTime(AsString(expiresNode), out var expires)) return "PROOF_VERIFICATION_ERROR: expires is not a valid dateTime.";
            if (expires < now) return "PROOF_VERIFICATION_ERROR: the proof has expired.";
        }
        return null;
    }

    /// <summary>XML Schema dateTime; a value without offset is read as UTC (VC-1.x).</summary>
    internal static bool TryParseDateTime(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length < 19 || text[10] != 'T') return false;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    /// <summary>A proof whose previous proof failed (directly or further up the chain) fails too.</summary>
    private static void PropagateChainFailures(List<JsonObject> proofs, ProofResult[] results)
    {
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < proofs.Count; i++)
            {
                if (!results[i].Verified) continue;
                foreach (var id in ProofIds(proofs[i]["previousProof"]))
                {
                    var j = proofs.FindIndex(p => AsString(p["id"]) == id);
                    if (j >= 0 && results[j].Verified) continue;
                    results[i] = results[i] with { Verified = false, Error = $"PROOF_VERIFICATION_ERROR: previous proof '{id}' is not valid." };
                    changed = true;
                    break;
                }
            }
        }
    }

    private static List<string> ProofIds(JsonNode? node)
    {
        var ids = new List<string>();
        if (AsString(node) is { } one) ids.Add(one);
        else if (node is JsonArray array)
            foreach (var entry in array)
                if (AsString(entry) is { } id) ids.Add(id);
        return ids;
    }

    private static bool ListContains(JsonNode? node, string value) => ProofIds(node).Contains(value);

    private static bool ContextStartsWith(JsonNode? documentContext, JsonNode proofContext)
    {
        var document = documentContext is JsonArray d ? d.ToList() : [documentContext];
        var prefix = proofContext is JsonArray p ? p.ToList() : [proofContext];
        if (prefix.Count > document.Count) return false;
        for (var i = 0; i < prefix.Count; i++)
            if (!JsonNode.DeepEquals(prefix[i], document[i])) return false;
        return true;
    }
}
