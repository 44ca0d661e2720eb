using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Features.Identity.Authorization;
using Laurel.Infrastructure.Database;
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
    public int PageNumber { get; private set; } = 1;
    public int Total => Counts.Values.Sum();

    public async Task<IActionResult> OnGetAsync(Guid id, int? p, CancellationToken ct)
    {
        Achievement = (await policy.FindAchievementAsync(id, ct))!;
        CanAward = await guard.AllowsAsync(User, StaffRight.Award, new StaffResource(ScopeLevel.Achievement, id));
        Counts = (await db.Awards.Where(a => a.AchievementId == id).GroupBy(a => a.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);
        PageNumber = Math.Max(1, p ?? 1);
        // The signed JSON is not needed for the list; leave it in the database.
        Awards = await db.Awards.Where(a => a.AchievementId == id).OrderByDescending(a => a.IssuedAt).ThenByDescending(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(a => new Award
            {
                Id = a.Id, RecipientName = a.RecipientName, RecipientIdentity = a.RecipientIdentity, RecipientIdentityType = a.RecipientIdentityType,
                RecipientSalt = "", IssuedAt = a.IssuedAt, CompletedOn = a.CompletedOn, Grade = a.Grade, State = a.State,
                CredentialJson = "", SigningKeyId = "",
            }).ToListAsync(ct);
        return Page();
    }
}
