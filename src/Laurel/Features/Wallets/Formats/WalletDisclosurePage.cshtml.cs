using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Wallets.Formats;

/// <summary>
/// <c>/backpack/badges/{id}/wallet-disclosure</c>: the learner chooses how name, grade and evidence go into the SD-JWT VC copies
/// of one badge. Only the owner: anyone else gets 404 (as the badge's own backpack page), anonymous visitors sign in first.
/// </summary>
[Authorize]
public sealed class WalletDisclosurePageModel(LaurelDb db, TimeProvider clock, IStringLocalizer<WalletFormatsText> text) : PageModel
{
    /// <summary>The route the "Add to wallet" panel links to.</summary>
    public static string PathOf(Guid awardId) => $"/backpack/badges/{awardId}/wallet-disclosure";

    public static readonly string[] Fields = ["recipientName", "grade", "evidence"];

    public Guid AwardId { get; private set; }
    public string BadgeName { get; private set; } = "";
    public bool HasName { get; private set; }
    public bool HasGrade { get; private set; }
    public bool HasEvidence { get; private set; }
    public WalletDisclosure Choices { get; private set; } = WalletDisclosure.Defaults(Guid.Empty);
    public Problems Problems { get; } = new();

    [BindProperty(SupportsGet = true)] public bool Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Choices = await db.Set<WalletDisclosure>().AsNoTracking().FirstOrDefaultAsync(d => d.AwardId == id, ct) ?? WalletDisclosure.Defaults(id);
        Response.Headers.CacheControl = "private, no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? recipientName, string? grade, string? evidence, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var posted = new[] { recipientName, grade, evidence };
        var parsed = new ClaimDisclosure[3];
        for (var i = 0; i < posted.Length; i++)
            if (!Enum.TryParse(posted[i], ignoreCase: false, out parsed[i]) || !Enum.IsDefined(parsed[i]) || int.TryParse(posted[i], out _))
                Problems.Add(Fields[i], text["InvalidChoice"]);
        if (Problems.Any)
        {
            Choices = new WalletDisclosure { AwardId = id };
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var row = await db.Set<WalletDisclosure>().FirstOrDefaultAsync(d => d.AwardId == id, ct);
        if (row is null) db.Add(row = WalletDisclosure.Defaults(id));
        (row.RecipientName, row.Grade, row.Evidence) = (parsed[0], parsed[1], parsed[2]);
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Redirect(PathOf(id) + "?saved=true");
    }

    // The owner's award (any state but scheduled, as the backpack shows it); false for everyone else.
    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return false;
        var award = await db.Awards.AsNoTracking().Include(a => a.Achievement)
            .Where(a => a.Id == id && a.RecipientPersonId == personId && a.State != AwardState.Scheduled)
            .Select(a => new { a.Achievement, a.RecipientName, a.Grade, HasEvidence = a.Evidence.Count > 0 })
            .FirstOrDefaultAsync(ct);
        if (award?.Achievement is null) return false;
        AwardId = id;
        BadgeName = award.Achievement.Name;
        HasName = !string.IsNullOrWhiteSpace(award.RecipientName);
        HasGrade = !string.IsNullOrWhiteSpace(award.Grade);
        HasEvidence = award.HasEvidence;
        return true;
    }
}
