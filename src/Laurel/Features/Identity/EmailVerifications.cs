using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Laurel.Features.Awards.Claims;
using Laurel.Features.Backpack.Imports;
using Laurel.Features.Notifications;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity;

/// <summary>What became of a learner's request for a verification link.</summary>
public enum EmailLinkRequestOutcome { Sent, AlreadyVerified, NotYourAddress, TooSoon }

/// <summary>What became of following a verification link.</summary>
public enum EmailLinkOutcome { Verified, Invalid, Expired, Used, OtherAccount }

/// <summary>
/// Laurel's own proof that an address belongs to a person, for addresses no provider vouched for: a link sent to the address
/// (through the e-mail outbox), followed while signed in as the person who asked. Then the address matches awards like a
/// provider-verified one, and awards waiting for it are matched at once (issue 12).
/// </summary>
public sealed class EmailVerifications(LaurelDb db, TimeProvider clock, NotificationService notifications, PublicOrigin origin,
    AuditLog audit, ClaimService claims, ImportService imports)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);
    /// <summary>One link per address per this interval: enough to retry a lost message, too slow to flood an inbox.</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromMinutes(5);
    /// <summary>Links per person per day, whatever the addresses.</summary>
    public const int MaxPerDay = 10;

    public async Task<EmailLinkRequestOutcome> SendAsync(ClaimsPrincipal user, string? address, CancellationToken ct)
    {
        if (StaffAccess.PersonId(user) is not { } personId || string.IsNullOrWhiteSpace(address)) return EmailLinkRequestOutcome.NotYourAddress;
        var normalized = address.Trim().ToLowerInvariant();
        var person = await db.Persons.AsNoTracking().Include(p => p.Identities).FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null) return EmailLinkRequestOutcome.NotYourAddress;
        var statuses = Addresses(person).Where(a => a.Address.Equals(normalized, StringComparison.OrdinalIgnoreCase)).ToList();
        if (statuses.Count == 0) return EmailLinkRequestOutcome.NotYourAddress;
        if (statuses.Any(a => a.Verification.IsVerified())) return EmailLinkRequestOutcome.AlreadyVerified;

        var now = clock.GetUtcNow().UtcDateTime;
        var tokens = db.Set<EmailVerificationToken>();
        var recent = await tokens.Where(t => t.PersonId == personId && t.CreatedAt > now.AddDays(-1))
            .Select(t => new { t.Address, t.CreatedAt }).ToListAsync(ct);
        if (recent.Count >= MaxPerDay || recent.Any(t => t.Address == normalized && t.CreatedAt > now - ResendInterval))
            return EmailLinkRequestOutcome.TooSoon;

        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        tokens.Add(new EmailVerificationToken
        {
            Id = Guid.CreateVersion7(), PersonId = personId, Address = normalized, TokenHash = Hash(secret), CreatedAt = now,
            ExpiresAt = now + LinkLifetime,
        });
        notifications.QueueEmailVerification(statuses[0].Address, person.Language, origin.Url("/account/verify-email?token=" + secret),
            (int)LinkLifetime.TotalHours, personId);
        // The address stays out of the audit trail: the person's id leads to it while the account exists.
        audit.Add(user, "email.verification-sent", nameof(Person), personId, null);
        await db.SaveChangesAsync(ct);
        return EmailLinkRequestOutcome.Sent;
    }

    public async Task<EmailLinkOutcome> ConfirmAsync(ClaimsPrincipal user, string? secret, CancellationToken ct)
    {
        if (StaffAccess.PersonId(user) is not { } personId || string.IsNullOrEmpty(secret) || secret.Length > 100) return EmailLinkOutcome.Invalid;
        var hash = Hash(secret);
        var tokens = db.Set<EmailVerificationToken>();
        var token = await tokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null) return EmailLinkOutcome.Invalid;
        // Someone else's link (e.g. sent to this person's address by whoever typed it at their provider) changes nothing and stays unused.
        if (token.PersonId != personId) return EmailLinkOutcome.OtherAccount;
        if (token.UsedAt is not null) return EmailLinkOutcome.Used;
        var now = clock.GetUtcNow().UtcDateTime;
        if (token.ExpiresAt <= now) return EmailLinkOutcome.Expired;

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // Conditional on being unused, so two clicks at once verify once.
            if (await tokens.Where(t => t.Id == token.Id && t.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct) == 0)
                return EmailLinkOutcome.Used;
            var address = token.Address;
            var person = await db.Persons.Include(p => p.Identities).FirstOrDefaultAsync(p => p.Id == personId, ct);
            var holders = 0;
            if (person is not null && Normalized(person.Email) == address)
            {
                holders++;
                if (person.EmailVerification != EmailVerification.Provider) person.EmailVerification = EmailVerification.Laurel;
            }
            foreach (var identity in person?.Identities.Where(i => Normalized(i.Email) == address) ?? [])
            {
                holders++;
                if (identity.EmailVerification != EmailVerification.Provider) identity.EmailVerification = EmailVerification.Laurel;
            }
            // The address may have changed since the link was sent: then there is nothing left to verify.
            if (holders == 0) return EmailLinkOutcome.Invalid;
            audit.Add(user, "email.verified", nameof(Person), personId, null, new { by = "laurel" });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        await claims.MatchAsync(user, ct);
        // Imports issued to the newly verified address now count as the learner's.
        await imports.RefreshRecipientsAsync(personId, ct);
        return EmailLinkOutcome.Verified;
    }

    /// <summary>GET /account/verify-email?token=…: the link from the e-mail (sign-in required; the sign-in page brings the learner back).</summary>
    public static async Task<IResult> FollowLinkAsync(string? token, HttpContext context, EmailVerifications verifications) =>
        Results.LocalRedirect("/account?email=" + await verifications.ConfirmAsync(context.User, token, context.RequestAborted));

    /// <summary>Each distinct address of the person (own e-mail and linked accounts'), with who vouches for it (the best word wins).</summary>
    public static List<(string Address, EmailVerification Verification)> Addresses(Person person) =>
        person.Identities.Select(i => (i.Email, i.EmailVerification)).Prepend((person.Email, person.EmailVerification))
            .Where(a => !string.IsNullOrWhiteSpace(a.Email))
            .GroupBy(a => a.Email!.Trim().ToLowerInvariant())
            .Select(g => (g.First().Email!.Trim(), Best(g.Select(a => a.EmailVerification))))
            .ToList();

    private static EmailVerification Best(IEnumerable<EmailVerification> all)
    {
        var list = all.ToList();
        return list.Contains(EmailVerification.Provider) ? EmailVerification.Provider
            : list.Contains(EmailVerification.Laurel) ? EmailVerification.Laurel : EmailVerification.None;
    }

    // Compared in C# in the one normal form the link was made from: SQLite's lower() folds ASCII letters only, so comparing
    // there, "Élise@…" never equalled the link's "élise@…" and the link answered "invalid" (PostgreSQL folded it).
    private static string? Normalized(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : Laurel.Credentials.OpenBadges.IdentityHash.NormalizeEmail(email);

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
