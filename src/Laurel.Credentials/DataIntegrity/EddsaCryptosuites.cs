using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Canonicalization;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.DataIntegrity;

/// <summary>
/// The transformation and hashing steps shared by eddsa-rdfc-2022 (EDDSA-3.1) and eddsa-jcs-2022
/// (EDDSA-4.1): hashData = SHA-256(canonical proof config) ‖ SHA-256(canonical document).
/// </summary>
internal static class EddsaCryptosuites
{
    public const int HashDataLength = 64;
    public const string RdfcName = "eddsa-rdfc-2022";
    public const string JcsName = "eddsa-jcs-2022";

    public static string Name(Cryptosuite suite) => suite switch
    {
        Cryptosuite.EddsaRdfc2022 => RdfcName,
        Cryptosuite.EddsaJcs2022 => JcsName,
        _ => throw new ArgumentOutOfRangeException(nameof(suite)),
    };

    public static Cryptosuite? Parse(string? name) => name switch
    {
        RdfcName => Cryptosuite.EddsaRdfc2022,
        JcsName => Cryptosuite.EddsaJcs2022,
        _ => null,
    };

    /// <summary>
    /// Computes hashData. <paramref name="proofConfig"/> must already carry the <c>@context</c> the suite
    /// needs and no proofValue; <paramref name="document"/> must not carry the new proof.
    /// </summary>
    public static byte[] HashData(Cryptosuite suite, JsonObject proofConfig, JsonObject document, JsonLdOptions? jsonLd, byte[]? knownDocumentHash = null,
        WorkBudget? budget = null)
    {
        if (suite == Cryptosuite.EddsaJcs2022)
        {
            var hashData = new byte[HashDataLength];
            SHA256.HashData(Jcs.JsonCanonicalizer.CanonicalizeToUtf8(proofConfig), hashData.AsSpan(0, 32));
            SHA256.HashData(Jcs.JsonCanonicalizer.CanonicalizeToUtf8(document), hashData.AsSpan(32, 32));
            return hashData;
        }

        return HashDataRdfc(JsonTree.FromNode(proofConfig)!, knownDocumentHash is { Length: 32 } ? null : JsonTree.FromNode(document), jsonLd,
            knownDocumentHash, budget);
    }

    /// <summary>The JSON-LD options of eddsa-rdfc-2022 when the caller gives none (see <see cref="HashDataRdfc"/>).</summary>
    internal static readonly JsonLdOptions DefaultRdfcJsonLd = new() { SafeMode = true, RdfDirection = "i18n-datatype" };

    /// <summary>
    /// eddsa-rdfc-2022 hashData of a proof configuration and a document in JSON-LD's internal tree form (<see cref="JsonTree"/>,
    /// only read, so the two may share values such as the <c>@context</c>). <paramref name="document"/> may be null when
    /// <paramref name="knownDocumentHash"/> is given, <paramref name="proofConfig"/> when <paramref name="knownProofHash"/> is.
    /// </summary>
    internal static byte[] HashDataRdfc(object? proofConfig, object? document, JsonLdOptions? jsonLd, byte[]? knownDocumentHash = null,
        WorkBudget? budget = null, byte[]? knownProofHash = null)
    {
        var hashData = new byte[HashDataLength];
        // EDDSA-3.4: JSON-LD in safe mode, so nothing unsigned can slip through as an undefined term. A value's @direction (VC 2.0
        // §11.1) is signed as an i18n datatype, as digitalbazaar's eddsa-rdfc-2022-cryptosuite does (canonize.js, since 2024); the
        // spec leaves rdfDirection open (w3c/vc-data-integrity#366) and without it safe mode must refuse such a value.
        var options = jsonLd is null ? DefaultRdfcJsonLd : jsonLd with { SafeMode = true, RdfDirection = jsonLd.RdfDirection ?? "i18n-datatype" };
        // EDDSA-3.1 step 3-5 (proof hash first). Canonical N-Quads are hashed as bytes, never re-parsed.
        if (knownProofHash is { Length: 32 }) knownProofHash.CopyTo(hashData, 0);
        else Rdfc10.HashCanonical(JsonLdProcessor.TreeToRdf(proofConfig ?? throw new ArgumentNullException(nameof(proofConfig)), options, budget),
            HashAlgorithmName.SHA256, hashData.AsSpan(0, 32), null, budget);
        // The document hash is the same for every unchained proof of a proof set; callers pass it in.
        if (knownDocumentHash is { Length: 32 }) knownDocumentHash.CopyTo(hashData, 32);
        else Rdfc10.HashCanonical(JsonLdProcessor.TreeToRdf(document ?? throw new ArgumentNullException(nameof(document)), options, budget),
            HashAlgorithmName.SHA256, hashData.AsSpan(32, 32), null, budget);
        return hashData;
    }

    /// <summary>hashData from already canonical forms (used to check the published intermediate vectors).</summary>
    public static byte[] HashData(string canonicalProofConfig, string canonicalDocument)
    {
        var hashData = new byte[HashDataLength];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonicalProofConfig), hashData.AsSpan(0, 32));
        SHA256.HashData(Encoding.UTF8.GetBytes(canonicalDocument), hashData.AsSpan(32, 32));
        return hashData;
    }
}
