using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Backpack;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Wallets.Offers;

/// <summary>
/// The learner's "Add to wallet" page of one badge: the QR code (a VCALM interaction URL) with its tx_code, the offer's state,
/// the wallet copies with "Stop this copy", and what revoking means for copies. Only the owner; anyone else gets 404.
/// </summary>
[Authorize]
public sealed class AddToWalletModel(LaurelDb db, WalletOfferService offers, TimeProvider clock, IStringLocalizer<WalletOfferText> text) : PageModel
{
    public Guid AwardId { get; private set; }
    public string BadgeName { get; private set; } = "";
    /// <summary>Issued (in the backpack, not suspended, revoked or expired): only then can a new offer be made.</summary>
    public bool CanOffer { get; private set; }
    public OfferView? Offer { get; private set; }
    public List<WalletCopy> Copies { get; private set; } = [];
    public string? Refusal { get; private set; }
    /// <summary>Whole minutes the open offer still works (the learner's clock may differ from the server's; a count does not).</summary>
    public int MinutesLeft => Offer is null ? 0 : Math.Max(1, (int)Math.Ceiling((Offer.Offer.ExpiresAt - clock.GetUtcNow().UtcDateTime).TotalMinutes));

    [BindProperty(SupportsGet = true)] public bool Stopped { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        return await LoadAsync(personId, id, ct) ? Page() : NotFound();
    }

    /// <summary>The offer's state for wallet-offer.js, which updates the steps while the learner waits.</summary>
    public async Task<IActionResult> OnGetStateAsync(Guid id, Guid offer, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (await offers.FindAsync(personId, id, offer, ct) is not { } view) return NotFound();
        Response.Headers.CacheControl = "private, no-store";
        return new JsonResult(new { state = view.State.ToString(), label = text["State_" + view.State].Value, open = view.IsOpen });
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        var outcome = await offers.CreateAsync(User, id, ct);
        if (outcome.Refusal == OfferRefusal.NotFound) return NotFound();
        if (outcome.Refusal is { } refusal)
        {
            if (!await LoadAsync(personId, id, ct)) return NotFound();
            Refusal = text["Refused_" + refusal].Value;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return Redirect($"/backpack/badges/{id}/wallet#offer");
    }

    public async Task<IActionResult> OnPostStopCopyAsync(Guid id, Guid copyId, [FromServices] WalletCopyStopper stopper, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is null) return Challenge();
        if (!await stopper.StopAsync(User, id, copyId, ct)) return NotFound();
        return Redirect($"/backpack/badges/{id}/wallet?stopped=true#copies");
    }

    private async Task<bool> LoadAsync(Guid personId, Guid awardId, CancellationToken ct)
    {
        var award = await db.Awards.AsNoTracking()
            .Where(a => a.Id == awardId && a.RecipientPersonId == personId && a.State != AwardState.Scheduled)
            .Select(a => new { a.Achievement!.Name, a.State, a.IssuedAt, a.Achievement.Kind, a.Achievement.ValidForDays })
            .FirstOrDefaultAsync(ct);
        if (award is null) return false;
        DateTime? validUntil = award.Kind != AchievementKind.MicroCredential && award.ValidForDays is { } days ? award.IssuedAt.AddDays(days) : null;
        // What the backpack does not list (withdrawn, cancelled) has no wallet page either.
        if (BackpackEntry.StateOf(award.State, validUntil, clock.GetUtcNow().UtcDateTime) is not { } state) return false;
        AwardId = awardId;
        BadgeName = award.Name;
        CanOffer = state == BackpackState.Issued;
        Offer = await offers.NewestAsync(personId, awardId, ct);
        Copies = await offers.CopiesAsync(personId, awardId, ct);
        Response.Headers.CacheControl = "private, no-store";
        return true;
    }
}
