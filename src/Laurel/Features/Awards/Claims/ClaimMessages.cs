using System.Globalization;
using Laurel.Features.Identity;
using Laurel.Features.Notifications;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Localization;

using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Claims;

/// <summary>The claim e-mails: an award is waiting, a reminder, and the notice that it expired.</summary>
public enum ClaimMessageKind { Waiting, Reminder, Expired }

/// <summary>
/// Renders claim e-mails in the learner's language (Dutch unless they chose English) and adds them to the outbox in the caller's
/// unit of work, so a message exists exactly when the change it reports commits. The e-mail worker sends them.
/// </summary>
public sealed class ClaimMessages(LaurelDb db, TimeProvider clock, PublicOrigin origin, IStringLocalizer<ClaimsText> t)
{
    /// <summary>Queues the message; null when there is no address to write to (an EPPN of a learner not yet known).</summary>
    public OutboxMessage? Queue(ClaimMessageKind kind, Award award, Achievement achievement, Person? learner, DateTime? expiresAt = null)
    {
        var address = learner?.Email is { Length: > 0 } email ? email
            : award.RecipientIdentityType == RecipientTypes.EmailAddress ? award.RecipientIdentity : null;
        if (address is null) return null;
        // The learner's own choice first, then the institution's default language, then Dutch (as the other award e-mails).
        var institution = achievement.Issuer?.Faculty?.Institution;
        var language = (learner?.Language ?? institution?.DefaultLanguage) is "en" ? "en" : "nl";
        var previous = CultureInfo.CurrentUICulture;
        var culture = CultureInfo.GetCultureInfo(language);
        CultureInfo.CurrentUICulture = culture;
        try
        {
            // The name the award or CSV gave when the learner is not known yet: "Dear Sanne", not "Dear learner".
            var name = learner?.GivenName ?? learner?.DisplayName ?? award.RecipientName;
            object?[] args =
            [
                achievement.Name, string.IsNullOrWhiteSpace(name) ? t["LearnerFallbackName"].Value : name.Trim(),
                institution?.Name(language) ?? "Laurel", origin.Url($"/backpack/claims?award={award.Id}"),
                expiresAt?.ToString("d MMMM yyyy", culture) ?? "",
            ];
            // A definition that needs no claim puts the badge in the rugzak as soon as the learner signs in: the e-mail says that,
            // instead of offering a choice the learner never gets.
            var template = kind != ClaimMessageKind.Expired && !achievement.ClaimRequired ? $"Mail_{kind}Auto" : $"Mail_{kind}";
            var (text, html) = MailRenderer.Body(t[template + "_Body"].Value, culture, args, linkIndex: 3);
            var message = new OutboxMessage
            {
                Id = Guid.CreateVersion7(), Kind = Kinds[kind], RecipientAddress = address, Language = language,
                Subject = MailRenderer.Subject(t[template + "_Subject"].Value, culture, args),
                TextBody = text, HtmlBody = html,
                RelatedEntityId = award.Id, InstitutionId = award.InstitutionId, CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.OutboxMessages.Add(message);
            return message;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static readonly Dictionary<ClaimMessageKind, NotificationKind> Kinds = new()
    {
        [ClaimMessageKind.Waiting] = NotificationKind.AwardAwaitingClaim,
        [ClaimMessageKind.Reminder] = NotificationKind.AwardClaimReminder,
        [ClaimMessageKind.Expired] = NotificationKind.AwardClaimExpired,
    };
}
