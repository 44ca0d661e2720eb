using System.Text.Json.Nodes;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Presentations.Exchanges;

/// <summary>
/// The VCALM interaction URL of a presentation request (<see cref="PresentationRoutes.Interaction"/>, what the ask page's QR code
/// encodes). A wallet asking for JSON gets <c>{"protocols": {"OID4VP", "oid4vp-1.0", "vcapi"}}</c> (VCALM "Interaction Protocols
/// Response": <c>OID4VP</c> is the unversioned key wallets read today, <c>oid4vp-1.0</c> the versioned one the spec recommends; both
/// carry the same <c>openid4vp://</c> link); a browser (a phone's camera app) is sent to the ask page, which explains it in nl/en.
/// Unknown requests answer 404, closed ones 410, as ProblemDetails.
/// </summary>
public static class ExchangeInteraction
{
    public static async Task<IResult> GetAsync(string requestId, HttpContext context, LaurelDb db, PublicOrigin origin, CancellationToken ct)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Vary = "Accept";
        var id = Guid.TryParse(requestId, out var parsed) ? parsed : (Guid?)null;
        if (PrefersHtml(context.Request.Headers.Accept.ToString()))
            return id is { } page ? TypedResults.Redirect(PresentationRoutes.Ask(page)) : TypedResults.NotFound();

        // Web wallets read it from their own origin; it holds nothing the QR code does not already give away.
        context.Response.Headers.AccessControlAllowOrigin = "*";
        var closedAt = id is null ? null
            : await db.Set<PresentationRequest>().AsNoTracking().Where(r => r.Id == id).Select(r => new { r.ClosedAt }).FirstOrDefaultAsync(ct);
        if (closedAt is null)
            return VcApiPresentationExchange.Problem(context, 404, "exchange.unknown", "There is no such presentation request.");
        if (closedAt.ClosedAt is not null)
            return VcApiPresentationExchange.Problem(context, 410, "request.closed", "This presentation request is closed and takes no more answers.");
        var link = PresentationRoutes.WalletLink(origin, id!.Value);
        return TypedResults.Json(new JsonObject
        {
            ["protocols"] = new JsonObject
            {
                ["OID4VP"] = link,
                ["oid4vp-1.0"] = link,
                ["vcapi"] = origin.Url(PresentationRoutes.VcApiExchange(id.Value)),
            },
        });
    }

    /// <summary>A browser names text/html; a wallet asks for JSON or sends no Accept at all (the same rule as the "Add to wallet" QR code).</summary>
    public static bool PrefersHtml(string? accept) =>
        accept is { Length: > 0 } && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase)
        && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase);
}
