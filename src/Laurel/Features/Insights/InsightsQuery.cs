using System.Globalization;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Insights;

/// <summary>A node of the institution tree the insights are about.</summary>
public sealed record InsightsScope(ScopeLevel Level, Guid Id)
{
    public static string Segment(ScopeLevel level) => level switch
    {
        ScopeLevel.Institution => "institutions",
        ScopeLevel.Faculty => "faculties",
        ScopeLevel.Issuer => "issuers",
        _ => "achievements",
    };

    /// <summary>The full insights page of this node.</summary>
    public string PagePath => $"/manage/{Segment(Level)}/{Id}/insights";
}

/// <summary>Grouping of the "over time" chart.</summary>
public enum InsightsPeriod { Month, Week }

/// <summary>The numbers of a node or of one of its children.</summary>
public sealed record InsightsNumbers
{
    public int Awards { get; init; }
    public int Claimed { get; init; }
    /// <summary>Awards that went through the claim flow: claimed, declined, expired or still waiting.</summary>
    public int ClaimOffered { get; init; }
    public double? ClaimRate => ClaimOffered == 0 ? null : (double)Claimed / ClaimOffered;
    public TimeSpan? MedianTimeToClaim { get; init; }
    /// <summary>Awards the learner has made public (now).</summary>
    public int Public { get; init; }
    public long Shares { get; init; }
    public long PageViews { get; init; }
    public long Verifications { get; init; }
    public long Downloads { get; init; }
    public long LinkedIn { get; init; }
}

public sealed record InsightsChild(Guid Id, string Name, string? Link, InsightsNumbers Numbers);
public sealed record InsightsBucket(DateOnly Start, InsightsNumbers Numbers);

public sealed record InsightsReport(InsightsScope Scope, string Name, InsightsNumbers Totals, IReadOnlyList<InsightsChild> Children,
    InsightsPeriod Period, IReadOnlyList<InsightsBucket> Buckets);

/// <summary>One award row of the awards CSV.</summary>
public sealed record InsightsAwardRow(Guid Id, string Definition, string Recipient, AwardState State, DateTime AwardedAt, DateTime? ClaimedAt, DateTime? RevokedAt);

/// <summary>
/// Reads the insights of a node: award numbers from the awards themselves (state, award and claim dates), the counted numbers from
/// the daily aggregate <see cref="InsightDailyCount"/>, rolled up over the definitions under the node (issuer → faculty →
/// institution). Authorization is the caller's (the pages' and endpoints' <c>RequireStaffRight</c>).
/// </summary>
public sealed class InsightsQuery(LaurelDb db, TimeProvider time)
{
    /// <summary>Buckets shown in the "over time" chart.</summary>
    public const int BucketCount = 12;

    private static readonly AwardState[] NotYetAwarded = [AwardState.Scheduled, AwardState.Cancelled];
    private static readonly AwardState[] Held = [AwardState.Issued, AwardState.Suspended, AwardState.Revoked];

    private sealed record Definition(Guid Id, string Name, Guid IssuerId, Guid FacultyId);
    private sealed record AwardFact(Guid AchievementId, AwardState State, DateTime IssuedAt, DateTime? ClaimDecidedAt, bool IsPublic);

    private IQueryable<Achievement> Definitions(InsightsScope scope) => scope.Level switch
    {
        ScopeLevel.Institution => db.Achievements.Where(a => a.InstitutionId == scope.Id),
        ScopeLevel.Faculty => db.Achievements.Where(a => a.Issuer!.FacultyId == scope.Id),
        ScopeLevel.Issuer => db.Achievements.Where(a => a.IssuerId == scope.Id),
        _ => db.Achievements.Where(a => a.Id == scope.Id),
    };

    /// <summary>The node's name, or null when it does not exist.</summary>
    public async Task<string?> NameAsync(InsightsScope scope, string language, CancellationToken ct) => scope.Level switch
    {
        ScopeLevel.Institution => (await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == scope.Id, ct))?.Name(language),
        ScopeLevel.Faculty => (await db.Faculties.AsNoTracking().FirstOrDefaultAsync(i => i.Id == scope.Id, ct))?.Name(language),
        ScopeLevel.Issuer => (await db.Issuers.AsNoTracking().FirstOrDefaultAsync(i => i.Id == scope.Id, ct))?.Name(language),
        _ => await db.Achievements.AsNoTracking().Where(a => a.Id == scope.Id).Select(a => a.Name).FirstOrDefaultAsync(ct),
    };

    /// <summary>Only the headline numbers (the dashboard summary).</summary>
    public async Task<InsightsNumbers> TotalsAsync(InsightsScope scope, CancellationToken ct)
    {
        var facts = await FactsAsync(scope, ct);
        var counts = await CountsAsync(scope, null, ct);
        return Numbers(facts, counts.Select(c => (c.Kind, c.Count)));
    }

    public async Task<InsightsReport?> ReportAsync(InsightsScope scope, InsightsPeriod period, string language, CancellationToken ct)
    {
        if (await NameAsync(scope, language, ct) is not { } name) return null;
        var definitions = await Definitions(scope).AsNoTracking()
            .Select(a => new Definition(a.Id, a.Name, a.IssuerId, a.Issuer!.FacultyId)).ToListAsync(ct);
        var facts = await FactsAsync(scope, ct);
        var counts = await CountsAsync(scope, null, ct);
        var totals = Numbers(facts, counts.Select(c => (c.Kind, c.Count)));

        var children = await ChildrenAsync(scope, definitions, language, ct);
        var childOf = definitions.ToDictionary(d => d.Id, d => scope.Level switch
        {
            ScopeLevel.Institution => d.FacultyId,
            ScopeLevel.Faculty => d.IssuerId,
            _ => d.Id,
        });
        var childRows = children.Select(c => new InsightsChild(c.Id, c.Name, c.Link, Numbers(
            facts.Where(f => childOf.GetValueOrDefault(f.AchievementId) == c.Id),
            counts.Where(k => childOf.GetValueOrDefault(k.AchievementId) == c.Id).Select(k => (k.Kind, k.Count))))).ToList();

        var starts = BucketStarts(period);
        var from = starts[0];
        var series = await CountsAsync(scope, from, ct);
        var buckets = starts.Select((start, i) =>
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : DateOnly.MaxValue;
            bool In(DateOnly day) => day >= start && day < end;
            // Awards and claims fall in the bucket of their own date; counts in the bucket of their day.
            var awarded = facts.Where(f => In(DateOnly.FromDateTime(f.IssuedAt))).ToList();
            var claimedHere = facts.Count(f => IsClaimed(f) && In(DateOnly.FromDateTime(f.ClaimDecidedAt!.Value)));
            var n = Numbers(awarded, series.Where(c => In(c.Day)).Select(c => (c.Kind, c.Count)));
            return new InsightsBucket(start, n with { Claimed = claimedHere });
        }).ToList();
        return new InsightsReport(scope, name, totals, childRows, period, buckets);
    }

    /// <summary>Every award under the node (the awards CSV), newest first; the recipient as the staff award list shows it.</summary>
    public async Task<List<InsightsAwardRow>> AwardsAsync(InsightsScope scope, CancellationToken ct)
    {
        var ids = Definitions(scope).Select(a => a.Id);
        var rows = await db.Awards.AsNoTracking().Where(w => ids.Contains(w.AchievementId))
            .Select(w => new { w.Id, Definition = w.Achievement!.Name, w.RecipientName, w.RecipientIdentity, w.State, w.IssuedAt, w.ClaimDecidedAt, w.RevokedAt })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.IssuedAt).ThenBy(r => r.Id)
            .Select(r => new InsightsAwardRow(r.Id, r.Definition, r.RecipientName ?? r.RecipientIdentity, r.State, r.IssuedAt,
                Held.Contains(r.State) ? r.ClaimDecidedAt : null, r.RevokedAt)).ToList();
    }

    /// <summary>Bucket starts, oldest first, ending with the current month or ISO week (UTC).</summary>
    public List<DateOnly> BucketStarts(InsightsPeriod period)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var current = period == InsightsPeriod.Month ? new DateOnly(today.Year, today.Month, 1)
            : today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return Enumerable.Range(0, BucketCount).Reverse()
            .Select(i => period == InsightsPeriod.Month ? current.AddMonths(-i) : current.AddDays(-7 * i)).ToList();
    }

    /// <summary><c>week</c> or <c>month</c> (the default) from the query string.</summary>
    public static InsightsPeriod ParsePeriod(string? value) => value == "week" ? InsightsPeriod.Week : InsightsPeriod.Month;

    public static string BucketLabel(DateOnly start, InsightsPeriod period) => period == InsightsPeriod.Month
        ? start.ToString("MMM yyyy", CultureInfo.CurrentCulture)
        : start.ToString("d MMM", CultureInfo.CurrentCulture);

    private async Task<List<AwardFact>> FactsAsync(InsightsScope scope, CancellationToken ct)
    {
        var ids = Definitions(scope).Select(a => a.Id);
        return await db.Awards.AsNoTracking().Where(w => ids.Contains(w.AchievementId) && !NotYetAwarded.Contains(w.State))
            .Select(w => new AwardFact(w.AchievementId, w.State, w.IssuedAt, w.ClaimDecidedAt, w.IsPublic)).ToListAsync(ct);
    }

    private sealed record CountRow(Guid AchievementId, InsightKind Kind, DateOnly Day, long Count);

    private async Task<List<CountRow>> CountsAsync(InsightsScope scope, DateOnly? from, CancellationToken ct)
    {
        var ids = Definitions(scope).Select(a => a.Id);
        var rows = db.Set<InsightDailyCount>().AsNoTracking().Where(c => ids.Contains(c.AchievementId));
        if (from is { } f) rows = rows.Where(c => c.Day >= f);
        return await rows.Select(c => new CountRow(c.AchievementId, c.Kind, c.Day, c.Count)).ToListAsync(ct);
    }

    private static bool IsClaimed(AwardFact f) => f.ClaimDecidedAt is not null && Held.Contains(f.State);

    private static InsightsNumbers Numbers(IEnumerable<AwardFact> awards, IEnumerable<(InsightKind Kind, long Count)> counts)
    {
        var list = awards.ToList();
        var claimed = list.Where(IsClaimed).ToList();
        var times = claimed.Select(f => f.ClaimDecidedAt!.Value - f.IssuedAt).Order().ToList();
        TimeSpan? median = times.Count == 0 ? null
            : times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
        var sums = counts.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        return new InsightsNumbers
        {
            Awards = list.Count,
            Claimed = claimed.Count,
            ClaimOffered = list.Count(f => f.ClaimDecidedAt is not null || f.State == AwardState.AwaitingClaim),
            MedianTimeToClaim = median,
            Public = list.Count(f => f.IsPublic),
            Shares = sums.GetValueOrDefault(InsightKind.Share),
            PageViews = sums.GetValueOrDefault(InsightKind.PageView),
            Verifications = sums.GetValueOrDefault(InsightKind.Verification),
            Downloads = sums.GetValueOrDefault(InsightKind.Download),
            LinkedIn = sums.GetValueOrDefault(InsightKind.LinkedIn),
        };
    }

    private async Task<List<(Guid Id, string Name, string? Link)>> ChildrenAsync(InsightsScope scope, List<Definition> definitions, string language, CancellationToken ct)
    {
        switch (scope.Level)
        {
            case ScopeLevel.Institution:
                return (await db.Faculties.AsNoTracking().Where(f => f.InstitutionId == scope.Id).ToListAsync(ct))
                    .Select(f => (f.Id, f.Name(language), (string?)new InsightsScope(ScopeLevel.Faculty, f.Id).PagePath)).OrderBy(c => c.Item2).ToList();
            case ScopeLevel.Faculty:
                return (await db.Issuers.AsNoTracking().Where(i => i.FacultyId == scope.Id).ToListAsync(ct))
                    .Select(i => (i.Id, i.Name(language), (string?)new InsightsScope(ScopeLevel.Issuer, i.Id).PagePath)).OrderBy(c => c.Item2).ToList();
            case ScopeLevel.Issuer:
                return definitions.Select(d => (d.Id, d.Name, (string?)new InsightsScope(ScopeLevel.Achievement, d.Id).PagePath)).OrderBy(c => c.Item2).ToList();
            default:
                return [];
        }
    }
}
