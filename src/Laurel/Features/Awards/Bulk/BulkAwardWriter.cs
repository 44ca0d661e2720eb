using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Laurel.Features.Awards.Claims;
using Laurel.Features.Awards.Events;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Bulk;

/// <summary>
/// The batch form of <see cref="AwardService.StoreAsync"/> for rows the policy allowed: the same award, credential, audit entry and
/// e-mail per row, but with status indexes taken as one range, credentials signed in parallel and rows inserted in batches of
/// <see cref="BatchSize"/> (one transaction each). Each row stays all-or-nothing: a batch that hits a duplicate stored meanwhile
/// (unique index) is rolled back and written again row by row, so only the duplicate is refused. A row whose credential cannot be
/// signed is refused on its own; the others go on. Each batch records which line got which award (<see cref="BulkUploadAward"/>)
/// and renews the upload's lease in its transaction, so an interrupted upload resumes exactly after the last stored batch.
/// </summary>
public sealed class BulkAwardWriter(LaurelDb db, TimeProvider clock, AwardEvents events, CredentialBuilder builder,
    IssuerSigner signer, IssuerKeys keys, IssuerKeyRing ring, StatusListService statusLists, BulkStatusAllocator allocator, ILogger<BulkAwardWriter> log)
{
    public const int BatchSize = 1_000;
    /// <summary>Rows a signing thread takes at a time (a few milliseconds of work: small enough to balance, big enough to be cheap).</summary>
    private const int SignChunk = 25;

    /// <summary>
    /// Stores the allowed rows of the upload while <paramref name="leaseId"/> holds its lease. Per row: the award, or null when it
    /// was refused at the last moment (<see cref="BulkWriteResult.Unsigned"/>: its credential could not be signed; otherwise a
    /// duplicate stored meanwhile). Throws <see cref="BulkLeaseLostException"/> when another run holds the upload now.
    /// </summary>
    public async Task<BulkWriteResult> WriteAsync(ClaimsPrincipal actor, Achievement a, IReadOnlyList<BulkRowCheck> rows, Guid uploadId, Guid leaseId,
        CancellationToken ct)
    {
        var stored = new Award?[rows.Count];
        var unsigned = new bool[rows.Count];
        if (rows.Count == 0) return new BulkWriteResult(stored, unsigned);
        var now = clock.GetUtcNow().UtcDateTime;
        var key = await keys.GetActiveAsync(a.InstitutionId, ct);
        var allocations = await allocator.AllocateAsync(a.InstitutionId, rows.Count, ct);
        var built = rows.Select(r => NewAward(actor, a, r, now)).ToArray();
        foreach (var (award, row) in built.Zip(rows)) award.Issue(ClaimRules.StateOnIssue(a, row.Verdict.Recipient), now); // new: never refused
        var build = builder.ForDefinition(a);
        var plan = Plan(build, built[0], allocations[0], key);

        // Signing is CPU work on immutable inputs (JSON-LD contexts and keys are cached thread-safely). It runs in the background on
        // every core, batch after batch without waiting for storing, while this loop stores each batch as soon as it is signed: the
        // cores never wait for the database and the database never waits for a whole file's signing. (Signing only one batch ahead,
        // in lock-step with storing, left a core idle whenever one side finished first.) Rows are handed out in small chunks so a
        // slow core does not hold up its batch.
        var batches = (built.Length + BatchSize - 1) / BatchSize;
        var signed = new TaskCompletionSource[batches];
        for (var b = 0; b < batches; b++) signed[b] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var options = new ParallelOptions { CancellationToken = stop.Token, MaxDegreeOfParallelism = Environment.ProcessorCount };
        var signing = Task.Run(() =>
        {
            for (var b = 0; b < batches; b++)
            {
                try
                {
                    var (start, end) = (b * BatchSize, Math.Min((b + 1) * BatchSize, built.Length));
                    Parallel.ForEach(Partitioner.Create(start, end, SignChunk), options,
                        range => { for (var i = range.Item1; i < range.Item2; i++) unsigned[i] = !TrySign(built[i], build, plan, allocations[i], key); });
                    signed[b].SetResult();
                }
                catch (Exception e)
                {
                    for (var rest = b; rest < batches; rest++) signed[rest].TrySetException(e);
                    return;
                }
            }
        }, CancellationToken.None);
        try
        {
            for (var b = 0; b < batches; b++)
            {
                var (start, end) = (b * BatchSize, Math.Min((b + 1) * BatchSize, built.Length));
                await signed[b].Task.WaitAsync(ct);
                if (await TrySaveAsync(actor, a, rows, built, unsigned, start, end, uploadId, leaseId, now, ct))
                    for (var i = start; i < end; i++) stored[i] = unsigned[i] ? null : built[i];
                else
                    for (var i = start; i < end; i++)
                        stored[i] = !unsigned[i] && await TrySaveAsync(actor, a, rows, built, unsigned, i, i + 1, uploadId, leaseId, now, ct) ? built[i] : null;
            }
        }
        finally
        {
            // Should storing fail, signing stops and ends before this request's services are disposed.
            await stop.CancelAsync();
            await signing;
        }
        if (stored.Any(x => x is not null)) a.FrozenAt ??= now;
        return new BulkWriteResult(stored, unsigned);
    }

    private async Task<bool> TrySaveAsync(ClaimsPrincipal actor, Achievement a, IReadOnlyList<BulkRowCheck> rows, Award[] built, bool[] unsigned,
        int start, int end, Guid uploadId, Guid leaseId, DateTime now, CancellationToken ct)
    {
        var any = false;
        for (var i = start; i < end && !any; i++) any = !unsigned[i];
        if (!any) return true; // nothing of this batch could be signed: every row is refused, nothing to store
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The lease is renewed with the batch (one statement, and on PostgreSQL a row lock that keeps a second run out until the
        // commit); a run that lost the lease stores nothing more.
        var leased = await db.BulkUploads.Where(u => u.Id == uploadId && u.LeaseId == leaseId && u.Status == BulkUploadStatus.Confirming)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LeasedUntil, clock.GetUtcNow().UtcDateTime + BulkAwardService.ConfirmLease), ct);
        if (leased == 0) throw new BulkLeaseLostException(uploadId);
        var changes = new List<AwardChange>(end - start);
        for (var i = start; i < end; i++)
        {
            if (unsigned[i]) continue;
            var award = built[i];
            // A failed batch's Add fixed up award.Achievement to the tracked definition; adding it again with that navigation would
            // insert the definition's whole graph (issuer, faculty, institution) as new rows.
            award.Achievement = null;
            db.Awards.Add(award);
            db.Set<BulkUploadAward>().Add(new BulkUploadAward { BulkUploadId = uploadId, Line = rows[i].Row.Line, AwardId = award.Id });
            changes.Add(AwardService.IssueChange(award, a, rows[i].Verdict.Recipient, actor, "bulk", new
            {
                achievementId = a.Id, a.Version, recipientPersonId = award.RecipientPersonId, award.RecipientIdentityType, award.CompletedOn,
                grade = award.Grade, state = award.State.ToString(), issuedAt = award.IssuedAt, statusIndex = award.StatusIndex,
                signingKeyId = award.SigningKeyId, bulkUploadId = uploadId, line = rows[i].Row.Line,
            }));
        }
        // The batch's events, audit entries, e-mails and webhook deliveries: added here, COPYed or saved below with the awards.
        await events.RecordAsync(changes, ct);
        // From the first award on, edits to the definition create a new version (the credentials embed this one).
        await db.Achievements.Where(x => x.Id == a.Id && x.FrozenAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.FrozenAt, now), ct);
        try
        {
            // PostgreSQL: binary COPY of the new awards, audit entries and e-mails (the bulk path's main cost with SaveChanges).
            if (PostgresCopy.CanCopy(db)) await PostgresCopy.SaveAddedAsync(db, ct);
            else await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (Exception e) when (e is DbUpdateException update && UniqueViolation.Is(update)
            || e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            await transaction.RollbackAsync(ct);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static Award NewAward(ClaimsPrincipal actor, Achievement a, BulkRowCheck row, DateTime now)
    {
        var request = row.Request;
        var person = row.Verdict.Recipient;
        return new Award
        {
            Id = Guid.CreateVersion7(), InstitutionId = a.InstitutionId, AchievementId = a.Id,
            RecipientPersonId = person?.Id, RecipientIdentity = AwardPolicy.Identity(request)!, RecipientIdentityType = request.RecipientIdentityType,
            RecipientSalt = Laurel.Credentials.OpenBadges.IdentityHash.NewSalt(), RecipientName = row.Name,
            IssuedAt = AwardSigning.WholeSeconds(now), CompletedOn = request.CompletedOn!.Value,
            Grade = Blank(request.Grade), Narrative = Blank(request.Narrative),
            Evidence = [.. request.Evidence.Where(e => !AwardPolicy.IsEmpty(e))
                .Select(e => new AwardEvidence { Url = Blank(e.Url), Name = Blank(e.Name), Description = Blank(e.Description) })],
            AwardedByPersonId = StaffAccess.PersonId(actor), CredentialJson = "", SigningKeyId = "", CreatedAt = now, UpdatedAt = now,
        };
    }

    // The definition's part of every credential turned into RDF once (BulkSigningPlan); null when that does not apply (a P-256
    // key, or the plan's check on this file's first credential failed): then each row is signed the straightforward way.
    private BulkSigningPlan? Plan(Func<Award, JsonNode?, JsonObject> build, Award sample, StatusAllocation allocation, IssuerKeyInfo key)
    {
        if (key.Key.Algorithm != IssuerKeyAlgorithm.EdDsa) return null;
        try
        {
            var plan = BulkSigningPlan.Create(build(sample, statusLists.CredentialStatusEntries(allocation)), ring.PrivateKey(key.Key), key.VerificationMethod, key.Did);
            if (plan is null) log.LogWarning("Bulk award of {AchievementId}: credentials are signed one by one (the shared RDF of the definition does not apply)", sample.AchievementId);
            return plan;
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            log.LogWarning(e, "Bulk award of {AchievementId}: credentials are signed one by one", sample.AchievementId);
            return null; // e.g. the sample row's credential cannot be signed: each row then finds out for itself
        }
    }

    // As AwardSigning.SignAsync, with the key fetched and the definition's JSON (and RDF, with a plan) made once for the whole file
    // instead of per award. False when this row's credential cannot be signed: the row is refused, the others go on (its status
    // index stays unused).
    private bool TrySign(Award award, Func<Award, JsonNode?, JsonObject> build, BulkSigningPlan? plan, StatusAllocation allocation, IssuerKeyInfo key)
    {
        award.RevocationListId = allocation.RevocationListId;
        award.SuspensionListId = allocation.SuspensionListId;
        award.StatusIndex = allocation.Index;
        try
        {
            if (plan is null) AwardSigning.Seal(award, signer, key, () => build(award, statusLists.CredentialStatusEntries(allocation)));
            else Seal(award, plan, key, build(award, statusLists.CredentialStatusEntries(allocation)));
            return true;
        }
        catch (CredentialSigningException e)
        {
            log.LogWarning(e, "Bulk award row refused: its credential could not be signed");
            return false;
        }
    }

    // AwardSigning.Seal with the plan's signing (the proof is already an array).
    private void Seal(Award award, BulkSigningPlan plan, IssuerKeyInfo key, JsonObject credential)
    {
        try
        {
            award.CredentialJson = plan.Sign(credential, clock.GetUtcNow()).ToJsonString();
            SignedCredentialVerdict.Record(award);
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            throw new CredentialSigningException(award.Id, e);
        }
        award.SigningKeyId = key.VerificationMethod;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Per row of <see cref="BulkAwardWriter.WriteAsync"/>: the stored award (or null), and whether it was refused because it could not be signed.</summary>
public sealed record BulkWriteResult(Award?[] Stored, bool[] Unsigned);

/// <summary>Another run holds the upload's lease now (this one was taken as interrupted and resumed): this run stops storing.</summary>
public sealed class BulkLeaseLostException(Guid uploadId) : Exception($"Bulk upload {uploadId} is being confirmed by another run.");
