using System.Globalization;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Features.Publishing;
using Laurel.Infrastructure.Database;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Notifications;

/// <summary>
/// Renders notification e-mails in the recipient's language and adds them to the outbox in the caller's unit of work
/// (nothing is saved here, so the message commits or rolls back with the change it reports). Sending is the e-mail worker's job.
/// </summary>
public sealed class NotificationService(LaurelDb db, TimeProvider clock, PublicOrigin origin, IStringLocalizer<NotificationText> t)
{
    /// <summary>Queues the message of <paramref name="kind"/> about an award; returns null when the learner has no address.</summary>
    public OutboxMessage? QueueAwardMessage(NotificationKind kind, Award award, Achievement achievement, Person? learner, string? reason)
    {
        var address = learner?.Email is { Length: > 0 } email ? email
            : award.RecipientIdentityType == RecipientTypes.EmailAddress ? award.RecipientIdentity : null;
        if (address is null) return null;
        var language = learner?.Language is "en" ? "en" : "nl";
        var (subject, body) = Render(kind, language, achievement, learner, reason);
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(), Kind = kind, RecipientAddress = address, Language = language, Subject = subject, TextBody = body,
            RelatedEntityId = award.Id, InstitutionId = award.InstitutionId, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.OutboxMessages.Add(message);
        return message;
    }

    private (string Subject, string Body) Render(NotificationKind kind, string language, Achievement achievement, Person? learner, string? reason)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            var institution = achievement.Issuer?.Faculty?.Institution;
            var issuerName = institution is null ? "Laurel"
                : $"{achievement.Issuer!.Name(language)}, {institution.Name(language)}";
            object[] args = [achievement.Name, learner?.GivenName ?? learner?.DisplayName ?? t["LearnerFallbackName"].Value, issuerName,
                origin.Url("/backpack"), reason ?? ""];
            var subject = t[kind + "_Subject", args].Value;
            // Resource texts keep line breaks as \n so one TSV row holds a whole message.
            var body = t[kind + "_Body", args].Value.Replace("\\n", "\n", StringComparison.Ordinal);
            return (subject, body);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
