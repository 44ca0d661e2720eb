using Laurel.Features.Institutions;
using Microsoft.AspNetCore.Mvc;

namespace Laurel.Features.Publishing.Issuers;

/// <summary><c>/institutions/{slug}/faculties/{id}</c>: a faculty's public page and OB 3.0 Profile.</summary>
public sealed class FacultyProfileModel(IssuerProfiles profiles) : ProfilePage
{
    public Faculty Faculty { get; private set; } = null!;
    public Institution Institution => Faculty.Institution!;

    public async Task<IActionResult> OnGetAsync(string slug, Guid id, CancellationToken ct)
    {
        if (await profiles.FacultyAsync(slug, id, ct) is not { } faculty) return NotFound();
        Faculty = faculty;
        JsonPath = $"/institutions/{slug}/faculties/{id}.json";
        return await PageOrJsonAsync(profiles.FacultyProfile(faculty, faculty.Institution!, Language), ct);
    }
}
