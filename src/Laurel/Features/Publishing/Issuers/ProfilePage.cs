using System.Globalization;
using Laurel.Credentials.OpenBadges;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace Laurel.Features.Publishing.Issuers;

/// <summary>Shared by the three profile pages: one address answers HTML to browsers and the OB 3.0 Profile to JSON clients.</summary>
public abstract class ProfilePage : PageModel
{
    public string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "nl";

    /// <summary>Address of the JSON form, for the alternate link and the visible link.</summary>
    public string JsonPath { get; protected set; } = "";

    protected IActionResult PageOrJson(Profile profile)
    {
        Response.Headers.Vary = HeaderNames.Accept;
        if (!ProfileEndpoints.WantsJson(Request)) return Page();
        Response.Headers.AccessControlAllowOrigin = "*";
        Response.Headers.CacheControl = "public, max-age=300";
        return Content(IssuerProfiles.ToJson(profile).ToJsonString(), ProfileEndpoints.JsonLdType);
    }
}
