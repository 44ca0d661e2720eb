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
        var language = learner?.Language is "en" ? "en" : "nl";
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            var institution = achievement.Issuer?.Faculty?.Institution;
            object[] args =
            [
                achievement.Name, learner?.GivenName ?? learner?.DisplayName ?? t["LearnerFallbackName"].Value,
                institution?.Name(language) ?? "Laurel", origin.Url("/backpack/claims"),
                expiresAt?.ToString("d MMMM yyyy", CultureInfo.CurrentUICulture) ?? "",
            ];
            var message = new OutboxMessage
            {
                Id = Guid.CreateVersion7(), Kind = Kinds[kind], RecipientAddress = address, Language = language,
                Subject = t[$"Mail_{kind}_Subject", args].Value,
                // Resource texts keep line breaks as \n so one TSV row holds a whole message.
                TextBody = t[$"Mail_{kind}_Body", args].Value.Replace("\\n", "\n", StringComparison.Ordinal),
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
