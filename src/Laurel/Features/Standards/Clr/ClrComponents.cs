using System.Text.Json.Nodes;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Pathways;
using Laurel.Features.Publishing.Badges;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Standards.Clr;

/// <summary>One credential that goes into a CLR: its JSON text exactly as stored, and its id (for the CLR's own id).</summary>
public sealed record ClrComponent(string Json, string Id);

/// <summary>The credentials a CLR holds and whether some known ones were left out (CLR 2.0 <c>partial</c>).</summary>
public sealed record ClrParts(IReadOnlyList<ClrComponent> Components, bool Partial);

/// <summary>
/// Finds the pathway an award completes and the learner's credentials that make it up. Laurel items: the learner's award of
/// the item's definition (any version) — an issued one, or else a suspended or revoked one, so a component revoked after the
/// completion stays in the CLR and its verification says it is revoked instead of it silently disappearing. External items:
/// the verified import that counts for it (the pathway evaluator's own rule), as imported.
/// </summary>
public sealed class ClrComponents(LaurelDb db, PathwayFacts facts, PublicCredentials publicCredentials, PathwayCompletionLineages completions)
{
    private static readonly AwardState[] Included = [AwardState.Issued, AwardState.Suspended, AwardState.Revoked];

    /// <summary>The published or archived pathway whose completion achievement (any version) this award is, or null.</summary>
    public async Task<Pathway?> PathwayOfAsync(Award award, Achievement achievement, CancellationToken ct)
    {
        var lineage = achievement.LineageId;
        return await db.Pathways.AsNoTracking().Include(p => p.Items)
            .Where(p => p.InstitutionId == award.InstitutionId && p.Status == PathwayStatus.Published && p.CompletionAchievementId != null
                && db.Achievements.Any(a => a.Id == p.CompletionAchievementId && a.LineageId == lineage))
            .OrderBy(p => p.CreatedAt).AsSplitQuery().FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Whether the download link is worth showing, in one EXISTS query and without loading any credential: this award completes
    /// a published pathway, and the viewer's CLR of it would hold something — for the learner a Laurel award of an item (or a
    /// stored import when the pathway has external items), for anyone else a Laurel award of an item that the learner made public.
    /// </summary>
    public async Task<bool> AnyComponentAsync(Award award, Achievement achievement, bool publicOnly, CancellationToken ct)
    {
        var lineage = achievement.LineageId;
        if (!await completions.CompletesAsync(db, award.InstitutionId, lineage, ct)) return false;
        var personId = award.RecipientPersonId;
        return await db.Pathways.AsNoTracking()
            .Where(p => p.InstitutionId == award.InstitutionId && p.Status == PathwayStatus.Published && p.CompletionAchievementId != null
                && db.Achievements.Any(a => a.Id == p.CompletionAchievementId && a.LineageId == lineage))
            .AnyAsync(p => p.Items.Any(i => i.LineageId != null && db.Awards.Any(a => a.RecipientPersonId == personId
                    && Included.Contains(a.State) && a.Achievement!.LineageId == i.LineageId && (!publicOnly || a.IsPublic)))
                || (!publicOnly && p.Items.Any(i => i.ExternalUrl != null) && db.ImportedCredentials.Any(c => c.PersonId == personId)), ct);
    }

    /// <summary>
    /// The components for the learner (<paramref name="publicOnly"/> false) or for anyone else: then only the Laurel awards the
    /// learner made public, each as the public sees it (its public variant while grade or evidence are hidden), never imports.
    /// </summary>
    public async Task<ClrParts> FindAsync(Pathway pathway, Guid personId, bool publicOnly, CancellationToken ct)
    {
        var components = new List<ClrComponent>();
        var leftOut = false;
        var lineages = pathway.Items.Where(i => i.LineageId is not null).Select(i => i.LineageId!.Value).ToList();
        var awards = await db.Awards.AsNoTracking().Include(a => a.Achievement)
            .Where(a => a.RecipientPersonId == personId && Included.Contains(a.State) && lineages.Contains(a.Achievement!.LineageId))
            .ToListAsync(ct);
        foreach (var item in pathway.Items.OrderBy(i => i.Position).Where(i => i.LineageId is not null))
        {
            var award = awards.Where(a => a.Achievement!.LineageId == item.LineageId)
                .OrderBy(a => a.State == AwardState.Issued ? 0 : 1).ThenByDescending(a => a.IssuedAt).FirstOrDefault();
            if (award is null) continue;
            if (!publicOnly)
            {
                components.Add(new(award.CredentialJson, "urn:uuid:" + award.Id));
                continue;
            }
            var json = award.IsPublic ? await publicCredentials.ForViewerAsync(new VisibleAward(award, award.Achievement!, AwardViewer.Public), ct) : null;
            if (json is null) leftOut = true;
            else components.Add(new(json, Id(json) ?? "urn:uuid:" + award.Id));
        }

        if (pathway.Items.Any(i => i.ExternalUrl is not null))
        {
            var held = await facts.LoadAsync(personId, ct);
            var progress = PathwayEvaluator.Evaluate(PathwaySpec.From(pathway), held);
            var importIds = progress.Items.Where(i => i.Item.ExternalUrl is not null && i.Match?.Source == FactSource.Import)
                .Select(i => i.Match!.Id).Distinct().ToList();
            if (publicOnly) leftOut |= importIds.Count > 0;
            else
            {
                var imports = await db.ImportedCredentials.AsNoTracking().Where(i => importIds.Contains(i.Id))
                    .Select(i => new { i.Id, i.CredentialText }).ToListAsync(ct);
                foreach (var import in imports)
                {
                    // Only a JSON-LD VC 2.0 credential with a Data Integrity proof can sit inside a VC 2.0 CLR unchanged: a VC-JWT
                    // is not JSON-LD, and a VC 1.1 credential's protected context cannot be nested in a VC 2.0 document.
                    if (Embeddable(import.CredentialText) is { } id) components.Add(new(import.CredentialText, id));
                    else leftOut = true;
                }
            }
        }
        return new ClrParts(components, leftOut);
    }

    private static string? Embeddable(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is not JsonObject credential || credential["proof"] is null) return null;
            var first = credential["@context"] is JsonArray a && a.Count > 0 ? a[0] : null;
            return first is JsonValue v && v.TryGetValue<string>(out var url) && url == "https://www.w3.org/ns/credentials/v2" ? Id(credential) ?? "" : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? Id(string json) => JsonNode.Parse(json) is JsonObject o ? Id(o) : null;

    private static string? Id(JsonObject credential) => credential["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
