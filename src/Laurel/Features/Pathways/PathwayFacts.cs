using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Pathways;

/// <summary>
/// Loads the credentials of a learner for pathways: awards in state Issued (any institution) and every imported credential
/// with what its latest check found (status, recipient, proven issuer and whether Laurel:TrustedIssuers trusts that issuer),
/// so the evaluator can tell which count and why the others do not. Two queries; the evaluator does the rest.
/// </summary>
public sealed class PathwayFacts(LaurelDb db, TrustedIssuers trusted)
{
    public async Task<List<CredentialFact>> LoadAsync(Guid personId, CancellationToken ct)
    {
        var awards = await db.Awards.AsNoTracking()
            .Where(a => a.RecipientPersonId == personId && a.State == AwardState.Issued)
            .Select(a => new
            {
                a.Id, a.Achievement!.Name, a.Achievement.LineageId, a.Achievement.StudyLoad, a.Achievement.StudyLoadUnit, a.Achievement.EqfLevel,
                IssuerNl = a.Achievement.Issuer!.NameNl, IssuerEn = a.Achievement.Issuer.NameEn,
            })
            .ToListAsync(ct);
        var imports = await db.ImportedCredentials.AsNoTracking()
            .Where(i => i.PersonId == personId)
            .Select(i => new
            {
                i.Id, i.AchievementName, i.AchievementId, i.AlignmentTargets, i.Credits, i.EqfLevel, i.IssuerName, i.Status, i.Recipient, i.ProvenIssuerId,
            })
            .ToListAsync(ct);
        var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return
        [
            .. awards.Select(a => new CredentialFact(a.Id, FactSource.Award, a.Name, a.LineageId, null, [],
                Ec(a.StudyLoad, a.StudyLoadUnit), a.EqfLevel, english ? a.IssuerEn : a.IssuerNl)),
            .. imports.Select(i => new CredentialFact(i.Id, FactSource.Import, i.AchievementName, null, i.AchievementId, i.AlignmentTargets,
                i.Credits, i.EqfLevel, i.IssuerName)
            {
                Status = i.Status, Recipient = i.Recipient, ProvenIssuer = i.ProvenIssuerId, TrustedAs = trusted.Find(i.ProvenIssuerId)?.Name,
            }),
        ];
    }

    /// <summary>The same conversion as <see cref="Achievement.StudyLoadEc"/> (1 EC = 28 hours).</summary>
    private static decimal? Ec(decimal? load, StudyLoadUnit? unit) =>
        new Achievement { StudyLoad = load, StudyLoadUnit = unit }.StudyLoadEc is { } ec ? decimal.Round(ec, 2) : null;

    /// <summary>
    /// Published pathways with at least one item the facts name (counting or not, so the learner sees why an import does not
    /// count): one query (nothing when the learner holds nothing).
    /// </summary>
    public async Task<List<Pathway>> CandidatesAsync(IReadOnlyList<CredentialFact> facts, bool withCompletionOnly, CancellationToken ct)
    {
        if (facts.Count == 0) return [];
        var lineages = facts.Where(f => f.LineageId is not null).Select(f => f.LineageId).Distinct().ToList();
        var urls = facts.SelectMany(f => f.AlignmentTargets.Append(f.AchievementUri ?? "")).Where(u => u.Length > 0).Distinct().ToList();
        var query = db.Pathways.AsNoTracking().Include(p => p.Items)
            .Where(p => p.Status == PathwayStatus.Published && p.ArchivedAt == null
                && p.Items.Any(i => lineages.Contains(i.LineageId) || urls.Contains(i.ExternalUrl!)));
        if (withCompletionOnly) query = query.Where(p => p.CompletionAchievementId != null);
        return await query.AsSplitQuery().ToListAsync(ct);
    }
}
