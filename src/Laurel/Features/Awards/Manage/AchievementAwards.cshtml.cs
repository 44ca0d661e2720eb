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

    /// <summary>
    /// The counts per state cover the newest this many awards: from there on the total shows as "1000+" (1,000 or more) and the
    /// states as those of the newest 1,000. Counting every award of a large course on every view would cost time in proportion
    /// to the course.
    /// </summary>
    public const int CountCap = 1_000;

    public Achievement Achievement { get; private set; } = null!;
    public List<Award> Awards { get; private set; } = [];
    public Dictionary<AwardState, int> Counts { get; private set; } = [];
    public bool CanAward { get; private set; }
    public int Total => Counts.Values.Sum();
    /// <summary><see cref="CountCap"/> awards or more: the counts are of the newest ones only.</summary>
    public bool Capped => Total >= CountCap;
    /// <summary>Cursors of the newer (previous) and older (next) page, null at either end.</summary>
    public KeysetCursor? Newer { get; private set; }
    public KeysetCursor? Older { get; private set; }

    /// <param name="before">Show the awards after this one (the next page).</param>
    /// <param name="after">Show the awards before this one (the previous page).</param>
    public async Task<IActionResult> OnGetAsync(Guid id, string? before, string? after, CancellationToken ct)
    {
        Achievement = (await policy.FindAchievementAsync(id, ct))!;
        CanAward = await guard.AllowsAsync(User, StaffRight.Award, new StaffResource(ScopeLevel.Achievement, id));
        // Counted over the newest CountCap awards of this definition only: a backward range of IX_Awards_Achievement_Issued,
        // which carries the state, so a course with 100,000 learners costs what one with 1,000 costs (issue 18).
        Counts = (await db.Awards.AsNoTracking().Where(a => a.AchievementId == id)
            .OrderByDescending(a => a.IssuedAt).ThenByDescending(a => a.Id).Take(CountCap)
            .GroupBy(a => a.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);
        // Keyset paging by (IssuedAt, Id), newest first: each page is an index range read of IX_Awards_Achievement_Issued.
        var page = await Keyset.ReadAsync(before, after, PageSize, a => new KeysetCursor(a.IssuedAt, a.Id),
            (older, newer) => PageAsync(id, older, newer, ct));
        (Awards, Newer, Older) = (page.Items, page.Newer, page.Older);
        return Page();
    }

    // The signed JSON is not needed for the list; leave it in the database.
    private Task<List<Award>> PageAsync(Guid id, KeysetCursor? before, KeysetCursor? after, CancellationToken ct) =>
        db.Awards.AsNoTracking().Where(a => a.AchievementId == id).Around(a => a.IssuedAt, a => a.Id, before, after)
            .Take(PageSize + 1).Select(a => new Award
            {
                Id = a.Id, RecipientName = a.RecipientName, RecipientIdentity = a.RecipientIdentity, RecipientIdentityType = a.RecipientIdentityType,
                RecipientSalt = "", IssuedAt = a.IssuedAt, CompletedOn = a.CompletedOn, Grade = a.Grade, State = a.State,
                CredentialJson = "", SigningKeyId = "",
            }).ToListAsync(ct);
}
