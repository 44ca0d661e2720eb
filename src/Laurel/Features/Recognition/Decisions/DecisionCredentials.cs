using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Limits;
using Laurel.Features.Institutions;
using Laurel.Features.Publishing.Keys;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Recognition.Decisions;

/// <summary>One course of a decision as the credential, the letter, the webhook and the API state it.</summary>
public sealed record DecidedCourse(Guid ItemId, string Code, string Name, string Programme, string? ProgrammeCode, decimal CourseEc,
    ExemptionOutcome Outcome, decimal? GrantedEc, string? Reason);

/// <summary>
/// The exam board's decision as a W3C Verifiable Credential signed by the institution: the VC 2.0 context and W3C's
/// undefined-terms context (the final VC 2.0 context has no <c>@vocab</c>; VC 2.0 §4.3 points issuers of terms they do not
/// define to this one, whose <c>@vocab</c> covers the decision terms), type ExemptionDecisionCredential, issuer = the institution's did:web, eddsa-rdfc-2022 with the
/// institution's current key — the same keys, key ring and signing call as the VC-API issuer (Awards/VcApi/GenericIssuer). It is
/// not issued through GenericIssuer itself: that one demands the Award right on the whole institution, while a decision is
/// authorized per course (Award on its faculty) by <see cref="DecisionService"/>. No status entry: a decision is not revoked,
/// a new decision replaces it. Served at an unguessable address the letter's QR code points to.
/// </summary>
public sealed class DecisionCredentials(IssuerKeys keys, IssuerKeyRing ring, PublicOrigin origin)
{
    // Safe mode (JL-1.5): a term the contexts do not define fails signing instead of going unsigned.
    private static readonly JsonLdOptions SigningJsonLd = new() { SafeMode = true, DocumentLoader = ShippedContexts.WithExamples };

    public const string Type = "ExemptionDecisionCredential";
    private const string UndefinedTermsContext = "https://www.w3.org/ns/credentials/undefined-terms/v2";

    /// <summary>The public address of a decision credential.</summary>
    public static string Route(string key) => $"/recognition/decisions/{key}";

    /// <summary>A fresh unguessable key (192 bits, base64url).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    /// <summary>Signs the decision. Call before the unit of work is saved (the key lookup may create the institution's first key on its own connection).</summary>
    public async Task<string> IssueAsync(Institution institution, string learnerName, string language, Guid applicationId, DateTime decidedAt,
        IReadOnlyList<DecidedCourse> courses, string key, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var at = new DateTimeOffset(decidedAt.Ticks - decidedAt.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var did = origin.InstitutionDid(institution.Slug);
        var exemptions = new JsonArray();
        foreach (var c in courses)
        {
            var entry = new JsonObject
            {
                ["type"] = "ExemptionDecisionItem",
                ["courseCode"] = c.Code,
                ["courseName"] = c.Name,
                ["programme"] = c.Programme,
                ["courseEc"] = c.CourseEc.ToString("0.##", inv),
                ["outcome"] = c.Outcome.ToString().ToLowerInvariant(),
            };
            if (c.ProgrammeCode is not null) entry["programmeCode"] = c.ProgrammeCode;
            if (c.GrantedEc is { } ec) entry["grantedEc"] = ec.ToString("0.##", inv);
            if (c.Reason is not null) entry["reason"] = c.Reason;
            exemptions.Add(entry);
        }
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", UndefinedTermsContext),
            ["id"] = origin.Url(Route(key)),
            ["type"] = new JsonArray("VerifiableCredential", Type),
            ["issuer"] = new JsonObject { ["id"] = did, ["name"] = institution.Name(language) },
            ["validFrom"] = at.ToString("yyyy-MM-ddTHH:mm:ssZ", inv),
            ["credentialSubject"] = new JsonObject
            {
                ["type"] = "ExemptionDecision",
                ["name"] = learnerName,
                ["applicationId"] = $"urn:uuid:{applicationId}",
                ["inLanguage"] = language,
                ["exemptions"] = exemptions,
            },
        };
        var signingKey = await keys.GetActiveAsync(institution.Id, ct);
        var signed = DataIntegrityProofs.AddProofBounded(credential, Cryptosuite.EddsaRdfc2022, ring.PrivateKey(signingKey.Key),
            new ProofOptions { VerificationMethod = signingKey.VerificationMethod, Created = at }, SigningJsonLd, ProcessingLimits.Default, ct);
        return signed.ToJsonString();
    }
}
