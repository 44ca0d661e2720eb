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
        return await PageOrJsonAsync(profiles.InstitutionProfile(institution, Language), ct);
    }
}
