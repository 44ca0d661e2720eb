using System.Security.Claims;
using System.Security.Cryptography;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity;

/// <summary>
/// Server-side revocation of session cookies. Each cookie carries the person's security stamp; every request that carries a
/// cookie reads the current stamp (one primary-key lookup; the cookie handler validates once per request however often the
/// request authenticates) and refuses a cookie whose stamp changed or whose person no longer exists. Sign-out changes the stamp,
/// so a copied cookie stops working at once on every node, and with it every other session of that person ("sign out
/// everywhere"); account deletion removes the person, which refuses their cookies the same way.
/// </summary>
public static class SessionRevocation
{
    public const string StampClaim = "laurel_stamp";

    public static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>Ends every session of the person: their cookies now carry an old stamp.</summary>
    public static Task<int> RevokeAsync(LaurelDb db, Guid personId, CancellationToken ct)
    {
        var stamp = NewStamp();
        return db.Persons.Where(p => p.Id == personId).ExecuteUpdateAsync(s => s.SetProperty(p => p.SecurityStamp, stamp), ct);
    }

    /// <summary>Cookie event: a refused cookie makes the request anonymous and is deleted; pages then ask to sign in, APIs answer 401.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var stamp = principal?.FindFirstValue(StampClaim);
        var valid = false;
        if (stamp is not null && Guid.TryParse(principal!.FindFirstValue(ClaimTypes.NameIdentifier), out var personId))
        {
            var db = context.HttpContext.RequestServices.GetRequiredService<LaurelDb>();
            var current = await db.Persons.AsNoTracking().Where(p => p.Id == personId && p.ArchivedAt == null)
                .Select(p => p.SecurityStamp).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
            valid = current is not null && CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(current), System.Text.Encoding.ASCII.GetBytes(stamp));
        }
        if (valid) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>APIs and scripts get 401 instead of the sign-in page's HTML.</summary>
    public static Task RedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApiRequest(context.Request)) context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/credentials") || request.Path.StartsWithSegments("/presentations/verify")
        || request.Path.StartsWithSegments("/presentations/exchanges")
        || request.Headers.XRequestedWith == "XMLHttpRequest"
        || (request.Headers.Accept.ToString() is { Length: > 0 } accept && accept.Contains("json", StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase));
}
