using System.Security.Claims;
using System.Text.Json;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Bulk;

/// <summary>
/// Bulk award from a CSV file: upload (read, keep the rows on the server, audit), preview (every row checked), confirm (checked
/// again, every allowed row awarded at once, every row's outcome kept for the result page and the report, audit).
/// </summary>
public sealed class BulkAwardService(LaurelDb db, TimeProvider clock, AuditLog audit, BulkChecker checker, BulkAwardWriter writer,
    IStringLocalizer<BulkText> t, ILogger<BulkAwardService> log, AwardPolicy policy)
{
    /// <summary>How long an unconfirmed preview is kept.</summary>
    public static readonly TimeSpan PreviewLifetime = TimeSpan.FromHours(24);
    /// <summary>How long the result page and report stay available after confirmation.</summary>
    public static readonly TimeSpan ResultLifetime = TimeSpan.FromDays(30);
    /// <summary>
    /// A confirmation renews its lease with every stored batch (seconds apart); one not renewed for this long has stopped (its node
    /// was stopped or killed) and is taken as interrupted, so staff can resume it.
    /// </summary>
    public static readonly TimeSpan ConfirmLease = TimeSpan.FromMinutes(5);

    /// <summary>Reads the file; stores it as a new upload when it can be read, otherwise returns the file's problems.</summary>
    public Task<(BulkUpload? Upload, BulkParseResult Parse)> UploadAsync(ClaimsPrincipal actor, Achievement a, string fileName,
        byte[] bytes, CancellationToken ct) => StoreAsync(actor, a, fileName, BulkCsvParser.Parse(bytes), ct);

    /// <summary>As above, reading the file from a stream (the upload page: the request body, parsed as it arrives).</summary>
    public async Task<(BulkUpload? Upload, BulkParseResult Parse)> UploadAsync(ClaimsPrincipal actor, Achievement a, string fileName,
        Stream file, CancellationToken ct) => await StoreAsync(actor, a, fileName, await BulkCsvParser.ParseAsync(file, ct), ct);

    private async Task<(BulkUpload? Upload, BulkParseResult Parse)> StoreAsync(ClaimsPrincipal actor, Achievement a, string fileName,
        BulkParseResult parse, CancellationToken ct)
    {
        if (!parse.Succeeded) return (null, parse);
        var now = clock.GetUtcNow().UtcDateTime;
        await ForgetExpiredAsync(now, ct);
        var upload = new BulkUpload
        {
            Id = Guid.CreateVersion7(), InstitutionId = a.InstitutionId, AchievementId = a.Id, UploadedByPersonId = StaffAccess.PersonId(actor),
            FileName = Path.GetFileName(fileName) is { Length: > 0 and <= 260 } name ? name : "upload.csv", Status = BulkUploadStatus.Previewed,
            RowCount = parse.Rows.Count, RowsJson = JsonSerializer.Serialize(parse.Rows), Delimiter = parse.Delimiter.ToString(),
            IgnoredColumns = Truncate(string.Join('\u001f', parse.IgnoredColumns), 4000), CreatedAt = now, ExpiresAt = now + PreviewLifetime,
        };
        db.BulkUploads.Add(upload);
        audit.Add(actor, "bulk.uploaded", nameof(BulkUpload), upload.Id, a.InstitutionId,
            new { achievementId = a.Id, fileName = upload.FileName, rows = upload.RowCount });
        await db.SaveChangesAsync(ct);
        return (upload, parse);
    }

    /// <summary>The upload of this definition, or null (unknown, or of another definition).</summary>
    public async Task<BulkUpload?> FindAsync(Guid achievementId, Guid uploadId, CancellationToken ct)
    {
        var upload = await db.BulkUploads.FirstOrDefaultAsync(u => u.Id == uploadId && u.AchievementId == achievementId, ct);
        if (upload is { Status: BulkUploadStatus.Confirming } && upload.LeasedUntil < clock.GetUtcNow().UtcDateTime
            && await InterruptStaleAsync(upload.Id, clock.GetUtcNow().UtcDateTime, ct) > 0)
            await db.Entry(upload).ReloadAsync(ct);
        if (upload is not null && upload.Status != BulkUploadStatus.Expired && upload.ExpiresAt <= clock.GetUtcNow().UtcDateTime)
        {
            await ForgetExpiredAsync(clock.GetUtcNow().UtcDateTime, ct);
            await db.Entry(upload).ReloadAsync(ct);
        }
        return upload;
    }

    public static List<BulkRow> Rows(BulkUpload upload) => upload.RowsJson is null ? [] : JsonSerializer.Deserialize<List<BulkRow>>(upload.RowsJson) ?? [];

    public static List<BulkOutcome> Outcomes(BulkUpload upload) =>
        upload.OutcomesJson is null ? [] : JsonSerializer.Deserialize<List<BulkOutcome>>(upload.OutcomesJson) ?? [];

    public Task<List<BulkRowCheck>> CheckAsync(ClaimsPrincipal actor, Achievement a, BulkUpload upload, CancellationToken ct) =>
        checker.CheckAsync(actor, a, Rows(upload), ct);

    /// <summary>
    /// Checks every row again and awards all allowed rows; resumes an interrupted upload the same way, skipping the lines it
    /// awarded before (<see cref="BulkUploadAward"/>), so no learner gets a second award or e-mail. NotPossible when the upload
    /// cannot be confirmed (expired, completed, or being confirmed right now: a double click never awards twice). Interrupted
    /// when confirmation stopped part-way: what was stored stays, and staff can resume. Forbidden (nothing changed) when the awarder
    /// lacks the Award right on the definition (<see cref="AwardPolicy.MayAwardAsync(Awarder, Achievement, CancellationToken)"/>).
    /// </summary>
    public async Task<BulkConfirmResult> ConfirmAsync(Awarder awarder, Achievement a, BulkUpload upload, CancellationToken ct)
    {
        if (!await policy.MayAwardAsync(awarder, a, ct)) return BulkConfirmResult.Forbidden;
        var actor = awarder.Principal;
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseId = Guid.NewGuid();
        var leased = await db.BulkUploads.Where(u => u.Id == upload.Id && u.ExpiresAt > now
                && (u.Status == BulkUploadStatus.Previewed || u.Status == BulkUploadStatus.Interrupted
                    || u.Status == BulkUploadStatus.Confirming && u.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Status, BulkUploadStatus.Confirming).SetProperty(u => u.LeasedUntil, now + ConfirmLease)
                .SetProperty(u => u.LeaseId, leaseId), ct);
        if (leased == 0) return BulkConfirmResult.NotPossible;
        try
        {
            await AwardRowsAsync(actor, a, upload, leaseId, now, ct);
            return BulkConfirmResult.Completed;
        }
        catch (BulkLeaseLostException)
        {
            db.ChangeTracker.Clear();
            return BulkConfirmResult.NotPossible; // another run resumed it after this one stalled; that run finishes it
        }
        catch (Exception e)
        {
            // Whatever stopped it (a database error, a bug, the request aborted), the batches stored so far stay, each whole with
            // its e-mails, and the upload waits for a resume instead of looking busy until its lease runs out.
            log.LogError(e, "Bulk upload {UploadId} was interrupted", upload.Id);
            db.ChangeTracker.Clear();
            await InterruptAsync(upload.Id, leaseId, actor, a.InstitutionId);
            if (e is OperationCanceledException) throw;
            return BulkConfirmResult.Interrupted;
        }
    }

    private async Task AwardRowsAsync(ClaimsPrincipal actor, Achievement a, BulkUpload upload, Guid leaseId, DateTime now, CancellationToken ct)
    {
        var rows = Rows(upload);
        var earlier = await EarlierAwardsAsync(upload.Id, ct);
        var checks = await checker.CheckAsync(actor, a, rows.Where(r => !earlier.ContainsKey(r.Line)).ToList(), ct);
        var good = checks.Where(c => c.Good).ToList();
        var written = await writer.WriteAsync(actor, a, good, upload.Id, leaseId, ct);
        var writtenOf = good.Select((c, i) => (c.Row.Line, i)).ToDictionary(x => x.Line, x => x.i);
        var checkOf = checks.ToDictionary(c => c.Row.Line);
        var outcomes = rows.Select(row =>
        {
            if (earlier.TryGetValue(row.Line, out var before))
                return new BulkOutcome(row.Line, row.Email ?? row.Eppn ?? "", before.Name ?? NameOf(row), before.Id, before.State.ToString(), [], Earlier: true);
            var c = checkOf[row.Line];
            if (!c.Good)
                return new BulkOutcome(row.Line, c.Recipient, c.Name, null, null,
                    [.. c.Problems.Select(p => p.Column is { } col ? $"{t["Column_" + col]}: {p.Message}" : p.Message)]);
            var i = writtenOf[row.Line];
            return written.Stored[i] is { } award ? new BulkOutcome(row.Line, c.Recipient, c.Name, award.Id, award.State.ToString(), [])
                : new BulkOutcome(row.Line, c.Recipient, c.Name, null, null,
                    [t[written.Unsigned[i] ? "Outcome_SigningFailed" : "Outcome_DuplicateMeanwhile"].Value]);
        }).ToList();

        var done = clock.GetUtcNow().UtcDateTime;
        var tracked = await db.BulkUploads.SingleAsync(u => u.Id == upload.Id, ct);
        if (tracked.LeaseId != leaseId || tracked.Status != BulkUploadStatus.Confirming) throw new BulkLeaseLostException(upload.Id);
        tracked.Status = BulkUploadStatus.Completed;
        tracked.OutcomesJson = JsonSerializer.Serialize(outcomes);
        tracked.RowsJson = null; // the outcomes say everything the result needs; the file's contents are not kept longer than needed
        tracked.AwardedCount = outcomes.Count(o => o.Awarded);
        tracked.RefusedCount = outcomes.Count - tracked.AwardedCount;
        tracked.ConfirmedAt = done;
        tracked.ConfirmedByPersonId = StaffAccess.PersonId(actor);
        tracked.ExpiresAt = done + ResultLifetime;
        tracked.LeasedUntil = null;
        tracked.LeaseId = null;
        audit.Add(actor, "bulk.confirmed", nameof(BulkUpload), upload.Id, a.InstitutionId, new
        {
            achievementId = a.Id, rows = outcomes.Count, awarded = tracked.AwardedCount, refused = tracked.RefusedCount,
            awardedBeforeInterruption = earlier.Count, seconds = Math.Round((done - now).TotalSeconds, 2),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Awards the upload's lines got in earlier, interrupted runs, by line (one query, whatever the file's size).</summary>
    private Task<Dictionary<int, EarlierAward>> EarlierAwardsAsync(Guid uploadId, CancellationToken ct) =>
        db.Set<BulkUploadAward>().Where(x => x.BulkUploadId == uploadId)
            .Join(db.Awards, x => x.AwardId, w => w.Id, (x, w) => new EarlierAward(x.Line, w.Id, w.State, w.RecipientName))
            .ToDictionaryAsync(x => x.Line, ct);

    private sealed record EarlierAward(int Line, Guid Id, AwardState State, string? Name);

    /// <summary>How many lines of the upload have been awarded so far (an interrupted upload's result page).</summary>
    public Task<int> AwardedSoFarAsync(Guid uploadId, CancellationToken ct) =>
        db.Set<BulkUploadAward>().CountAsync(x => x.BulkUploadId == uploadId, ct);

    // Marks this run's upload interrupted (not another run's: the lease id must still be ours). Resumable for a preview lifetime.
    private async Task InterruptAsync(Guid uploadId, Guid leaseId, ClaimsPrincipal actor, Guid institutionId)
    {
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var marked = await db.BulkUploads.Where(u => u.Id == uploadId && u.LeaseId == leaseId && u.Status == BulkUploadStatus.Confirming)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Status, BulkUploadStatus.Interrupted).SetProperty(u => u.LeasedUntil, (DateTime?)null)
                    .SetProperty(u => u.LeaseId, (Guid?)null).SetProperty(u => u.ExpiresAt, now + PreviewLifetime), CancellationToken.None);
            if (marked == 0) return;
            audit.Add(actor, "bulk.interrupted", nameof(BulkUpload), uploadId, institutionId, new { awardedSoFar = await AwardedSoFarAsync(uploadId, CancellationToken.None) });
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            // The database is unreachable too: the lease runs out and the upload is taken as interrupted then.
            log.LogError(e, "Bulk upload {UploadId} could not be marked interrupted", uploadId);
            db.ChangeTracker.Clear();
        }
    }

    // A confirmation whose lease nobody renewed (its node stopped or was killed between batches) is interrupted.
    private Task<int> InterruptStaleAsync(Guid uploadId, DateTime now, CancellationToken ct) =>
        db.BulkUploads.Where(u => u.Id == uploadId && u.Status == BulkUploadStatus.Confirming && u.LeasedUntil < now)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Status, BulkUploadStatus.Interrupted).SetProperty(u => u.LeasedUntil, (DateTime?)null)
                .SetProperty(u => u.LeaseId, (Guid?)null).SetProperty(u => u.ExpiresAt, now + PreviewLifetime), ct);

    private static string? NameOf(BulkRow r) => string.Join(' ', new[] { r.GivenName, r.FamilyName }.OfType<string>()) is { Length: > 0 } n ? n : null;

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    // Rows and outcomes hold learners' personal data: cleared once an upload expires (the audit trail keeps the counts).
    private Task<int> ForgetExpiredAsync(DateTime now, CancellationToken ct) =>
        db.BulkUploads.Where(u => u.Status != BulkUploadStatus.Expired && u.Status != BulkUploadStatus.Confirming && u.ExpiresAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Status, BulkUploadStatus.Expired).SetProperty(u => u.RowsJson, (string?)null)
                .SetProperty(u => u.OutcomesJson, (string?)null), ct);
}

/// <summary>How a confirmation (or resume) ended.</summary>
public enum BulkConfirmResult { Completed, NotPossible, Interrupted, Forbidden }
