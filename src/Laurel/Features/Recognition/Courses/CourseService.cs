using System.Security.Claims;
using Laurel.Features.Identity;
using Laurel.Features.Presentations;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Recognition.Courses;

/// <summary>The stored course, or every problem (field → messages), or a refusal (no right: nothing changed).</summary>
public sealed record CourseSaveOutcome(RecognitionCourse? Saved, Dictionary<string, List<string>> Errors, bool Forbidden = false);

/// <summary>
/// Courses and their recognition rules: create, change, archive and restore, each audited and each checked again here
/// (ManageAchievements on the course's faculty — before and after a move). Nothing is deleted: decisions refer to courses.
/// </summary>
public sealed class CourseService(LaurelDb db, TimeProvider clock, AuditLog audit, RecognitionStaff staff, IStringLocalizer<RecognitionText> t,
    IStringLocalizer<PresentationsText> pt)
{
    public Task<RecognitionCourse?> FindAsync(Guid institutionId, Guid courseId, CancellationToken ct) =>
        db.Set<RecognitionCourse>().FirstOrDefaultAsync(c => c.Id == courseId && c.InstitutionId == institutionId, ct);

    /// <summary>Courses of the faculties the user may view, current first, by code.</summary>
    public Task<List<RecognitionCourse>> ListAsync(Guid institutionId, IReadOnlyCollection<Guid> faculties, CancellationToken ct) =>
        db.Set<RecognitionCourse>().AsNoTracking().Where(c => c.InstitutionId == institutionId && faculties.Contains(c.FacultyId))
            .OrderBy(c => c.ArchivedAt != null).ThenBy(c => c.Code).ToListAsync(ct);

    public async Task<CourseSaveOutcome> SaveAsync(ClaimsPrincipal user, Guid institutionId, RecognitionCourse? existing, CourseInput input, CancellationToken ct)
    {
        if (existing is not null && !await staff.MayAsync(user, StaffRight.ManageAchievements, existing.FacultyId)) return new(null, [], Forbidden: true);
        var manageable = (await staff.FacultiesAsync(user, institutionId, StaffRight.ManageAchievements, ct)).Select(f => f.Id).ToList();
        if (manageable.Count == 0) return new(null, [], Forbidden: true);
        var (values, errors) = CourseRules.Check(input, manageable, t, pt);
        if (values is { Code: var code } && await db.Set<RecognitionCourse>().AnyAsync(c => c.InstitutionId == institutionId && c.Code == code
                && (existing == null || c.Id != existing.Id), ct))
            (values, errors) = (null, new() { ["Code"] = [t["Course_CodeTaken", code].Value] });
        if (values is null) return new(null, errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var course = existing ?? new RecognitionCourse
        {
            Id = Guid.CreateVersion7(), InstitutionId = institutionId, Code = values.Code, NameNl = values.NameNl, NameEn = values.NameEn,
            Programme = values.Programme, CreatedAt = now,
        };
        (course.FacultyId, course.Code, course.NameNl, course.NameEn, course.Programme, course.ProgrammeCode, course.Ec, course.Rules, course.UpdatedAt) =
            (values.FacultyId, values.Code, values.NameNl, values.NameEn, values.Programme, values.ProgrammeCode, values.Ec, values.Rules, now);
        if (existing is null) db.Add(course);
        else db.Entry(course).Property(c => c.Rules).IsModified = true; // a replaced JSON list must be written even if EF compares by reference
        audit.Add(user, existing is null ? "recognition.course.created" : "recognition.course.updated", nameof(RecognitionCourse), course.Id, institutionId,
            new { course.Code, course.NameNl, course.NameEn, course.Programme, course.ProgrammeCode, course.Ec, course.FacultyId, rules = course.Rules });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another member took the code between the check and now.
            db.ChangeTracker.Clear();
            return new(null, new() { ["Code"] = [t["Course_CodeTaken", values.Code].Value] });
        }
        return new(course, []);
    }

    /// <summary>Archives (no new applications; decisions stay) or restores; false when the user may not.</summary>
    public async Task<bool> SetArchivedAsync(ClaimsPrincipal user, RecognitionCourse course, bool archived, CancellationToken ct)
    {
        if (!await staff.MayAsync(user, StaffRight.ManageAchievements, course.FacultyId)) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        course.ArchivedAt = archived ? now : null;
        course.UpdatedAt = now;
        audit.Add(user, archived ? "recognition.course.archived" : "recognition.course.restored", nameof(RecognitionCourse), course.Id, course.InstitutionId,
            new { course.Code });
        await db.SaveChangesAsync(ct);
        return true;
    }
}
