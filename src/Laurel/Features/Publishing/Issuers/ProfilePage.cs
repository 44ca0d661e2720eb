using System.Globalization;
using Laurel.Credentials.OpenBadges;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace Laurel.Features.Publishing.Issuers;

/// <summary>Shared by the three profile pages: one address answers HTML to browsers and the OB 3.0 Profile to JSON clients.</summary>
public abstract class ProfilePage : PageModel
{
    public string Language => CurrentLanguage;

    /// <summary>The language of this request's page (nl unless English was chosen).</summary>
    public static string CurrentLanguage => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "nl";

    /// <summary>Address of the JSON form, for the alternate link and the visible link.</summary>
    public string JsonPath { get; protected set; } = "";

    protected async Task<IActionResult> PageOrJsonAsync(Profile profile, CancellationToken ct)
    {
        Response.Headers.Vary = HeaderNames.Accept;
        if (!ProfileEndpoints.WantsJson(Request))
        {
            // The tag is the publication version, raised by every change of an institution, faculty or issuer (and definition):
            // a current copy costs a 304 or a stored rendering. PublicPageCache already computed it for an anonymous visitor whose
            // copy was not current (ProfilePageTag).
            var etag = PublicPageCache.KnownTag(HttpContext)
                ?? await PublicationTag.OfAsync(HttpContext, Laurel.Features.Identity.StaffAccess.PersonId(User), ct);
            if (ConditionalGet.Validate(HttpContext, etag, isPrivate: User.Identity?.IsAuthenticated == true))
                return StatusCode(StatusCodes.Status304NotModified);
            if (HttpContext.RequestServices.GetRequiredService<RenderedPages>().Find(HttpContext, etag) is { } copy) return copy;
            RenderedPages.Capture(HttpContext, etag);
            return Page();
        }
        Response.Headers.AccessControlAllowOrigin = "*";
        Response.Headers.CacheControl = "public, max-age=300";
        return Content(IssuerProfiles.ToJson(profile).ToJsonString(), ProfileEndpoints.JsonLdType);
    }
}

/// <summary>
/// A profile page's tag for an anonymous visitor (<see cref="PublicPageCache"/>): the publication version, read before the page runs,
/// so a current copy costs one primary-key read. Null for JSON clients (the Profile document has its own caching).
/// </summary>
public sealed class ProfilePageTag(string page) : IPublicPageTag
{
    public string Page => page;
    public string Vary => "Accept, Accept-Language, Cookie";

    public async Task<string?> TagAsync(HttpContext context, CancellationToken ct) =>
        ProfileEndpoints.WantsJson(context.Request) ? null : await PublicationTag.OfAsync(context, viewer: null, ct);
}
