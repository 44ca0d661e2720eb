using Laurel.Features.Institutions;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace Laurel.Features.Publishing.Issuers;

/// <summary><c>/institutions/{slug}</c>: the institution's public page and OB 3.0 Profile.</summary>
public sealed class InstitutionProfileModel(IssuerProfiles profiles, PublicOrigin origin) : ProfilePage
{
    public Institution Institution { get; private set; } = null!;
    public string Did { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (await profiles.InstitutionAsync(slug, ct) is not { } institution) return NotFound();
        Institution = institution;
        Did = origin.InstitutionDid(slug);
        JsonPath = $"/institutions/{slug}/profile.json";
        return PageOrJson(profiles.InstitutionProfile(institution, Language));
    }

    protected override string Listed() => ListedOf(Institution);

    public static string ListedOf(Institution institution) =>
        $"{institution.NameNl}|{institution.NameEn}|{institution.Type}|{institution.LinkedInOrganizationId}|{institution.DefaultLanguage}|"
        + string.Join(":", institution.Faculties.Select(f => $"{f.Id}{f.NameNl}|{f.NameEn}|{f.OnBehalfOf}[{Names(f.Issuers)}]"));
}

/// <summary>The institution profile's tag for an anonymous visitor (<see cref="PublicPageCache"/>); null for JSON clients and unknown slugs.</summary>
public sealed class InstitutionProfileTag : IPublicPageTag
{
    public string Page => "/Publishing/Issuers/InstitutionProfile";
    public string Vary => "Accept, Accept-Language, Cookie";

    public async Task<string?> TagAsync(HttpContext context, CancellationToken ct)
    {
        if (ProfileEndpoints.WantsJson(context.Request) || context.Request.RouteValues["slug"] is not string slug) return null;
        var profiles = context.RequestServices.GetRequiredService<IssuerProfiles>();
        if (await profiles.InstitutionAsync(slug, ct) is not { } institution) return null;
        return ProfilePage.TagOf(profiles.InstitutionProfile(institution, ProfilePage.CurrentLanguage), InstitutionProfileModel.ListedOf(institution), viewer: null);
    }
}
