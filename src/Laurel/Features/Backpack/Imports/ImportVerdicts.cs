using Laurel.Features.Pathways;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Backpack.Imports;

/// <summary>What Laurel can say about who issued an import.</summary>
public enum IssuerStanding
{
    /// <summary>The proven issuer is on the operator's list (<c>Laurel:TrustedIssuers</c>).</summary>
    Trusted,
    /// <summary>A published pathway of an institution on this Laurel accepts the proven issuer for the achievement the badge names.</summary>
    AcceptedByPathway,
    /// <summary>The signature is the issuer's own, but nobody Laurel trusts vouches for that issuer: its name is its own claim.</summary>
    Unknown,
    /// <summary>Nothing ties the signature to the issuer the badge names (e.g. a urn:uuid issuer).</summary>
    Unproven,
}

/// <summary>
/// The three separate answers shown wherever an import appears: is the signature valid (status), was it issued to this
/// person (recipient against their verified identities), and is the issuer known (<see cref="IssuerStanding"/>;
/// <see cref="KnownAs"/> names the list entry or the vouching institution).
/// </summary>
public sealed record ImportVerdict(ImportStatus Status, RecipientMatch Recipient, IssuerStanding Issuer, string? KnownAs, string? ProvenIssuer,
    string IssuerName)
{
    /// <summary>Only an import that names its holder by a verified identity is shown to others as theirs.</summary>
    public bool IssuedToHolder => Recipient == RecipientMatch.Matched;
}

/// <summary>
/// Decides <see cref="ImportVerdict"/>s. "Known issuer" means: the issuer the verification proved (never the name it gives
/// itself) is on Laurel's trusted-issuer list, or a published pathway of a Laurel institution accepts it for the achievement
/// (or alignment) the badge names. One query for any number of imports.
/// </summary>
public sealed class ImportVerdicts(LaurelDb db, TrustedIssuers trusted)
{
    public async Task<Dictionary<Guid, ImportVerdict>> ForAsync(IReadOnlyCollection<ImportedCredential> imports, CancellationToken ct,
        IReadOnlyDictionary<Guid, ImportStatus>? liveStatus = null)
    {
        var urls = imports.Where(i => i.ProvenIssuerId != null)
            .SelectMany(i => i.AlignmentTargets.Append(i.AchievementId ?? "")).Where(u => u.Length > 0).Distinct().ToList();
        var accepting = urls.Count == 0 ? [] : await (
            from item in db.PathwayItems
            join pathway in db.Pathways on item.PathwayId equals pathway.Id
            join institution in db.Institutions on pathway.InstitutionId equals institution.Id
            where pathway.Status == PathwayStatus.Published && pathway.ArchivedAt == null && urls.Contains(item.ExternalUrl!)
            select new { item.ExternalUrl, item.AcceptedIssuers, institution.NameNl, institution.NameEn }).ToListAsync(ct);
        var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var result = new Dictionary<Guid, ImportVerdict>();
        foreach (var i in imports)
        {
            var status = liveStatus?.GetValueOrDefault(i.Id, i.Status) ?? i.Status;
            (IssuerStanding, string?) standing;
            if (i.ProvenIssuerId is not { } proven) standing = (IssuerStanding.Unproven, null);
            else if (trusted.Find(proven) is { } entry) standing = (IssuerStanding.Trusted, entry.Name);
            else if (accepting.FirstOrDefault(a => (a.ExternalUrl == i.AchievementId || i.AlignmentTargets.Contains(a.ExternalUrl!))
                         && a.AcceptedIssuers.Any(e => IssuerMatcher.Matches(e, proven))) is { } vouch)
                standing = (IssuerStanding.AcceptedByPathway, english ? vouch.NameEn : vouch.NameNl);
            else standing = (IssuerStanding.Unknown, null);
            result[i.Id] = new ImportVerdict(status, i.Recipient, standing.Item1, standing.Item2, i.ProvenIssuerId, i.IssuerName);
        }
        return result;
    }

    public async Task<ImportVerdict> ForAsync(ImportedCredential import, CancellationToken ct) => (await ForAsync([import], ct))[import.Id];
}
