using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges;
using Laurel.Features.Achievements;
using Laurel.Features.Institutions;
using Laurel.Features.Publishing.Issuers;
using Laurel.Infrastructure.Web;
using Achievement = Laurel.Features.Achievements.Achievement;
using Ob = Laurel.Credentials.OpenBadges;

namespace Laurel.Features.Awards.Issuing;

/// <summary>
/// Turns an award and its definition into the unsigned OB 3.0 OpenBadgeCredential that gets signed and stored
/// (eu-microcredential.md §2 for the EU elements). Only OB-context terms are used, so the JSON-LD safe-mode signer accepts it.
/// </summary>
public sealed class CredentialBuilder(PublicOrigin origin, IssuerProfiles profiles)
{
    /// <summary>The credential id of an award.</summary>
    public static string CredentialId(Guid awardId) => "urn:uuid:" + awardId.ToString("D");

    /// <summary>The achievement's public id (its catalog page).</summary>
    public string AchievementId(Guid achievementId) => origin.Url($"/catalog/{achievementId}");

    /// <param name="award">The award (id, dates, recipient, grade, evidence, narrative).</param>
    /// <param name="achievement">The definition with Issuer → Faculty → Institution loaded.</param>
    /// <param name="credentialStatus">Status entries from the status list service (one object, or an array).</param>
    public JsonObject Build(Award award, Achievement achievement, JsonNode? credentialStatus)
    {
        var (institution, language) = Parts(achievement);
        return Build(award, achievement, credentialStatus,
            BuildAchievement(achievement, achievement.Issuer!, achievement.Issuer!.Faculty!, institution, language), IssuerProfile(institution, language));
    }

    /// <summary>
    /// <see cref="Build"/> for many awards of one definition (bulk award): the achievement and the issuer, most of each credential,
    /// are serialized once and copied into every credential, which comes out the same as from <see cref="Build"/>. Thread-safe.
    /// </summary>
    public Func<Award, JsonNode?, JsonObject> ForDefinition(Achievement achievement)
    {
        var (institution, language) = Parts(achievement);
        var full = BuildAchievement(achievement, achievement.Issuer!, achievement.Issuer!.Faculty!, institution, language);
        var issuer = IssuerProfile(institution, language);
        // JsonElements are immutable, so the threads signing in parallel can all read them.
        var achievementJson = JsonSerializer.SerializeToElement(full, OpenBadgeJson.Options);
        var issuerJson = JsonSerializer.SerializeToElement(issuer, OpenBadgeJson.Options);
        // Stand-ins that serialize cheaply; their JSON is replaced by the shared copies.
        var achievementStandIn = new Ob.Achievement { Id = full.Id, Name = full.Name, Description = "", Criteria = new Criteria { Id = full.Id } };
        var issuerStandIn = new Profile { Id = issuer.Id };
        return (award, credentialStatus) =>
        {
            var json = Build(award, achievement, credentialStatus, achievementStandIn, issuerStandIn);
            json["issuer"] = JsonObject.Create(issuerJson);
            json["credentialSubject"]!["achievement"] = JsonObject.Create(achievementJson);
            return json;
        };
    }

    private static (Institution Institution, string Language) Parts(Achievement achievement)
    {
        var issuer = achievement.Issuer ?? throw new ArgumentException("The achievement's issuer must be loaded.", nameof(achievement));
        var faculty = issuer.Faculty ?? throw new ArgumentException("The issuer's faculty must be loaded.", nameof(achievement));
        var institution = faculty.Institution ?? throw new ArgumentException("The faculty's institution must be loaded.", nameof(achievement));
        return (institution, achievement.Language is "en" or "nl" ? achievement.Language : "en");
    }

    private JsonObject Build(Award award, Achievement achievement, JsonNode? credentialStatus, Ob.Achievement obAchievement, Profile issuer)
    {
        var subject = new AchievementSubject
        {
            Identifier = [IdentityHash.CreateHashed(award.RecipientIdentity, award.RecipientIdentityType, award.RecipientSalt)],
            Achievement = obAchievement,
            ActivityEndDate = OpenBadgeCredentialFactory.FormatDate(new DateTimeOffset(award.CompletedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
            CreditsEarned = Credits(achievement),
            Result = Results(award, achievement),
            Narrative = Blank(award.Narrative),
        };
        var validFrom = new DateTimeOffset(DateTime.SpecifyKind(award.IssuedAt, DateTimeKind.Utc));
        // Micro-credentials never expire (NL-4.4); other kinds may (ValidForDays).
        DateTimeOffset? validUntil = achievement.Kind != AchievementKind.MicroCredential && achievement.ValidForDays is { } days
            ? validFrom.AddDays(days) : null;
        var credential = OpenBadgeCredentialFactory.Create(CredentialId(award.Id), issuer, subject, validFrom, achievement.Name, validUntil) with
        {
            Evidence = Evidence(award),
        };
        var json = OpenBadgeCredentialFactory.ToUnsignedJson(credential);
        if (StatusNode(credentialStatus) is { } status) json["credentialStatus"] = status;
        return json;
    }

    // Both entries the status list service offers (revocation, suspension) are embedded as an array, so every verifier (not only
    // Laurel's pages) sees a suspension. OB 3.0 (OB3-3.3) and its JSON Schemas allow one credentialStatus object; VC 2.0 allows
    // "object or array", and a Bitstring Status List entry has one purpose (SL-6.1). This is Laurel's one deliberate deviation
    // from the OB 3.0 schemas, listed in docs/conformance.md; the DCC issues the same shape.
    private static JsonNode? StatusNode(JsonNode? status) => status switch
    {
        null => null,
        JsonArray { Count: 1 } one => one[0]?.DeepClone(),
        _ => status.DeepClone(),
    };

    /// <summary>The institution as issuer: its did:web DID (key ids start with it), names, country (EU element M3) and BRIN,
    /// exactly as its public profile says.</summary>
    public Profile IssuerProfile(Institution institution, string language) => profiles.InstitutionProfile(institution, language);

    private Ob.Achievement BuildAchievement(Achievement a, Issuer issuer, Faculty faculty, Institution institution, string language)
    {
        var id = AchievementId(a.Id);
        var identifiers = MicroCredentialVocabulary.ProgrammeIdentifiers(a, institution.Type);
        var tags = a.Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().ToList();
        return new Ob.Achievement
        {
            Id = id,
            AchievementType = MicroCredentialVocabulary.AchievementTypeOf(a.Kind),
            Name = a.Name,
            Description = a.Description,
            Criteria = new Criteria { Id = id, Narrative = CriteriaNarrative(a, language) },
            Image = new Image { Id = origin.Url($"/catalog/{a.Id}/badge.png"), Caption = a.Name },
            CreditsAvailable = Credits(a),
            InLanguage = a.Language,
            Alignment = NullIfEmpty(MicroCredentialVocabulary.Alignments(a, origin)),
            OtherIdentifier = NullIfEmpty(identifiers),
            Tag = NullIfEmpty(tags),
            ResultDescription = a.GradeRequired ? [GradeDescription(a, language)] : null,
            Version = a.Version.ToString(CultureInfo.InvariantCulture),
            // The Laurel issuer that owns the definition, inside its faculty and institution (their public profiles).
            Creator = profiles.IssuerProfile(issuer, faculty, institution, language),
        };
    }

    // Learning outcomes (EU element M6) have no OB term of their own; they join the criteria narrative under a heading.
    private static string CriteriaNarrative(Achievement a, string language)
    {
        var criteria = a.CriteriaMarkdown.Trim();
        if (string.IsNullOrWhiteSpace(a.LearningOutcomes)) return criteria;
        var heading = language == "nl" ? "Leerresultaten" : "Learning outcomes";
        return $"{criteria}\n\n## {heading}\n\n{a.LearningOutcomes.Trim()}";
    }

    private ResultDescription GradeDescription(Achievement a, string language) => new()
    {
        Id = GradeDescriptionId(a.Id),
        Name = language == "nl" ? "Eindcijfer" : "Final grade",
        ResultType = "Result",
    };

    /// <summary>Id of the grade's ResultDescription inside the achievement (Result.resultDescription points at it).</summary>
    public string GradeDescriptionId(Guid achievementId) => AchievementId(achievementId) + "#grade";

    private List<Result>? Results(Award award, Achievement a)
    {
        if (Blank(award.Grade) is not { } grade) return null;
        return [new Result { ResultDescription = a.GradeRequired ? GradeDescriptionId(a.Id) : null, Value = grade }];
    }

    private static List<Ob.Evidence>? Evidence(Award award) => NullIfEmpty(award.Evidence
        .Where(e => !string.IsNullOrWhiteSpace(e.Url) || !string.IsNullOrWhiteSpace(e.Name) || !string.IsNullOrWhiteSpace(e.Description))
        .Select(e => new Ob.Evidence { Id = Blank(e.Url), Name = Blank(e.Name), Description = Blank(e.Description) })
        .ToList());

    // Workload in EC (EU element M7), whatever unit it was entered in; two decimals are plenty (1 EC = 28 h).
    private static double? Credits(Achievement a) => a.StudyLoadEc is { } ec ? (double)Math.Round(ec, 2) : null;

    private static List<T>? NullIfEmpty<T>(List<T> list) => list.Count == 0 ? null : list;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
