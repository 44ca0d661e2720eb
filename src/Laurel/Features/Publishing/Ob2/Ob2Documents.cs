using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges2;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Web;
using Ob2BadgeClass = Laurel.Credentials.OpenBadges2.BadgeClass;

namespace Laurel.Features.Publishing.Ob2;

/// <summary>
/// Maps awards, achievements and issuers to hosted Open Badges 2.0 JSON (for LinkedIn and old displayers). The ids are
/// the stable URLs the documents are served at; hosted verification means the served copy is the truth (OB2-1.2).
/// </summary>
public sealed class Ob2Documents(PublicOrigin origin)
{
    public string AssertionUrl(Guid awardId) => origin.Url($"/ob2/assertions/{awardId}");
    public string BadgeClassUrl(Guid achievementId) => origin.Url($"/ob2/badges/{achievementId}");
    public string IssuerUrl(Guid issuerId) => origin.Url($"/ob2/issuers/{issuerId}");

    /// <summary>
    /// The assertion as the public may see it, the same for every viewer: a file baked for the learner must equal what an
    /// anonymous verifier fetches. Evidence and narrative only when the learner shows them; OB 2.0 has no grade field.
    /// </summary>
    public JsonObject Assertion(Award award)
    {
        var assertion = new Assertion
        {
            Id = AssertionUrl(award.Id),
            Recipient = Recipient(award),
            Badge = BadgeClassUrl(award.AchievementId),
            Verification = VerificationObject.Hosted(),
            IssuedOn = Timestamp(award.IssuedAt),
            Image = origin.Url($"/badges/{award.Id}/badge-ob2.png"),
            Evidence = award.ShowEvidence && award.Evidence.Count > 0
                ? [.. award.Evidence.Select(e => (Ob2Link<Ob2Evidence>)new Ob2Evidence { Id = e.Url, Name = e.Name, Description = e.Description })]
                : null,
            Narrative = award.ShowEvidence ? award.Narrative : null,
            Revoked = award.State == AwardState.Revoked ? true : null,
            RevocationReason = award.State == AwardState.Revoked ? award.RevocationReason : null,
        };
        return Ob2Json.ToJsonObject(assertion);
    }

    public JsonObject BadgeClass(Achievement achievement)
    {
        var issuer = achievement.Issuer ?? throw new InvalidOperationException("Load the achievement's issuer first.");
        var badge = new Ob2BadgeClass
        {
            Context = JsonValue.Create(Ob2Json.Context),
            Id = BadgeClassUrl(achievement.Id),
            Name = achievement.Name,
            Description = achievement.Description,
            Image = origin.Url($"/catalog/{achievement.Id}/badge.png"),
            Criteria = new Ob2Criteria { Id = origin.Url($"/catalog/{achievement.Id}"), Narrative = achievement.CriteriaMarkdown },
            Issuer = IssuerUrl(issuer.Id),
            Alignment = achievement.Alignments.Count == 0 ? null :
                [.. achievement.Alignments.Select(a => new AlignmentObject
                {
                    TargetName = a.TargetName, TargetUrl = a.TargetUrl, TargetFramework = a.TargetFramework,
                    TargetCode = a.TargetCode, TargetDescription = a.TargetDescription,
                })],
            Tags = achievement.Tags.Count == 0 ? null : achievement.Tags,
            Version = achievement.Version.ToString(CultureInfo.InvariantCulture),
        };
        return Ob2Json.ToJsonObject(badge);
    }

    /// <summary>
    /// The issuer profile. OB 2.0 requires an e-mail address: the issuer's own, else <paramref name="contactEmail"/> (the
    /// institution's published contact, see <see cref="Ob2Endpoints"/>); left out (not invented) when there is neither.
    /// </summary>
    public JsonObject Issuer(Issuer issuer, string? contactEmail = null)
    {
        var email = issuer.Email ?? contactEmail;
        var faculty = issuer.Faculty ?? throw new InvalidOperationException("Load the issuer's faculty first.");
        var institution = faculty.Institution ?? throw new InvalidOperationException("Load the faculty's institution first.");
        var language = institution.DefaultLanguage;
        var profile = new Ob2Profile
        {
            Context = JsonValue.Create(Ob2Json.Context),
            Id = IssuerUrl(issuer.Id),
            Name = $"{issuer.Name(language)} ({institution.Name(language)})",
            Url = issuer.Url ?? origin.Url($"/issuers/{issuer.Id}"),
            Email = email ?? "",
            Description = language == "en" ? issuer.DescriptionEn ?? issuer.DescriptionNl : issuer.DescriptionNl ?? issuer.DescriptionEn,
            Image = issuer.Image is null ? null : (Ob2Link<Ob2Image>)origin.Url($"/issuers/{issuer.Id}/image"),
        };
        var json = Ob2Json.ToJsonObject(profile);
        if (email is null) json.Remove("email");
        return json;
    }

    // The same salted hash the OB 3.0 credential carries, so both formats name the same recipient.
    private static Ob2Recipient Recipient(Award award) => new()
    {
        Type = award.RecipientIdentityType == "emailAddress" ? "email" : "id",
        Hashed = true,
        Salt = award.RecipientSalt,
        Identity = Laurel.Credentials.OpenBadges.IdentityHash.Compute(
            award.RecipientIdentityType == "emailAddress"
                ? Laurel.Credentials.OpenBadges.IdentityHash.NormalizeEmail(award.RecipientIdentity)
                : award.RecipientIdentity,
            award.RecipientSalt),
    };

    private static string Timestamp(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}
