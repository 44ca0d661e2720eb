using System.Globalization;
using Laurel.Features.Achievements;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Presentations.Requests;

/// <summary>
/// The public catalog's published micro-credentials as achievement ids (the <c>/catalog/{id}</c> URL Laurel writes into
/// <c>achievement.id</c>, see Awards/Issuing/CredentialBuilder), so a verifier can pick one instead of pasting its URL.
/// </summary>
public sealed class CatalogChoices(AchievementCatalog catalog, LaurelDb db, PublicOrigin origin)
{
    private const int Max = 500;

    public async Task<List<(string Id, string Name, string Institution)>> ListAsync(CancellationToken ct)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var rows = await catalog.Visible().Where(a => a.Kind == AchievementKind.MicroCredential)
            .Join(db.Institutions, a => a.InstitutionId, i => i.Id, (a, i) => new { a.Id, a.Name, i.NameEn, i.NameNl })
            .Take(Max).ToListAsync(ct);
        return [.. rows.Select(r => (origin.Url($"/catalog/{r.Id}"), r.Name, english ? r.NameEn : r.NameNl))
            .OrderBy(r => r.Item2, StringComparer.CurrentCultureIgnoreCase)];
    }
}
