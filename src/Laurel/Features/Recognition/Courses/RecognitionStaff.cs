using System.Security.Claims;
using Laurel.Features.Identity;
using Laurel.Features.Identity.Authorization;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Recognition.Courses;

/// <summary>
/// Staff rights on recognition, as for awards: a course hangs from a faculty, so View on the faculty (or above) sees its courses
/// and applications, Award decides, ManageAchievements edits courses and rules. Every answer comes from the one authorization
/// handler (<see cref="StaffResource.Faculty"/>); services that change data ask again.
/// </summary>
public sealed class RecognitionStaff(LaurelDb db, StaffAuthorizer authorizer)
{
    public Task<bool> MayAsync(ClaimsPrincipal user, StaffRight right, Guid facultyId) =>
        authorizer.AllowsAsync(user, right, StaffResource.Faculty(facultyId));

    /// <summary>The institution's faculties on which the user holds <paramref name="right"/> (an institution has a handful).</summary>
    public async Task<List<Faculty>> FacultiesAsync(ClaimsPrincipal user, Guid institutionId, StaffRight right, CancellationToken ct)
    {
        var faculties = await db.Faculties.AsNoTracking().Where(f => f.InstitutionId == institutionId).OrderBy(f => f.NameNl).ToListAsync(ct);
        var allowed = new List<Faculty>();
        foreach (var faculty in faculties)
            if (await MayAsync(user, right, faculty.Id)) allowed.Add(faculty);
        return allowed;
    }

    /// <summary>Signed in and a member of the institution (otherwise sign-in, 404 or 403); pages then show only the allowed faculties.</summary>
    public Task<Microsoft.AspNetCore.Mvc.IActionResult?> RequireMemberAsync(ClaimsPrincipal user, Guid institutionId, CancellationToken ct) =>
        authorizer.RequireMemberAsync(user, institutionId, ct);

    public static string FacultyName(Faculty f, string language) => language == "en" ? f.NameEn : f.NameNl;
}
