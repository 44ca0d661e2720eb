using System.Security.Cryptography;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Achievements;

/// <summary>
/// The hue of a badge's card in a wallet (<see cref="Achievement.CardHue"/>), one per lineage: chosen when the badge is first
/// published, in the middle of the widest gap between the hues of the institution's other published badges, so an institution's
/// badges stay as far apart on the colour wheel as their number allows (12 badges: at least 22° apart). Badges published before
/// hues existed (or stored directly, like demo data) get theirs on first use, in publication order, so the result is the same on
/// every node. Two publishes at the same moment may pick close hues; nothing fails.
/// </summary>
public sealed class CardHues(LaurelDb db)
{
    /// <summary>Gives <paramref name="achievement"/> (about to be published, tracked) its lineage's hue, or a new one far from the others.</summary>
    public async Task AssignAsync(Achievement achievement, CancellationToken ct)
    {
        if (achievement.CardHue is not null) return;
        await EnsureAsync(achievement.InstitutionId, ct);
        achievement.CardHue = await LineageHueAsync(achievement.LineageId, ct)
            ?? Choose(await TakenAsync(achievement.InstitutionId, achievement.LineageId, ct), achievement.LineageId);
    }

    /// <summary>
    /// Gives every published badge of the institution without a hue one. Wallet metadata reads call this on every request, so the
    /// check reads <see cref="CardHueBackfillIndex"/>, which holds only published badges still without a hue: empty once every
    /// badge has one (publishing assigns it), so the read path costs one probe of an empty index however many badges exist.
    /// </summary>
    public async Task EnsureAsync(Guid institutionId, CancellationToken ct)
    {
        var missing = await db.Achievements.AsNoTracking()
            .Where(a => a.InstitutionId == institutionId && a.Status == AchievementStatus.Published && a.CardHue == null)
            .Select(a => new { a.LineageId, a.PublishedAt, a.CreatedAt }).ToListAsync(ct);
        if (missing.Count == 0) return;
        var order = missing.GroupBy(a => a.LineageId)
            .Select(g => (Lineage: g.Key, First: g.Min(a => a.PublishedAt ?? a.CreatedAt)))
            .OrderBy(l => l.First).ThenBy(l => l.Lineage).ToList();
        var taken = await TakenAsync(institutionId, null, ct);
        foreach (var (lineage, _) in order)
        {
            var hue = await LineageHueAsync(lineage, ct) ?? Choose(taken, lineage);
            // Only rows still without a hue: another node that got here first keeps its choice.
            await db.Achievements.Where(a => a.LineageId == lineage && a.CardHue == null).ExecuteUpdateAsync(s => s.SetProperty(a => a.CardHue, hue), ct);
            taken.Add(hue);
        }
    }

    /// <summary>
    /// The middle of the widest gap between <paramref name="taken"/> hues on the 360° wheel (the first such gap on a tie); with none
    /// taken, a hue derived from the lineage id, so a lone badge still gets a colour of its own.
    /// </summary>
    public static int Choose(IReadOnlyCollection<int> taken, Guid lineageId)
    {
        var hues = taken.Select(h => ((h % 360) + 360) % 360).Distinct().Order().ToList();
        if (hues.Count == 0)
        {
            var hash = SHA256.HashData(lineageId.ToByteArray());
            return (hash[0] << 8 | hash[1]) % 360;
        }
        var (start, widest) = (hues[0], 0);
        for (var i = 0; i < hues.Count; i++)
        {
            var gap = (i + 1 < hues.Count ? hues[i + 1] : hues[0] + 360) - hues[i];
            if (gap > widest) (start, widest) = (hues[i], gap);
        }
        return (start + widest / 2) % 360;
    }

    private Task<int?> LineageHueAsync(Guid lineageId, CancellationToken ct) =>
        db.Achievements.AsNoTracking().Where(a => a.LineageId == lineageId && a.CardHue != null).Select(a => a.CardHue).FirstOrDefaultAsync(ct);

    private async Task<List<int>> TakenAsync(Guid institutionId, Guid? except, CancellationToken ct) =>
        (await db.Achievements.AsNoTracking()
            .Where(a => a.InstitutionId == institutionId && a.Status == AchievementStatus.Published && a.CardHue != null && a.LineageId != except)
            .Select(a => a.CardHue!.Value).Distinct().ToListAsync(ct));
}

/// <summary>Published definitions still without a card hue, per institution: what <see cref="CardHues.EnsureAsync"/> looks for.</summary>
internal sealed class CardHueBackfillIndex : IEntityTypeConfiguration<Achievement>
{
    public void Configure(EntityTypeBuilder<Achievement> b) =>
        b.HasIndex(a => a.InstitutionId, "IX_Achievements_I18P_HueMissing")
            .HasFilter("\"CardHue\" IS NULL AND \"Status\" = 'Published'");
}
