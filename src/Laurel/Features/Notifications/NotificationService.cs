using System.Globalization;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Notifications;

/// <summary>
/// Renders notification e-mails (plain text and simple HTML) in the recipient's language and adds them to the outbox in the
/// caller's unit of work: nothing is saved here, so the message commits or rolls back with the change it reports. Sending
/// is the e-mail worker's job. Templates take the same values everywhere: {0} achievement (or place), {1} recipient's name,
/// {2} issuer and institution, {3} link, {4} reason, {5} one extra value (date, learner, role).
/// </summary>
public sealed class NotificationService(LaurelDb db, TimeProvider clock, PublicOrigin origin, IStringLocalizer<NotificationText> t)
{
    /// <summary>Queues the message of <paramref name="kind"/> about an award (links to the backpack); returns null when the
    /// learner has no address.</summary>
    public OutboxMessage? QueueAwardMessage(NotificationKind kind, Award award, Achievement achievement, Person? learner, string? reason) =>
        QueueAboutAward(kind, kind.ToString(), award, achievement, learner, "/backpack", reason);

    /// <summary>Invites a new staff member by e-mail (issue 2's invitations), in the institution's default language.</summary>
    public async Task<OutboxMessage> QueueStaffInvitationAsync(StaffMembership invitation, StaffScope scope, string? inviterName, CancellationToken ct)
    {
        var address = invitation.InvitedEmail ?? throw new ArgumentException("Not an invitation by e-mail.", nameof(invitation));
        var institution = await db.Institutions.AsNoTracking().Where(i => i.Id == scope.InstitutionId)
            .Select(i => new { i.DefaultLanguage, i.NameNl, i.NameEn }).FirstAsync(ct);
        var language = institution.DefaultLanguage is "en" ? "en" : "nl";
        return WithCulture(language, () =>
        {
            var inviter = string.IsNullOrWhiteSpace(inviterName) ? t["InviterFallbackName"].Value : inviterName;
            return Queue(NotificationKind.StaffInvitation, "StaffInvitation", address, language, scope.InstitutionId, invitation.Id,
                [scope.Name(language), inviter, language == "en" ? institution.NameEn : institution.NameNl, origin.Url("/account/sign-in"), "",
                    t["Role_" + invitation.Role].Value], fallbackName: "StaffFallbackName");
        });
    }

    /// <summary>The link that proves <paramref name="address"/> belongs to the account that asked (valid <paramref name="hours"/> hours).
    /// No name in it: the account holder may not own the address, so nothing they chose goes into someone else's inbox.</summary>
    public OutboxMessage QueueEmailVerification(string address, string? language, string link, int hours, Guid personId)
    {
        var lang = language is "en" ? "en" : "nl";
        return Queue(NotificationKind.EmailVerification, "EmailVerification", address, lang, null, personId,
            [address.Trim(), "", "Laurel", link, "", hours.ToString(CultureInfo.InvariantCulture)], fallbackName: "LearnerFallbackName");
    }

    /// <summary>Tells a learner that the exam board decided their application for exemptions (issue 17). <paramref name="summary"/>
    /// (one line per course) is rendered by the caller in <paramref name="language"/>; the link leads to the application in the backpack.</summary>
    public OutboxMessage QueueRecognitionDecision(string address, string language, string? learnerName, string institutionName, Guid institutionId,
        Guid applicationId, string link, string summary) =>
        Queue(NotificationKind.RecognitionDecided, "RecognitionDecided", address, language is "en" ? "en" : "nl", institutionId, applicationId,
            [institutionName, learnerName, institutionName, origin.Url(link), summary, null], fallbackName: "LearnerFallbackName");

    private OutboxMessage? QueueAboutAward(NotificationKind kind, string template, Award award, Achievement achievement, Person? learner,
        string link, string? reason)
    {
        var address = learner?.Email is { Length: > 0 } email ? email
            : award.RecipientIdentityType == RecipientTypes.EmailAddress ? award.RecipientIdentity : null;
        if (address is null) return null;
        var language = LanguageOf(learner, achievement);
        return Queue(kind, template, address, language, award.InstitutionId, award.Id,
            [achievement.Name, learner?.GivenName ?? learner?.DisplayName ?? award.RecipientName, IssuerName(achievement, language), origin.Url(link), reason ?? "", null],
            fallbackName: "LearnerFallbackName");
    }

    private OutboxMessage Queue(NotificationKind kind, string template, string address, string language, Guid? institutionId, Guid? relatedId,
        object?[] values, string fallbackName) => WithCulture(language, () =>
    {
        var culture = CultureInfo.GetCultureInfo(language);
        if (values[1] is not string { Length: > 0 }) values[1] = t[fallbackName].Value;
        var subject = MailRenderer.Subject(t[template + "_Subject"].Value, culture, values);
        var (text, html) = MailRenderer.Body(t[template + "_Body"].Value, culture, values, linkIndex: 3);
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(), Kind = kind, RecipientAddress = address.Trim(), Language = language, Subject = subject,
            TextBody = text, HtmlBody = html, RelatedEntityId = relatedId, InstitutionId = institutionId, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.OutboxMessages.Add(message);
        return message;
    });

    // The learner's own choice first, then the institution's default language, then Dutch.
    private static string LanguageOf(Person? person, Achievement achievement) =>
        (person?.Language ?? achievement.Issuer?.Faculty?.Institution?.DefaultLanguage) is "en" ? "en" : "nl";

    private static string IssuerName(Achievement achievement, string language)
    {
        var institution = achievement.Issuer?.Faculty?.Institution;
        return institution is null ? "Laurel" : $"{achievement.Issuer!.Name(language)}, {institution.Name(language)}";
    }

    private static T WithCulture<T>(string language, Func<T> render)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            return render();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
