using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Institutions;

/// <summary>The stored (sanitized) issuer image for staff who may view the issuer; the public copy is the publishing feature's.</summary>
[RequireStaffRight(StaffRight.View, ScopeLevel.Issuer, "id")]
public sealed class IssuerImageFileModel(LaurelDb db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var image = await db.Issuers.Where(i => i.Id == id).Select(i => new { i.Image, i.ImageContentType }).SingleAsync(ct);
        if (image.Image is null || image.ImageContentType is null) return NotFound();
        Response.Headers.CacheControl = "private, no-cache";
        return File(image.Image, image.ImageContentType);
    }
}
