using System.Security.Cryptography;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Presentations;

/// <summary>Starts answer sessions: a fresh nonce and state per wallet fetch or exchange, for an open request only.</summary>
public sealed class PresentationSessions(LaurelDb db, TimeProvider clock)
{
    /// <summary>A new session for an open request; null when the request does not exist or is closed.</summary>
    public async Task<PresentationSession?> StartAsync(Guid requestId, PresentationChannel channel, CancellationToken ct)
    {
        var open = await db.Set<PresentationRequest>().AnyAsync(r => r.Id == requestId && r.ClosedAt == null, ct);
        if (!open) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new PresentationSession
        {
            Id = Guid.CreateVersion7(), RequestId = requestId, Channel = channel, Nonce = NewRandom(), State = NewRandom(),
            CreatedAt = now, ExpiresAt = now + PresentationSession.Lifetime,
        };
        db.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>32 random bytes, base64url without padding.</summary>
    public static string NewRandom() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
