using System.Security.Claims;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Keys;

/// <summary>An institution's key as a did:web verification method.</summary>
public sealed record IssuerKeyInfo(IssuerKey Key, string Did)
{
    /// <summary>The full verification method id: <c>{DID}#{publicKeyMultibase}</c>.</summary>
    public string VerificationMethod => Did + "#" + Key.KeyId;
}

/// <summary>Finds, creates and rotates institutions' signing keys in the database.</summary>
public sealed class IssuerKeys(LaurelDb db, IssuerKeyRing ring, PublicOrigin origin, TimeProvider clock, AuditLog audit,
    IServiceScopeFactory scopes)
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// The institution's active key, created on first use; safe when several nodes do this at once. A new key is
    /// committed through its own database context, so the caller's tracked changes are neither saved nor dropped
    /// (on SQLite, do not call this while holding your own write transaction: the first use would wait for it).
    /// </summary>
    public Task<IssuerKeyInfo> GetActiveAsync(Guid institutionId, CancellationToken ct) =>
        GetActiveAsync(institutionId, IssuerKeyAlgorithm.EdDsa, ct);

    /// <summary>The institution's active key of one algorithm (<see cref="IssuerKeyAlgorithm"/>), created on first use like the Ed25519 one.</summary>
    public async Task<IssuerKeyInfo> GetActiveAsync(Guid institutionId, string algorithm, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            // One round trip for the DID (slug) and the active key. Read on every call rather than cached: it is what makes a key
            // rotated on another node (or by `laurel keys rotate`) the one used for the very next signature, and it costs no more
            // than a cache's version check would. The decrypted private key is cached by IssuerKeyRing (key rows never change).
            var found = await db.Institutions.AsNoTracking().Where(i => i.Id == institutionId)
                .Select(i => new { i.Slug, Active = db.Set<IssuerKey>().Where(k => k.InstitutionId == i.Id && k.Algorithm == algorithm && k.RetiredAt == null).FirstOrDefault() })
                .SingleOrDefaultAsync(ct) ?? throw new InvalidOperationException($"Institution {institutionId} does not exist.");
            var did = origin.InstitutionDid(found.Slug);
            if (found.Active is not null) return new(found.Active, did);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                return new(await InsertNewKeyAsync(scope.ServiceProvider.GetRequiredService<LaurelDb>(), institutionId, algorithm, ct), did);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e) && attempt < MaxAttempts)
            {
                // Another node created the active key first (unique partial index): use theirs.
            }
        }
    }

    /// <summary>Retires the active key (it stays published) and makes a new one, audited in the same transaction; returns (retired, new).</summary>
    public Task<(IssuerKeyInfo? Retired, IssuerKeyInfo Created)> RotateAsync(Guid institutionId, ClaimsPrincipal? actor, string client,
        CancellationToken ct) => RotateAsync(institutionId, IssuerKeyAlgorithm.EdDsa, actor, client, ct);

    /// <summary>Rotates the institution's key of one algorithm; the other algorithm's key is untouched.</summary>
    public async Task<(IssuerKeyInfo? Retired, IssuerKeyInfo Created)> RotateAsync(Guid institutionId, string algorithm, ClaimsPrincipal? actor,
        string client, CancellationToken ct)
    {
        var did = await DidOfAsync(institutionId, ct);
        for (var attempt = 1; ; attempt++)
        {
            var active = await db.Set<IssuerKey>().AsNoTracking()
                .SingleOrDefaultAsync(k => k.InstitutionId == institutionId && k.Algorithm == algorithm && k.RetiredAt == null, ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                if (active is not null)
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    var retired = await db.Set<IssuerKey>()
                        .Where(k => k.Id == active.Id && k.RetiredAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(k => k.RetiredAt, now), ct);
                    // Someone else rotated in between: start again from their new key.
                    if (retired == 0)
                    {
                        await transaction.RollbackAsync(ct);
                        if (attempt >= MaxAttempts) throw new InvalidOperationException("The key keeps being rotated by someone else.");
                        continue;
                    }
                    active.RetiredAt = now;
                }
                var created = await InsertNewKeyAsync(db, institutionId, algorithm, ct, key => audit.Add(actor, "issuer-key.rotated", nameof(IssuerKey),
                    key.Id, institutionId, new { algorithm, retired = active?.KeyId, created = key.KeyId }, client));
                await transaction.CommitAsync(ct);
                return (active is null ? null : new(active, did), new(created, did));
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e) && attempt < MaxAttempts)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Every key of the institution, oldest first (active and retired).</summary>
    public async Task<List<IssuerKey>> ListAsync(Guid institutionId, CancellationToken ct) =>
        await db.Set<IssuerKey>().AsNoTracking().Where(k => k.InstitutionId == institutionId)
            .OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(ct);

    /// <summary>The DID of an institution (archived ones too: their credentials must keep verifying).</summary>
    public async Task<string> DidOfAsync(Guid institutionId, CancellationToken ct)
    {
        var slug = await db.Institutions.Where(i => i.Id == institutionId).Select(i => i.Slug).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Institution {institutionId} does not exist.");
        return origin.InstitutionDid(slug);
    }

    private async Task<IssuerKey> InsertNewKeyAsync(LaurelDb target, Guid institutionId, string algorithm, CancellationToken ct,
        Action<IssuerKey>? alongside = null)
    {
        var (publicKey, encrypted) = ring.Generate(algorithm);
        var key = new IssuerKey
        {
            Id = Guid.CreateVersion7(),
            InstitutionId = institutionId,
            Algorithm = algorithm,
            KeyId = publicKey,
            PublicKeyMultibase = publicKey,
            EncryptedPrivateKey = encrypted,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        target.Set<IssuerKey>().Add(key);
        alongside?.Invoke(key);
        try
        {
            await target.SaveChangesAsync(ct);
        }
        finally
        {
            target.Entry(key).State = EntityState.Detached;
        }
        return key;
    }
}
