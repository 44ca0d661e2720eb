using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Achievements;

/// <summary>Catalog filters, shared by the public page and the public API (all optional).</summary>
public sealed record CatalogFilter
{
    /// <summary>Institution slug, e.g. <c>uu</c>.</summary>
    public string? Institution { get; init; }
    public Guid? Faculty { get; init; }
    /// <summary>Kind code: <c>micro_credential</c>, <c>regular</c> or <c>extra_curricular</c>.</summary>
    public string? Kind { get; init; }
    public int? Eqf { get; init; }
    public decimal? MinEc { get; init; }
    public decimal? MaxEc { get; init; }
    /// <summary>ISO 639-1 language code.</summary>
    public string? Language { get; init; }
    /// <summary>Free text, matched against name and description.</summary>
    public string? Q { get; init; }
    public int Page { get; init; } = 1;
}

/// <summary>One page of catalog results.</summary>
public sealed record CatalogPage(List<Achievement> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>The public catalog: published, non-archived definitions, latest published version per lineage.</summary>
public sealed class AchievementCatalog(LaurelDb db)
{
    public const int PageSize = 20;

    /// <summary>Published, not archived, and not superseded by a later published version.</summary>
    public IQueryable<Achievement> Visible() => db.Achievements
        .Where(a => a.Status == AchievementStatus.Published && a.ArchivedAt == null)
        .Where(a => !db.Achievements.Any(o => o.LineageId == a.LineageId && o.Version > a.Version
            && o.Status == AchievementStatus.Published && o.ArchivedAt == null));

    public async Task<CatalogPage> SearchAsync(CatalogFilter f, CancellationToken ct)
    {
        var query = Visible();
        if (!string.IsNullOrWhiteSpace(f.Institution))
        {
            var slug = f.Institution.Trim();
            query = query.Where(a => db.Institutions.Any(i => i.Id == a.InstitutionId && i.Slug == slug));
        }
        if (f.Faculty is { } facultyId) query = query.Where(a => a.Issuer!.FacultyId == facultyId);
        if (!string.IsNullOrWhiteSpace(f.Kind))
        {
            // An unknown kind matches nothing rather than everything.
            var kind = SnakeCaseEnumConverter<AchievementKind>.Parse(f.Kind);
            query = kind is { } k ? query.Where(a => a.Kind == k) : query.Where(a => false);
        }
        if (f.Eqf is { } eqf) query = query.Where(a => a.EqfLevel == eqf);
        if (!string.IsNullOrWhiteSpace(f.Language)) query = query.Where(a => a.Language == f.Language.Trim());
        if (f.MinEc is { } minEc)
        {
            var minHours = minEc * VolumePolicy.HoursPerEc;
            query = query.Where(a => (a.StudyLoadUnit == StudyLoadUnit.Ec ? a.StudyLoad * VolumePolicy.HoursPerEc : a.StudyLoad) >= minHours);
        }
        if (f.MaxEc is { } maxEc)
        {
            var maxHours = maxEc * VolumePolicy.HoursPerEc;
            query = query.Where(a => (a.StudyLoadUnit == StudyLoadUnit.Ec ? a.StudyLoad * VolumePolicy.HoursPerEc : a.StudyLoad) <= maxHours);
        }
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var q = f.Q.Trim().ToLower();
            query = query.Where(a => a.Name.ToLower().Contains(q) || a.Description.ToLower().Contains(q));
        }
        var total = await query.CountAsync(ct);
        var page = Math.Clamp(f.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var items = await query.AsNoTracking().OrderBy(a => a.Name).ThenBy(a => a.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(fa => fa.Institution)
            .ToListAsync(ct);
        return new CatalogPage(items, total, page, PageSize);
    }

    /// <summary>A published, non-archived definition (any version: links to older versions keep working), or null.</summary>
    public Task<Achievement?> FindPublishedAsync(Guid id, CancellationToken ct) => db.Achievements
        .Where(a => a.Id == id && a.Status == AchievementStatus.Published && a.ArchivedAt == null)
        .Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
        .FirstOrDefaultAsync(ct);

    /// <summary>Institutions and faculties that have something in the catalog, for the filter lists (names only: no logos).</summary>
    public async Task<List<Institution>> InstitutionsAsync(CancellationToken ct) =>
        await db.Institutions.AsNoTracking().Where(i => i.ArchivedAt == null).OrderBy(i => i.NameNl)
            .Select(i => new Institution
            {
                Id = i.Id, Slug = i.Slug, NameNl = i.NameNl, NameEn = i.NameEn, Identifier = i.Identifier,
                Faculties = i.Faculties.Where(f => f.ArchivedAt == null)
                    .Select(f => new Faculty { Id = f.Id, InstitutionId = f.InstitutionId, NameNl = f.NameNl, NameEn = f.NameEn }).ToList(),
            })
            .AsSplitQuery().ToListAsync(ct);
}
