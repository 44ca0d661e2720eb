using System.Globalization;
using Laurel.Credentials.OpenBadges;
using Laurel.Features.Institutions;
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

    /// <summary>
    /// The page's tag: the Profile it shows, what it lists beyond it (<see cref="Listed"/>) and the signed-in person (null for the
    /// public), whom the layout names: a signed-in copy never matches the public's tag.
    /// </summary>
    public static string TagOf(Profile profile, string listed, Guid? viewer) =>
        ConditionalGet.ETag(IssuerProfiles.ToJson(profile).ToJsonString(), listed, viewer);

    /// <summary>Address of the JSON form, for the alternate link and the visible link.</summary>
    public string JsonPath { get; protected set; } = "";

    protected IActionResult PageOrJson(Profile profile)
    {
        Response.Headers.Vary = HeaderNames.Accept;
        if (!ProfileEndpoints.WantsJson(Request))
        {
            // The profiles carry no change time, so the tag is made of what the page shows: the Profile (names, description,
            // identifiers, image) and the faculties and issuers it lists. A current copy costs a 304 or a stored rendering.
            // PublicPageCache already computed it for an anonymous visitor whose copy was not current (the institution profile).
            var etag = PublicPageCache.KnownTag(HttpContext) ?? TagOf(profile, Listed(), Laurel.Features.Identity.StaffAccess.PersonId(User));
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

    /// <summary>What the page shows beyond its Profile (the institution's own facts, the faculties and issuers it lists), for the tag.</summary>
    protected abstract string Listed();

    protected static string Names(IEnumerable<Issuer> issuers) => string.Join(";", issuers.Select(x => $"{x.Id}{x.NameNl}|{x.NameEn}"));
}
