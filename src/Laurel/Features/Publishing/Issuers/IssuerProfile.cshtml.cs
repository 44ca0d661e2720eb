using Laurel.Features.Institutions;
using Microsoft.AspNetCore.Mvc;

namespace Laurel.Features.Publishing.Issuers;

/// <summary><c>/issuers/{id}</c>: an issuer's public page and OB 3.0 Profile.</summary>
public sealed class IssuerProfileModel(IssuerProfiles profiles) : ProfilePage
{
    public Issuer Issuer { get; private set; } = null!;
    public Faculty Faculty => Issuer.Faculty!;
    public Institution Institution => Faculty.Institution!;

    public string? Description => Language == "en" ? Issuer.DescriptionEn ?? Issuer.DescriptionNl : Issuer.DescriptionNl ?? Issuer.DescriptionEn;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await profiles.IssuerAsync(id, ct) is not { } issuer) return NotFound();
        Issuer = issuer;
        JsonPath = $"/issuers/{id}.json";
        return await PageOrJsonAsync(profiles.IssuerProfile(issuer, issuer.Faculty!, issuer.Faculty!.Institution!, Language), ct);
    }
}
