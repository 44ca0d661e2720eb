using System.Security.Claims;
using System.Text.Json.Nodes;
using Laurel.Credentials.StatusList;
using Laurel.Features.Awards;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Keys;

/// <summary>What re-signing did: how many awards got the new key, and which could not be re-signed (kept as they were).</summary>
public sealed record ResignOutcome(int Resigned, IReadOnlyList<(Guid AwardId, string Error)> Failed);

/// <summary>
/// Re-signs an institution's stored credentials with its active key, in batches: after a rotation every credential signed with
/// an older key, and any credential issued before Laurel embedded the suspension entry, which gets that entry added (the
/// award's own suspension list and index, allocated at award time) with id, dates and content otherwise unchanged. Each award
/// is all-or-nothing: either its credential and SigningKeyId both change, or it keeps its old, still-verifying credential.
/// </summary>
public sealed class CredentialResigner(LaurelDb db, IssuerKeys keys, IssuerSigner signer, AuditLog audit, StatusListService statusLists)
{
    // How a stored credential (compact JSON, as ToJsonString writes it) shows it already has its suspension entry.
    private const string SuspensionMarker = "\"statusPurpose\":\"suspension\"";

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
                .Where(a => a.InstitutionId == institutionId && a.Id.CompareTo(after) > 0
                    && (a.SigningKeyId != active.VerificationMethod || !a.CredentialJson.Contains(SuspensionMarker)))
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
                    // Already signed with the active key and nothing to add (e.g. no status entry of Laurel's own): leave it be.
                    if (!AddSuspensionEntry(credential, award) && award.SigningKeyId == active.VerificationMethod) continue;
                    var signed = signer.Sign(active, credential);
                    award.CredentialJson = signed.Credential.ToJsonString();
                    award.SigningKeyId = signed.VerificationMethod;
                    SignedCredentialVerdict.Record(award);
                    // The public variant (PublicCredentials) is issued anew from this credential (key, status entries) on its next request.
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

    /// <summary>
    /// Adds the award's suspension entry next to its revocation entry (credentialStatus becomes the array new credentials carry,
    /// revocation first). Changes nothing when the credential has a suspension entry, or has no status of Laurel's own.
    /// </summary>
    /// <returns>True when the entry was added.</returns>
    internal bool AddSuspensionEntry(JsonObject credential, Award award)
    {
        var entries = credential["credentialStatus"] switch
        {
            null => [],
            JsonArray list => list.ToList(),
            var one => [one],
        };
        if (entries.Count == 0 || award.SuspensionListId == Guid.Empty) return false;
        if (entries.Any(e => e is JsonObject o && (string?)o["statusPurpose"] == StatusPurpose.Suspension)) return false;
        var revocationUrl = statusLists.ListUrl(award.RevocationListId);
        if (!entries.Any(e => e is JsonObject o && (string?)o["statusListCredential"] == revocationUrl)) return false;
        var suspension = BitstringStatusListBuilder.BuildEntry(statusLists.ListUrl(award.SuspensionListId), award.StatusIndex, StatusPurpose.Suspension);
        credential["credentialStatus"] = new JsonArray([.. entries.Select(e => e?.DeepClone()), suspension]);
        return true;
    }
}
