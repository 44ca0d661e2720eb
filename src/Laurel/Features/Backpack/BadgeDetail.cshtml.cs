using Laurel.Credentials.Verification;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Features.Publishing.Badges;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Backpack;

/// <summary>
/// The learner's own page of one award: the achievement with its micro-credential details, the live verification,
/// the sharing choices, every share target and every download. Only the owner: anyone else gets 404, staff included.
/// </summary>
[Authorize]
public sealed class BadgeDetailModel(LaurelDb db, BackpackService backpack, VerificationService verification, ReportPresenter presenter, PublicOrigin origin) : PageModel
{
    public Award Award { get; private set; } = null!;
    public Achievement Achievement { get; private set; } = null!;
    public Institution Institution => Achievement.Issuer!.Faculty!.Institution!;
    public BackpackEntry Entry { get; private set; } = null!;
    public VerificationReport Report { get; private set; } = null!;
    public string VerdictText { get; private set; } = "";
    public IReadOnlyList<PresentedCheck> Checks { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public bool Saved { get; set; }

    public string PublicUrl => origin.Url($"/badges/{Award.Id}");
    public string LinkedInAddUrl => LinkedInLink.For(Award, Achievement.Name, Achievement.Issuer!.Faculty, Institution, PublicUrl);
    public string LinkedInFeedUrl => ShareLinks.LinkedInFeed(PublicUrl);
    /// <summary>Sharing only makes sense for a public badge that is in the backpack (claimed, not revoked).</summary>
    public bool CanShare => Award.IsPublic && Award.State == AwardState.Issued;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        var award = await db.Awards.AsNoTracking()
            .Include(a => a.Achievement!).ThenInclude(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .FirstOrDefaultAsync(a => a.Id == id && a.RecipientPersonId == personId && a.State != AwardState.Scheduled, ct);
        var entry = await backpack.AwardEntryAsync(personId, id, ct);
        if (award?.Achievement is null || entry is null) return NotFound();
        Award = award;
        Achievement = award.Achievement;
        Achievement.Image = null; // the marked badge image is shown beside it instead
        Entry = entry;
        Report = await verification.VerifyStoredAsync(award, ct);
        VerdictText = presenter.Verdict(Report);
        Checks = presenter.Checks(Report, award.State switch
        {
            AwardState.Revoked => new StatusNote(award.RevokedAt ?? award.UpdatedAt, award.RevocationReason ?? "", Revoked: true),
            AwardState.Suspended => new StatusNote(award.SuspendedAt ?? award.UpdatedAt, award.SuspensionReason ?? "", Revoked: false),
            _ => null,
        });
        Response.Headers.CacheControl = "private, no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostSharingAsync(Guid id, Guid awardId, bool isPublic, bool showGrade, bool showEvidence, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (awardId != id || !await backpack.SetSharingAsync(personId, id, isPublic, showGrade, showEvidence, ct)) return NotFound();
        Laurel.Features.Insights.InsightsCounting.Shared(HttpContext, id, isPublic);
        return Redirect($"/backpack/badges/{id}?saved=true#sharing");
    }
}
