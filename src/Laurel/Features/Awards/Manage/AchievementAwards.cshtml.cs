using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Features.Identity.Authorization;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Paging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Manage;

/// <summary>Everyone who received one definition (this version), newest first, with counts per state (staff who may view it).</summary>
[RequireStaffRight(StaffRight.View, ScopeLevel.Achievement, "id")]
public sealed class AchievementAwardsModel(StaffAuthorizer guard, AwardPolicy policy, LaurelDb db) : PageModel
{
    public const int PageSize = 50;

    public Achievement Achievement { get; private set; } = null!;
    public List<Award> Awards { get; private set; } = [];
    public Dictionary<AwardState, int> Counts { get; private set; } = [];
    public bool CanAward { get; private set; }
    public int Total => Counts.Values.Sum();
    /// <summary>Cursors of the newer (previous) and older (next) page, null at either end.</summary>
    public KeysetCursor? Newer { get; private set; }
    public KeysetCursor? Older { get; private set; }

    /// <param name="before">Show the awards after this one (the next page).</param>
    /// <param name="after">Show the awards before this one (the previous page).</param>
    public async Task<IActionResult> OnGetAsync(Guid id, string? before, string? after, CancellationToken ct)
    {
        Achievement = (await policy.FindAchievementAsync(id, ct))!;
        CanAward = await guard.AllowsAsync(User, StaffRight.Award, new StaffResource(ScopeLevel.Achievement, id));
        // Counted over this definition only (IX_Awards_Achievement_Issued carries the state on PostgreSQL).
        Counts = (await db.Awards.AsNoTracking().Where(a => a.AchievementId == id).GroupBy(a => a.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);
        var page = await PageAsync(id, KeysetCursor.Parse(before), KeysetCursor.Parse(after), ct);
        // Going back past the newest award (it was revoked and deleted meanwhile, or an edited link) shows the first page.
        if (page.Items.Count == 0 && (before is not null || after is not null)) page = await PageAsync(id, null, null, ct);
        (Awards, Newer, Older) = (page.Items, page.Newer, page.Older);
        return Page();
    }

    // Keyset paging by (IssuedAt, Id), newest first: each page is an index range read of IX_Awards_Achievement_Issued. The
    // "<= then tie-break" form lets the database use the cursor as an index bound (a plain OR would filter from the top).
    private async Task<KeysetPage<Award>> PageAsync(Guid id, KeysetCursor? before, KeysetCursor? after, CancellationToken ct)
    {
        var awards = db.Awards.AsNoTracking().Where(a => a.AchievementId == id);
        if (after is { } n)
            awards = awards.Where(a => a.IssuedAt >= n.At && (a.IssuedAt > n.At || a.Id.CompareTo(n.Id) > 0))
                .OrderBy(a => a.IssuedAt).ThenBy(a => a.Id);
        else if (before is { } o)
            awards = awards.Where(a => a.IssuedAt <= o.At && (a.IssuedAt < o.At || a.Id.CompareTo(o.Id) < 0))
                .OrderByDescending(a => a.IssuedAt).ThenByDescending(a => a.Id);
        else awards = awards.OrderByDescending(a => a.IssuedAt).ThenByDescending(a => a.Id);
        // The signed JSON is not needed for the list; leave it in the database.
        var rows = await awards.Take(PageSize + 1)
            .Select(a => new Award
            {
                Id = a.Id, RecipientName = a.RecipientName, RecipientIdentity = a.RecipientIdentity, RecipientIdentityType = a.RecipientIdentityType,
                RecipientSalt = "", IssuedAt = a.IssuedAt, CompletedOn = a.CompletedOn, Grade = a.Grade, State = a.State,
                CredentialJson = "", SigningKeyId = "",
            }).ToListAsync(ct);
        return KeysetPage<Award>.From(rows, PageSize, towardsNewer: after is not null, hasCursor: after is not null || before is not null,
            a => new KeysetCursor(a.IssuedAt, a.Id));
    }
}
