using System.Security.Cryptography;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Wallets.Issuance;

/// <summary>
/// One c_nonce handed out by a nonce endpoint (VCI-5.1), kept until it is used or expires. Only its SHA-256 is stored, so
/// a database read does not give usable nonces. Kept in the database, not in memory: a wallet may fetch the nonce from one
/// app node and send its proof to another.
/// </summary>
public class WalletNonce
{
    /// <summary><see cref="WalletSecrets.Hash"/> of the nonce.</summary>
    public required string Hash { get; set; }
    public Guid InstitutionId { get; set; }
    public DateTime ExpiresAt { get; set; }
}

internal sealed class WalletNonceConfiguration : IEntityTypeConfiguration<WalletNonce>
{
    public void Configure(EntityTypeBuilder<WalletNonce> builder)
    {
        builder.ToTable("WalletNonces");
        builder.HasKey(n => n.Hash);
        builder.Property(n => n.Hash).HasMaxLength(64);
        builder.HasIndex(n => n.ExpiresAt);
    }
}

/// <summary>
/// c_nonces: 32 random bytes (unguessable), valid <see cref="Lifetime"/>, single use. Using one is a conditional DELETE, so of
/// two requests racing with the same nonce (on any node) exactly one wins.
/// </summary>
public sealed class WalletNonces(LaurelDb db, TimeProvider clock)
{
    /// <summary>How long a wallet has between fetching a nonce and sending the proof that carries it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public async Task<string> CreateAsync(Guid institutionId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Expired nonces are removed as new ones are made (indexed), so the table holds at most a few minutes of them.
        await db.Set<WalletNonce>().Where(n => n.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var nonce = WalletSecrets.NewSecret();
        db.Set<WalletNonce>().Add(new WalletNonce { Hash = WalletSecrets.Hash(nonce), InstitutionId = institutionId, ExpiresAt = now + Lifetime });
        await db.SaveChangesAsync(ct);
        return nonce;
    }

    /// <summary>True when the nonce was made for this institution, is unexpired and unused (does not use it up).</summary>
    public Task<bool> IsUsableAsync(Guid institutionId, string nonce, CancellationToken ct)
    {
        var hash = WalletSecrets.Hash(nonce);
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<WalletNonce>().AnyAsync(n => n.Hash == hash && n.InstitutionId == institutionId && n.ExpiresAt > now, ct);
    }

    /// <summary>Uses the nonce up; false when it was already used (by a racing request) or has expired meanwhile.</summary>
    public async Task<bool> ConsumeAsync(Guid institutionId, string nonce, CancellationToken ct)
    {
        var hash = WalletSecrets.Hash(nonce);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<WalletNonce>().Where(n => n.Hash == hash && n.InstitutionId == institutionId && n.ExpiresAt > now).ExecuteDeleteAsync(ct) == 1;
    }

    internal static string NewNotificationId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
