using Laurel.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Notifications;

internal static class MailTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string NewAddress(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.org";

    public static Task<Guid> UtrechtAsync(this LaurelHost host) => host.InstitutionIdAsync("uu");

    /// <summary>Adds a message to the outbox as a feature would (committed), and returns its id.</summary>
    public static async Task<Guid> QueueAsync(this LaurelHost host, string recipient, Guid? institutionId = null, string subject = "Test message")
    {
        var id = Guid.CreateVersion7();
        await host.DbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = id, Kind = NotificationKind.AwardIssued, RecipientAddress = recipient, Language = "en", Subject = subject,
                TextBody = "Body text " + id, HtmlBody = "<p>Body text " + id + "</p>", InstitutionId = institutionId, CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync(Ct);
        });
        return id;
    }

    public static Task<OutboxMessage> MessageAsync(this LaurelHost host, Guid id) =>
        host.DbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, Ct));

    /// <summary>Runs passes until one finds nothing due.</summary>
    public static async Task<int> DrainAllAsync(this OutboxDispatcher dispatcher)
    {
        var total = 0;
        while (await dispatcher.DrainOnceAsync(Ct) is var handled and > 0) total += handled;
        return total;
    }
}
