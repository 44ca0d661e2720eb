using System.Text.Json.Nodes;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Wallets.Offers;

/// <summary>
/// The VCALM interaction URL the "Add to wallet" QR encodes (<c>/wallet/interactions/{id}?iuv=1</c>). A wallet GETs it as JSON
/// and picks a protocol from <c>{"protocols": {"OID4VCI": …, "vcapi": …}}</c> (VCALM interaction URLs; keys as in
/// https://vcplayground.org/docs/chapi/wallets/interaction-url/); a browser (a phone's camera app) gets a page that says how to
/// go on in a wallet. It names no badge and no learner: whoever sees the QR code learns nothing from it, and the tx_code is
/// only on the learner's screen. Expired and used offers answer 410, unknown ones 404.
/// </summary>
public sealed class InteractionModel(LaurelDb db, TimeProvider clock, PublicOrigin origin, IStringLocalizer<WalletOfferText> text) : PageModel
{
    public enum Outcome { Open, Gone, Unknown }

    public Outcome Result { get; private set; }
    public string OpenId4VciLink { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var offer = await db.WalletOffers.AsNoTracking().Where(o => o.Id == id)
            .Select(o => new { o.State, o.ExpiresAt }).FirstOrDefaultAsync(ct);
        Result = offer is null ? Outcome.Unknown
            : WalletOfferService.IsOpen(offer.State) && offer.ExpiresAt > clock.GetUtcNow().UtcDateTime ? Outcome.Open : Outcome.Gone;
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Vary = "Accept";
        var status = Result switch { Outcome.Unknown => StatusCodes.Status404NotFound, Outcome.Gone => StatusCodes.Status410Gone, _ => StatusCodes.Status200OK };

        if (!PrefersHtml(Request.Headers.Accept.ToString()))
        {
            // Web wallets read it from their own origin; the answer holds nothing the QR code does not already give away.
            Response.Headers.AccessControlAllowOrigin = "*";
            if (Result != Outcome.Open)
            {
                var problem = new ProblemDetails
                {
                    Status = status,
                    Type = ProblemTypes.ForStatus(HttpContext, status),
                    Title = text[Result == Outcome.Gone ? "Interaction_Gone" : "Interaction_Unknown"],
                    Detail = text[Result == Outcome.Gone ? "Interaction_GoneDetail" : "Interaction_UnknownDetail"],
                };
                var result = new ObjectResult(problem) { StatusCode = status };
                result.ContentTypes.Add("application/problem+json");
                return result;
            }
            var protocols = new JsonObject
            {
                ["OID4VCI"] = WalletOfferLinks.OpenId4Vci(origin, id),
                ["vcapi"] = WalletOfferLinks.Exchange(origin, id),
            };
            return Content(new JsonObject { ["protocols"] = protocols }.ToJsonString(), "application/json");
        }

        OpenId4VciLink = WalletOfferLinks.OpenId4Vci(origin, id);
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>
    /// A browser asks for text/html; a wallet asks for JSON or sends no Accept at all. Anything that does not name HTML gets
    /// JSON, so a wallet with a bare <c>*/*</c> still gets the protocols.
    /// </summary>
    public static bool PrefersHtml(string? accept) =>
        accept is { Length: > 0 } && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase)
        && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase);
}
