using System.Security.Claims;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity;

/// <summary>Issues Laurel's own session cookie for a known person, whichever way they proved who they are.</summary>
public sealed class PersonSignIn(LaurelDb db, TimeProvider clock)
{
    public const string AuthenticationMethodClaim = "amr";
    /// <summary>The LinkedIdentity the session was opened with (absent for demo sign-in): it cannot be unlinked during the session.</summary>
    public const string IdentityClaim = "laurel_identity";

    public async Task SignInAsync(HttpContext context, Person person, string method, Guid? identityId = null)
    {
        person.LastSignInAt = clock.GetUtcNow().UtcDateTime;
        // The stamp stays as it is (other sessions of this person go on) until sign-out changes it.
        person.SecurityStamp ??= SessionRevocation.NewStamp();
        await db.SaveChangesAsync(context.RequestAborted);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, person.Id.ToString()),
            new Claim(ClaimTypes.Name, person.DisplayName),
            new Claim(AuthenticationMethodClaim, method),
            new Claim(SessionRevocation.StampClaim, person.SecurityStamp),
            .. person.Email is null ? Array.Empty<Claim>() : [new Claim(ClaimTypes.Email, person.Email)],
            .. identityId is null ? Array.Empty<Claim>() : [new Claim(IdentityClaim, identityId.Value.ToString())],
        ], CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = false });
    }

    /// <summary>
    /// Where a fresh sign-in goes: an explicit local return URL wins; without one (or "/") staff land on their workspace and
    /// everyone else on their backpack, not on the marketing home page.
    /// </summary>
    public async Task<string> LandingAsync(Person person, string? returnUrl, CancellationToken ct)
    {
        var safe = Laurel.Infrastructure.Web.ReturnUrls.Safe(returnUrl);
        if (safe != "/") return safe;
        return await db.StaffMemberships.AnyAsync(m => m.PersonId == person.Id && m.RevokedAt == null, ct) ? "/manage" : "/backpack";
    }

    public static Guid? SessionIdentityId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(IdentityClaim), out var id) ? id : null;
}
