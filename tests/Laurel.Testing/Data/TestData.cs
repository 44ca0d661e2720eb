using System.Security.Cryptography;
using System.Text;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;

namespace Laurel.Testing.Data;

/// <summary>
/// Entities with sensible defaults, not yet stored: name only what the test is about. A micro-credential by default is
/// complete (passes the definition rules); people with an e-mail address have it verified by their provider (issue 12).
/// </summary>
public static class TestData
{
    public const string QualityAssuranceName = "Kwaliteitskader microcredentials HO";
    public const string QualityAssuranceUrl = "https://npuls.nl/pilot-microcredentials/";

    /// <summary>A short random key for names and addresses that must be unique per test.</summary>
    public static string Key(int length = 8) => Guid.NewGuid().ToString("N")[..length];

    /// <summary>
    /// A definition of <paramref name="issuer"/> (whose <see cref="Issuer.Faculty"/> must be loaded). Micro-credentials get the
    /// fields the definition rules require (online, supervised with identity check, quality assurance); other kinds are
    /// valid for a year.
    /// </summary>
    public static Achievement Achievement(Issuer issuer, string? name = null, AchievementKind kind = AchievementKind.MicroCredential,
        AchievementStatus status = AchievementStatus.Published, string description = "Interpret and visualise data.",
        string criteria = "Pass the **portfolio**.", string learningOutcomes = "- Clean a data set\n- Explain a chart",
        bool gradeRequired = false, bool claimRequired = false, bool stackable = true, List<string>? tags = null,
        List<string>? programmeIdentifiers = null)
    {
        var id = Guid.CreateVersion7();
        var mc = kind == AchievementKind.MicroCredential;
        var now = DateTime.UtcNow;
        return new Achievement
        {
            Id = id, LineageId = id, IssuerId = issuer.Id, InstitutionId = issuer.Faculty!.InstitutionId, Kind = kind, Status = status,
            Name = name ?? "Test micro-credential " + id.ToString("N")[..6], Description = description, Language = "nl",
            CriteriaMarkdown = criteria, LearningOutcomes = learningOutcomes,
            EqfLevel = 6, NlqfLevel = 6, StudyLoadUnit = StudyLoadUnit.Ec, StudyLoad = 5m,
            ParticipationForms = mc ? [ParticipationForm.Online] : [], AssessmentTypes = [AssessmentType.Portfolio],
            Supervision = mc ? AssessmentSupervision.OnsiteWithIdentityCheck : null, IdentityChecked = mc,
            QualityAssuranceName = QualityAssuranceName, QualityAssuranceUrl = QualityAssuranceUrl,
            Stackable = stackable, GradeRequired = gradeRequired, ClaimRequired = claimRequired,
            Tags = tags ?? [], ProgrammeIdentifiers = programmeIdentifiers ?? [],
            ValidForDays = mc ? null : 365, CreatedAt = now, UpdatedAt = now,
            PublishedAt = status == AchievementStatus.Published ? now : null,
        };
    }

    /// <summary>A new published first version with the definition fields of <paramref name="template"/> and another name.</summary>
    public static Achievement CopyOf(Achievement template, string name, bool gradeRequired)
    {
        var id = Guid.CreateVersion7();
        return new Achievement
        {
            Id = id, LineageId = id, IssuerId = template.IssuerId, InstitutionId = template.InstitutionId, Kind = template.Kind,
            Status = AchievementStatus.Published, Name = name, Description = template.Description, Language = template.Language,
            CriteriaMarkdown = template.CriteriaMarkdown, LearningOutcomes = template.LearningOutcomes, EqfLevel = template.EqfLevel,
            NlqfLevel = template.NlqfLevel, StudyLoadUnit = template.StudyLoadUnit, StudyLoad = template.StudyLoad,
            ParticipationForms = template.ParticipationForms, AssessmentTypes = template.AssessmentTypes, Supervision = template.Supervision,
            IdentityChecked = template.IdentityChecked, QualityAssuranceName = template.QualityAssuranceName,
            QualityAssuranceUrl = template.QualityAssuranceUrl, Stackable = true, GradeRequired = gradeRequired,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, PublishedAt = DateTime.UtcNow,
        };
    }

    /// <summary>
    /// A person (learner or staff) with an e-mail address their provider verified. With <paramref name="provider"/> they can sign
    /// in there as <paramref name="subject"/>; <paramref name="identityEmail"/> says whether that account carries the address too.
    /// </summary>
    public static Person Learner(string? email, string displayName = "Learner", string? givenName = null, string? language = null,
        string? provider = null, string? subject = null, bool identityEmail = true) =>
        Person(email, displayName, givenName, language, provider, subject, identityEmail);

    /// <inheritdoc cref="Learner"/>
    public static Person Person(string? email, string displayName, string? givenName = null, string? language = null,
        string? provider = null, string? subject = null, bool identityEmail = true)
    {
        var person = new Person
        {
            Id = Guid.CreateVersion7(), DisplayName = displayName, GivenName = givenName, Language = language, CreatedAt = DateTime.UtcNow,
        };
        if (email is not null) (person.Email, person.EmailVerification) = (email, EmailVerification.Provider);
        if (provider is not null) person.Identities.Add(Identity(provider, subject ?? Key(), identityEmail ? email : null));
        return person;
    }

    /// <summary>An account at a sign-in provider; an address it carries counts as verified by that provider.</summary>
    public static LinkedIdentity Identity(string provider, string subject, string? email = null)
    {
        var identity = new LinkedIdentity { Id = Guid.CreateVersion7(), Provider = provider, Subject = subject, LinkedAt = DateTime.UtcNow };
        if (email is not null) (identity.Email, identity.EmailVerification) = (email, EmailVerification.Provider);
        return identity;
    }

    /// <summary>An institution (HBO by default, micro-credentials on, default volume policy).</summary>
    public static Institution Institution(string slug = "hx", string nameNl = "Hogeschool X", string nameEn = "X University of Applied Sciences",
        string? identifier = null, InstitutionType type = InstitutionType.HBO, bool microCredentials = true, VolumePolicy? volume = null) => new()
        {
            Slug = slug, NameNl = nameNl, NameEn = nameEn, Identifier = identifier ?? slug + ".nl", Type = type,
            MicroCredentialsEnabled = microCredentials, Volume = volume ?? VolumePolicy.Default,
        };

    /// <summary>An issued award of <paramref name="achievement"/> to an e-mail address, nothing optional filled in.</summary>
    public static Award Award(Achievement achievement, string recipient = "lotte@example.org", string salt = "0123456789abcdef0123456789abcdef",
        DateTime? issuedAt = null, DateOnly? completedOn = null, string? grade = null) => new()
        {
            Id = Guid.NewGuid(), InstitutionId = achievement.InstitutionId, AchievementId = achievement.Id, RecipientIdentity = recipient,
            RecipientIdentityType = RecipientTypes.EmailAddress, RecipientSalt = salt,
            IssuedAt = issuedAt ?? new DateTime(2025, 6, 30, 12, 0, 0, DateTimeKind.Utc), CompletedOn = completedOn ?? new DateOnly(2025, 6, 20),
            Grade = grade, State = AwardState.Issued, CredentialJson = "", SigningKeyId = "",
        };

    /// <summary>An imported credential row as the import feature stores it after verification (valid, matched by default).</summary>
    public static ImportedCredential Import(Guid personId, string text, ImportFormat format = ImportFormat.Ob3Json, string? issuerId = null,
        string issuerName = "Other University", string achievementName = "AI Ethics (elsewhere)", ImportStatus status = ImportStatus.Valid,
        RecipientMatch recipient = RecipientMatch.Matched, decimal? credits = 5, int? eqfLevel = 6) => new()
        {
            Id = Guid.CreateVersion7(), PersonId = personId, Source = ImportSource.Upload, Format = format, CredentialText = text,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
            IssuerId = issuerId, IssuerName = issuerName, AchievementName = achievementName, Credits = credits, EqfLevel = eqfLevel,
            Status = status, Recipient = recipient, VerificationReportJson = "{}", VerifiedAt = DateTime.UtcNow, ImportedAt = DateTime.UtcNow,
        };

    /// <summary>An accepted institution-administrator membership of <paramref name="personId"/> at <paramref name="institutionId"/>.</summary>
    public static StaffMembership InstitutionAdmin(Guid personId, Guid institutionId) =>
        Staff(personId, StaffRole.InstitutionAdmin, ScopeLevel.Institution, institutionId, institutionId);

    /// <summary>An accepted staff membership (revoked now when <paramref name="revoked"/>).</summary>
    public static StaffMembership Staff(Guid personId, StaffRole role, ScopeLevel level, Guid scopeId, Guid institutionId, bool revoked = false)
    {
        var now = DateTime.UtcNow;
        return new StaffMembership
        {
            Id = Guid.CreateVersion7(), PersonId = personId, Role = role, Level = level, ScopeId = scopeId, InstitutionId = institutionId,
            CreatedAt = now, AcceptedAt = now, RevokedAt = revoked ? now : null,
        };
    }
}
