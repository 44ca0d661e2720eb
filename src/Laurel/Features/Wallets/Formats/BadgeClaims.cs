using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Issuing;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Wallets.Formats;

/// <summary>Whether a claim may be selectively disclosable (SD-JWT VC type metadata <c>sd</c>).</summary>
public enum ClaimSd { Always, Allowed, Never }

/// <summary>One claim of the SD-JWT VC form: its path (SD-JWT VC §9 claim path) and the resx key of its label.</summary>
public sealed record BadgeClaim(IReadOnlyList<object?> Path, string LabelKey, ClaimSd Sd);

/// <summary>
/// The Open Badges 3.0 facts of an award as SD-JWT VC claims (one vocabulary for issuance and for the vct type metadata,
/// docs/wallets.md has the table). Names are snake_case like the IANA JWT claims; the achievement and issuer are objects so a
/// wallet groups them. Registered claims (iss, iat, vct, cnf, status) are set by <see cref="Laurel.Credentials.SdJwtVc.SdJwtVcIssuer"/>.
/// </summary>
public static class BadgeClaims
{
    /// <summary>Every claim Laurel may put in the credential, in display order. Only the learner's three are disclosable.</summary>
    public static readonly IReadOnlyList<BadgeClaim> All =
    [
        new(["achievement", "name"], "Claim_AchievementName", ClaimSd.Never),
        new(["achievement", "description"], "Claim_AchievementDescription", ClaimSd.Never),
        new(["achievement", "criteria"], "Claim_Criteria", ClaimSd.Never),
        new(["achievement", "learning_outcomes"], "Claim_LearningOutcomes", ClaimSd.Never),
        new(["achievement", "eqf_level"], "Claim_EqfLevel", ClaimSd.Never),
        new(["achievement", "nlqf_level"], "Claim_NlqfLevel", ClaimSd.Never),
        new(["achievement", "credits_ec"], "Claim_CreditsEc", ClaimSd.Never),
        new(["achievement", "study_load_hours"], "Claim_StudyLoadHours", ClaimSd.Never),
        new(["achievement", "type"], "Claim_AchievementType", ClaimSd.Never),
        new(["achievement", "micro_credential"], "Claim_MicroCredential", ClaimSd.Never),
        new(["achievement", "language"], "Claim_Language", ClaimSd.Never),
        new(["achievement", "image"], "Claim_Image", ClaimSd.Never),
        new(["achievement", "id"], "Claim_AchievementId", ClaimSd.Never),
        new(["achievement", "alignments"], "Claim_Alignments", ClaimSd.Never),
        new(["issuer", "name"], "Claim_IssuerName", ClaimSd.Never),
        new(["issuer", "id"], "Claim_IssuerId", ClaimSd.Never),
        new(["issuer", "country"], "Claim_IssuerCountry", ClaimSd.Never),
        new(["issuance_date"], "Claim_IssuanceDate", ClaimSd.Never),
        new(["completion_date"], "Claim_CompletionDate", ClaimSd.Never),
        new(["recipient_name"], "Claim_RecipientName", ClaimSd.Allowed),
        new(["grade"], "Claim_Grade", ClaimSd.Allowed),
        new(["evidence"], "Claim_Evidence", ClaimSd.Allowed),
        new(["credential_id"], "Claim_CredentialId", ClaimSd.Never),
        new(["badge_url"], "Claim_BadgeUrl", ClaimSd.Never),
    ];

    /// <summary>
    /// The claims of one award and the paths to make selectively disclosable, following the learner's choices. The achievement
    /// (with its issuer, faculty and institution) must be loaded.
    /// </summary>
    public static (JsonObject Claims, List<IReadOnlyList<object?>> Disclosable) For(Award award, Achievement achievement, WalletDisclosure choices,
        PublicOrigin origin, string issuerDid)
    {
        var institution = achievement.Issuer!.Faculty!.Institution!;
        var language = achievement.Language is "en" or "nl" ? achievement.Language : "en";
        var facts = new JsonObject
        {
            ["id"] = origin.Url($"/catalog/{achievement.Id}"),
            ["name"] = achievement.Name,
            ["description"] = achievement.Description,
            ["criteria"] = achievement.CriteriaMarkdown.Trim(),
        };
        if (!string.IsNullOrWhiteSpace(achievement.LearningOutcomes)) facts["learning_outcomes"] = achievement.LearningOutcomes.Trim();
        if (achievement.EqfLevel is { } eqf) facts["eqf_level"] = eqf;
        if (achievement.NlqfLevel is { } nlqf) facts["nlqf_level"] = nlqf;
        if (achievement.StudyLoadEc is { } ec) facts["credits_ec"] = (double)Math.Round(ec, 2);
        if (achievement.StudyLoadHours is { } hours) facts["study_load_hours"] = (double)Math.Round(hours, 1);
        facts["type"] = MicroCredentialVocabulary.AchievementTypeOf(achievement.Kind);
        facts["micro_credential"] = achievement.Kind == AchievementKind.MicroCredential;
        facts["language"] = achievement.Language;
        facts["image"] = origin.Url($"/catalog/{achievement.Id}/badge.png");
        var alignments = MicroCredentialVocabulary.Alignments(achievement, origin);
        if (alignments.Count > 0)
            facts["alignments"] = new JsonArray([.. alignments.Select(a => (JsonNode)Compact(new JsonObject
            {
                ["target_name"] = a.TargetName, ["target_url"] = a.TargetUrl, ["target_code"] = a.TargetCode,
                ["target_framework"] = a.TargetFramework, ["target_type"] = a.TargetType,
            }))]);

        var claims = new JsonObject
        {
            ["achievement"] = facts,
            // Laurel institutions are Dutch (IssuerProfiles: addressCountryCode NL); lets "from a Dutch institution" be checked on SD-JWT VCs too.
            ["issuer"] = new JsonObject { ["id"] = issuerDid, ["name"] = institution.Name(language), ["country"] = "NL" },
            ["issuance_date"] = DateTime.SpecifyKind(award.IssuedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["completion_date"] = award.CompletedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var disclosable = new List<IReadOnlyList<object?>>();
        void Add(string name, JsonNode? value, ClaimDisclosure choice)
        {
            if (value is null || choice == ClaimDisclosure.Omitted) return;
            claims[name] = value;
            if (choice == ClaimDisclosure.Selective) disclosable.Add([name]);
        }
        Add("recipient_name", Blank(award.RecipientName) is { } name ? JsonValue.Create(name) : null, choices.RecipientName);
        Add("grade", Blank(award.Grade) is { } grade ? JsonValue.Create(grade) : null, choices.Grade);
        var evidence = award.Evidence
            .Where(e => Blank(e.Url) is not null || Blank(e.Name) is not null || Blank(e.Description) is not null)
            .Select(e => (JsonNode)Compact(new JsonObject { ["url"] = Blank(e.Url), ["name"] = Blank(e.Name), ["description"] = Blank(e.Description) }))
            .ToArray();
        Add("evidence", evidence.Length > 0 ? new JsonArray(evidence) : null, choices.Evidence);
        claims["credential_id"] = CredentialBuilder.CredentialId(award.Id);
        claims["badge_url"] = origin.Url($"/badges/{award.Id}");
        return (claims, disclosable);
    }

    private static JsonObject Compact(JsonObject o)
    {
        foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList()) o.Remove(key);
        return o;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
