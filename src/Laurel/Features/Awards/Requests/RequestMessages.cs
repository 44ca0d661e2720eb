using System.Globalization;
using Laurel.Features.Identity;
using Laurel.Features.Notifications;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Requests;

/// <summary>
/// The request e-mails: "a learner asks for this badge" to the staff who may award it, and the denial (with the reason) to the
/// learner; an approval reaches the learner as the award's own e-mail. Added to the outbox in the caller's unit of work.
/// </summary>
public sealed class RequestMessages(LaurelDb db, TimeProvider clock, PublicOrigin origin, StaffAccess access, IStringLocalizer<RequestsText> t)
{
    public async Task QueueReceivedAsync(BadgeRequest request, Achievement a, Person learner, CancellationToken ct)
    {
        var chain = await access.ScopeChainAsync(ScopeLevel.Achievement, a.Id, ct);
        var staff = await db.StaffMemberships.Where(m => m.RevokedAt == null && m.PersonId != null && chain.Contains(m.ScopeId))
            .Select(m => new { m.Role, m.Person!.Email, m.Person.Language }).ToListAsync(ct);
        foreach (var member in staff.Where(s => StaffAccess.Grants(s.Role, StaffRight.Award) && s.Email is { Length: > 0 })
                     .DistinctBy(s => s.Email!.ToLowerInvariant()))
            Add(NotificationKind.RequestReceived, "Received", member.Email!, member.Language, request, a,
                [a.Name, learner.DisplayName, origin.Url($"/manage/requests/{request.Id}")]);
    }

    public void QueueDenied(BadgeRequest request, Achievement a, Person learner)
    {
        if (learner.Email is not { Length: > 0 } email) return;
        var institution = a.Issuer?.Faculty?.Institution;
        var language = learner.Language is "en" ? "en" : "nl";
        Add(NotificationKind.RequestDenied, "Denied", email, learner.Language, request, a,
            [a.Name, learner.GivenName ?? learner.DisplayName, institution?.Name(language) ?? "Laurel", request.DenialReason ?? "", origin.Url("/backpack/requests")]);
    }

    private void Add(NotificationKind kind, string template, string address, string? preferred, BadgeRequest request, Achievement a, object[] args)
    {
        var language = preferred is "en" ? "en" : "nl";
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = Guid.CreateVersion7(), Kind = kind, RecipientAddress = address, Language = language,
                Subject = t[$"Mail_{template}_Subject", args].Value,
                // Resource texts keep line breaks as \n so one TSV row holds a whole message.
                TextBody = t[$"Mail_{template}_Body", args].Value.Replace("\\n", "\n", StringComparison.Ordinal),
                RelatedEntityId = request.Id, InstitutionId = a.InstitutionId, CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
