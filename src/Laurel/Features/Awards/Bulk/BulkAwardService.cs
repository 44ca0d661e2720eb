using System.Security.Claims;
using System.Text.Json;
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
    IStringLocalizer<BulkText> t, Laurel.Features.Backpack.BackpackChanges backpack)
{
    /// <summary>How long an unconfirmed preview is kept.</summary>
    public static readonly TimeSpan PreviewLifetime = TimeSpan.FromHours(24);
    /// <summary>How long the result page and report stay available after confirmation.</summary>
    public static readonly TimeSpan ResultLifetime = TimeSpan.FromDays(30);
    /// <summary>A confirmation that has not finished after this long (a node stopped) may be started again.</summary>
    public static readonly TimeSpan ConfirmLease = TimeSpan.FromMinutes(10);

    /// <summary>Reads the file; stores it as a new upload when it can be read, otherwise returns the file's problems.</summary>
    public async Task<(BulkUpload? Upload, BulkParseResult Parse)> UploadAsync(ClaimsPrincipal actor, Achievement a, string fileName,
        byte[] bytes, CancellationToken ct)
    {
        var parse = BulkCsvParser.Parse(bytes);
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
    /// Checks every row again and awards all allowed rows. False when the upload cannot be confirmed (expired, or confirmed
    /// already or right now by another request: a double click never awards twice).
    /// </summary>
    public async Task<bool> ConfirmAsync(ClaimsPrincipal actor, Achievement a, BulkUpload upload, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var leased = await db.BulkUploads.Where(u => u.Id == upload.Id && u.ExpiresAt > now
                && (u.Status == BulkUploadStatus.Previewed || u.Status == BulkUploadStatus.Confirming && u.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Status, BulkUploadStatus.Confirming).SetProperty(u => u.LeasedUntil, now + ConfirmLease), ct);
        if (leased == 0) return false;

        var checks = await checker.CheckAsync(actor, a, Rows(upload), ct);
        var good = checks.Where(c => c.Good).ToList();
        var stored = await writer.WriteAsync(actor, a, good, upload.Id, ct);
        var awardOf = good.Select((c, i) => (c.Row.Line, Award: stored[i])).ToDictionary(x => x.Line, x => x.Award);
        var outcomes = checks.Select(c => awardOf.GetValueOrDefault(c.Row.Line) is { } award
                ? new BulkOutcome(c.Row.Line, c.Recipient, c.Name, award.Id, award.State.ToString(), [])
                : new BulkOutcome(c.Row.Line, c.Recipient, c.Name, null, null, c.Good ? [t["Outcome_DuplicateMeanwhile"].Value]
                    : [.. c.Problems.Select(p => p.Column is { } col ? $"{t["Column_" + col]}: {p.Message}" : p.Message)]))
            .ToList();

        var done = clock.GetUtcNow().UtcDateTime;
        var tracked = await db.BulkUploads.SingleAsync(u => u.Id == upload.Id, ct);
        tracked.Status = BulkUploadStatus.Completed;
        tracked.OutcomesJson = JsonSerializer.Serialize(outcomes);
        tracked.RowsJson = null; // the outcomes say everything the result needs; the file's contents are not kept longer than needed
        tracked.AwardedCount = outcomes.Count(o => o.Awarded);
        tracked.RefusedCount = outcomes.Count - tracked.AwardedCount;
        tracked.ConfirmedAt = done;
        tracked.ConfirmedByPersonId = StaffAccess.PersonId(actor);
        tracked.ExpiresAt = done + ResultLifetime;
        tracked.LeasedUntil = null;
        audit.Add(actor, "bulk.confirmed", nameof(BulkUpload), upload.Id, a.InstitutionId, new
        {
            achievementId = a.Id, rows = outcomes.Count, awarded = tracked.AwardedCount, refused = tracked.RefusedCount,
            seconds = Math.Round((done - now).TotalSeconds, 2),
        });
        await db.SaveChangesAsync(ct);
        // Learners who now hold it (known and auto-accepted) may have completed a pathway.
        await backpack.NotifyAwardedAsync(a.Id, stored.Where(s => s is { State: AwardState.Issued, RecipientPersonId: not null })
            .Select(s => s!.RecipientPersonId!.Value).Distinct().ToList(), ct);
        return true;
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    // Rows and outcomes hold learners' personal data: cleared once an upload expires (the audit trail keeps the counts).
    private Task<int> ForgetExpiredAsync(DateTime now, CancellationToken ct) =>
        db.BulkUploads.Where(u => u.Status != BulkUploadStatus.Expired && u.Status != BulkUploadStatus.Confirming && u.ExpiresAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Status, BulkUploadStatus.Expired).SetProperty(u => u.RowsJson, (string?)null)
                .SetProperty(u => u.OutcomesJson, (string?)null), ct);
}
