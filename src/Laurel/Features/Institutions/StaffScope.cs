using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Institutions;

/// <summary>A place in the tree that has staff: its level, id, institution and display names.</summary>
public sealed record StaffScope(ScopeLevel Level, Guid Id, Guid InstitutionId, string NameNl, string NameEn)
{
    /// <summary>Address segment of the level: /manage/{segment}/{id}/staff.</summary>
    public static ScopeLevel? LevelOf(string segment) => segment switch
    {
        "institutions" => ScopeLevel.Institution,
        "faculties" => ScopeLevel.Faculty,
        "issuers" => ScopeLevel.Issuer,
        _ => null,
    };

    public static string Segment(ScopeLevel level) => level switch
    {
        ScopeLevel.Institution => "institutions",
        ScopeLevel.Faculty => "faculties",
        _ => "issuers",
    };

    public string Name(string language) => language == "en" ? NameEn : NameNl;

    public static async Task<StaffScope?> FindAsync(LaurelDb db, ScopeLevel level, Guid id, CancellationToken ct) => level switch
    {
        ScopeLevel.Institution => await db.Institutions.Where(i => i.Id == id)
            .Select(i => new StaffScope(level, i.Id, i.Id, i.NameNl, i.NameEn)).FirstOrDefaultAsync(ct),
        ScopeLevel.Faculty => await db.Faculties.Where(f => f.Id == id)
            .Select(f => new StaffScope(level, f.Id, f.InstitutionId, f.NameNl, f.NameEn)).FirstOrDefaultAsync(ct),
        ScopeLevel.Issuer => await db.Issuers.Where(i => i.Id == id)
            .Select(i => new StaffScope(level, i.Id, i.Faculty!.InstitutionId, i.NameNl, i.NameEn)).FirstOrDefaultAsync(ct),
        _ => null,
    };

    /// <summary>Ids of this scope and everything below it that can carry a membership.</summary>
    public async Task<List<Guid>> SubtreeIdsAsync(LaurelDb db, CancellationToken ct)
    {
        switch (Level)
        {
            case ScopeLevel.Institution:
                return await db.StaffMemberships.Where(m => m.InstitutionId == Id).Select(m => m.ScopeId).Distinct().ToListAsync(ct);
            case ScopeLevel.Faculty:
                var issuers = await db.Issuers.Where(i => i.FacultyId == Id).Select(i => i.Id).ToListAsync(ct);
                var achievements = await db.Achievements.Where(a => issuers.Contains(a.IssuerId)).Select(a => a.Id).ToListAsync(ct);
                return [Id, .. issuers, .. achievements];
            default:
                return [Id, .. await db.Achievements.Where(a => a.IssuerId == Id).Select(a => a.Id).ToListAsync(ct)];
        }
    }
}
