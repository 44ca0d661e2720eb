using System.Globalization;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Recognition.Decisions;

/// <summary>One waiting application as the queue shows it: learner, when, and per course the proposal.</summary>
public sealed record QueueEntry(Guid Id, string LearnerName, DateTime SubmittedAt, List<QueueItem> Items);

public sealed record QueueItem(string Code, string NameNl, string NameEn, ExemptionOutcome Proposed, ExemptionOutcome? Decision);

/// <summary>
/// The exam board's queue: submitted applications of the institution with at least one course in the given faculties, oldest
/// first, by keyset (SubmittedAt, Id) — no count over the table, a page costs the same at any depth.
/// </summary>
public sealed class ApplicationQueue(LaurelDb db)
{
    public const int PageSize = 25;

    public async Task<(List<QueueEntry> Entries, string? Next)> PageAsync(Guid institutionId, IReadOnlyCollection<Guid> faculties, string? after,
        CancellationToken ct)
    {
        var courses = db.Set<RecognitionCourse>().Where(c => c.InstitutionId == institutionId && faculties.Contains(c.FacultyId)).Select(c => c.Id);
        var query = db.Set<ExemptionApplication>().AsNoTracking()
            .Where(a => a.InstitutionId == institutionId && a.State == ExemptionApplicationState.Submitted && a.SubmittedAt != null
                && a.Items.Any(i => courses.Contains(i.CourseId)));
        if (Cursor(after) is var (at, id))
            query = query.Where(a => a.SubmittedAt > at || (a.SubmittedAt == at && a.Id.CompareTo(id) > 0));
        var page = await query.OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id).Take(PageSize + 1)
            .Select(a => new { a.Id, a.PersonId, SubmittedAt = a.SubmittedAt!.Value }).ToListAsync(ct);
        var more = page.Count > PageSize;
        if (more) page.RemoveAt(PageSize);
        var ids = page.Select(a => a.Id).ToList();
        var personIds = page.Select(a => a.PersonId).Distinct().ToList();
        var names = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, Name = p.ValidatedName ?? p.DisplayName }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var items = await db.Set<ExemptionItem>().AsNoTracking().Where(i => ids.Contains(i.ApplicationId))
            .Join(db.Set<RecognitionCourse>(), i => i.CourseId, c => c.Id, (i, c) => new { i.ApplicationId, c.Code, c.NameNl, c.NameEn, i.ProposedOutcome, i.Decision })
            .ToListAsync(ct);
        var entries = page.Select(a => new QueueEntry(a.Id, names.GetValueOrDefault(a.PersonId) ?? "?", a.SubmittedAt,
            [.. items.Where(i => i.ApplicationId == a.Id).OrderBy(i => i.Code).Select(i => new QueueItem(i.Code, i.NameNl, i.NameEn, i.ProposedOutcome, i.Decision))])).ToList();
        var last = page.LastOrDefault();
        return (entries, more && last is not null ? $"{last.SubmittedAt.Ticks.ToString(CultureInfo.InvariantCulture)}_{last.Id:N}" : null);
    }

    /// <summary>The keyset cursor (ticks_id), or null when absent or not one of ours (then the first page).</summary>
    private static (DateTime At, Guid Id)? Cursor(string? after)
    {
        if (after is not { Length: > 0 and < 80 } || after.Split('_') is not [var ticks, var id]) return null;
        return long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t > 0 && t < DateTime.MaxValue.Ticks
            && Guid.TryParseExact(id, "N", out var g) ? (new DateTime(t, DateTimeKind.Utc), g) : null;
    }
}
