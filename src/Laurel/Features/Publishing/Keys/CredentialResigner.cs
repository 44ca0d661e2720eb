using System.Security.Claims;
using System.Text.Json.Nodes;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Keys;

/// <summary>What re-signing did: how many awards got the new key, and which could not be re-signed (kept as they were).</summary>
public sealed record ResignOutcome(int Resigned, IReadOnlyList<(Guid AwardId, string Error)> Failed);

/// <summary>
/// After a rotation, re-signs an institution's stored credentials with its new active key, in batches. Each award is
/// all-or-nothing: either its credential and SigningKeyId both change, or it keeps its old, still-verifying credential.
/// </summary>
public sealed class CredentialResigner(LaurelDb db, IssuerKeys keys, IssuerSigner signer, AuditLog audit)
{
    public const int BatchSize = 200;
    private const int MaxCollisions = 20;

    public async Task<ResignOutcome> ResignAsync(Guid institutionId, ClaimsPrincipal? actor, string client, CancellationToken ct)
    {
        var active = await keys.GetActiveAsync(institutionId, ct);
        var resigned = 0;
        var failed = new List<(Guid, string)>();
        var after = Guid.Empty;
        var collisions = 0;
        while (true)
        {
            // Keyset paging by id, so a failing award is not picked up again forever.
            var batch = await db.Awards
                .Where(a => a.InstitutionId == institutionId && a.SigningKeyId != active.VerificationMethod && a.Id.CompareTo(after) > 0)
                .OrderBy(a => a.Id).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0) break;
            var batchResigned = 0;
            var batchFailed = new List<(Guid, string)>();
            foreach (var award in batch)
            {
                try
                {
                    var credential = JsonNode.Parse(award.CredentialJson)!.AsObject();
                    credential.Remove("proof");
                    var signed = signer.Sign(active, credential);
                    award.CredentialJson = signed.Credential.ToJsonString();
                    award.SigningKeyId = signed.VerificationMethod;
                    // The public variant (PublicCredentials) is issued anew with the new key on its next request.
                    award.PublicCredentialJson = null;
                    batchResigned++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    batchFailed.Add((award.Id, e.Message));
                }
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (++collisions <= MaxCollisions)
            {
                // Staff revoked, suspended or reinstated one of these awards meanwhile (its Version moved on): nothing of this batch
                // was saved, so sign the same batch again from the awards as they are now.
                db.ChangeTracker.Clear();
                continue;
            }
            db.ChangeTracker.Clear();
            after = batch[^1].Id;
            resigned += batchResigned;
            failed.AddRange(batchFailed);
        }
        audit.Add(actor, "issuer-key.resigned", nameof(IssuerKey), active.Key.Id, institutionId,
            new { resigned, failed = failed.Select(f => f.Item1), key = active.Key.KeyId }, client);
        await db.SaveChangesAsync(ct);
        return new ResignOutcome(resigned, failed);
    }
}
