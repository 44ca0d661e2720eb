using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Wallets.Authorization;

/// <summary>
/// Short-lived, single-use state of the wallet authorization server, kept in the database so every node sees it:
/// pushed authorization requests (request_uri), authorization codes, and DPoP proof ids (jti) already seen.
/// Only the SHA-256 of the secret is the key; a record is spent by setting <see cref="UsedAt"/> once.
/// </summary>
public class WalletAuthorizationRecord
{
    /// <summary><see cref="WalletSecrets.Hash"/> of kind + ":" + secret.</summary>
    public required string Key { get; set; }
    public required string Kind { get; set; }
    /// <summary>JSON of the request or code (no secrets of the wallet in it); null for a DPoP jti.</summary>
    public string? Payload { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}

internal sealed class WalletAuthorizationRecordConfiguration : IEntityTypeConfiguration<WalletAuthorizationRecord>
{
    public void Configure(EntityTypeBuilder<WalletAuthorizationRecord> builder)
    {
        builder.ToTable("WalletAuthorizationRecords");
        builder.HasKey(r => r.Key);
        builder.Property(r => r.Key).HasMaxLength(64);
        builder.Property(r => r.Kind).HasMaxLength(20);
        builder.Property(r => r.Payload).HasMaxLength(8000);
        builder.HasIndex(r => r.ExpiresAt);
    }
}

/// <summary>Stores and spends <see cref="WalletAuthorizationRecord"/>s; safe under concurrency on SQLite and PostgreSQL.</summary>
public sealed class WalletAuthorizationRecords(LaurelDb db, TimeProvider time)
{
    public const string ParKind = "par", CodeKind = "code", JtiKind = "dpop-jti";

    private static string KeyOf(string kind, string secret) => WalletSecrets.Hash(kind + ":" + secret);

    /// <summary>Stores a record under a secret; false when the secret was already stored (a replayed DPoP jti).</summary>
    public async Task<bool> TryAddAsync(string kind, string secret, string? payload, DateTime expiresAt, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Expired records are removed now and then by whoever writes: no background job needed.
        if (System.Security.Cryptography.RandomNumberGenerator.GetInt32(64) == 0)
            await db.Set<WalletAuthorizationRecord>().Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var key = KeyOf(kind, secret);
        // The usual replay is caught here; the insert below catches the one that races it.
        if (await db.Set<WalletAuthorizationRecord>().AnyAsync(r => r.Key == key, ct)) return false;
        var record = new WalletAuthorizationRecord { Key = key, Kind = kind, Payload = payload, ExpiresAt = expiresAt };
        db.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // The primary key is the hash: a second insert of the same secret fails on every provider.
            return false;
        }
        finally
        {
            db.Entry(record).State = EntityState.Detached;
        }
    }

    /// <summary>The payload of a live (unexpired, unspent) record, or null.</summary>
    public async Task<string?> PeekAsync(string kind, string secret, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var key = KeyOf(kind, secret);
        return await db.Set<WalletAuthorizationRecord>().AsNoTracking()
            .Where(r => r.Key == key && r.Kind == kind && r.UsedAt == null && r.ExpiresAt > now)
            .Select(r => r.Payload).FirstOrDefaultAsync(ct);
    }

    /// <summary>Spends a live record and returns its payload; null when unknown, expired or already spent (one winner under races).</summary>
    public async Task<string?> SpendAsync(string kind, string secret, CancellationToken ct)
    {
        var payload = await PeekAsync(kind, secret, ct);
        if (payload is null) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var key = KeyOf(kind, secret);
        var spent = await db.Set<WalletAuthorizationRecord>()
            .Where(r => r.Key == key && r.UsedAt == null && r.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedAt, now), ct);
        return spent == 1 ? payload : null;
    }
}
