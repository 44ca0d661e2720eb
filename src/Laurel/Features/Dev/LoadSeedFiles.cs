using Laurel.Features.Awards;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Dev;

/// <summary>
/// The files a load seed leaves for the load scenarios (one value a line): <c>badges.txt</c> (public, valid award ids),
/// <c>revoked.txt</c> (revoked award ids), <c>learners.txt</c> (learners' sign-in addresses) and <c>definitions.txt</c>
/// (definition id, institution id, institution slug, awards; tab-separated, the busiest first). Long runs are sampled evenly so
/// the files stay near <see cref="MaxLines"/> lines (a wrk script reads them into memory).
/// </summary>
internal sealed class LoadSeedFiles : IAsyncDisposable
{
    public const int MaxLines = 100_000;

    private readonly string _directory;
    private readonly long _stride;
    private readonly StreamWriter _badges, _revoked, _learners;
    private long _learnerCount;

    public LoadSeedFiles(string directory, long total, bool append)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        _stride = Math.Max(1, total / MaxLines);
        _badges = new StreamWriter(Path.Combine(directory, "badges.txt"), append);
        _revoked = new StreamWriter(Path.Combine(directory, "revoked.txt"), append);
        _learners = new StreamWriter(Path.Combine(directory, "learners.txt"), append);
    }

    public void Add(long position, Award award)
    {
        if (award.State == AwardState.Revoked && position / 20 % _stride == 0) _revoked.WriteLine(award.Id);
        if (award.State == AwardState.Issued && position % _stride == 0) _badges.WriteLine(award.Id);
    }

    public void AddLearners(IEnumerable<string> emails)
    {
        foreach (var email in emails)
            if (_learnerCount++ % _stride == 0) _learners.WriteLine(email);
    }

    public async Task WriteDefinitionsAsync(IServiceProvider services, IReadOnlyList<Achievement> definitions, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var ids = definitions.Select(d => d.Id).ToList();
        var counts = await db.Awards.Where(a => ids.Contains(a.AchievementId)).GroupBy(a => a.AchievementId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var lines = definitions.OrderByDescending(d => counts.GetValueOrDefault(d.Id))
            .Select(d => $"{d.Id}\t{d.InstitutionId}\t{d.Issuer!.Faculty!.Institution!.Slug}\t{counts.GetValueOrDefault(d.Id)}");
        await File.WriteAllLinesAsync(Path.Combine(_directory, "definitions.txt"), lines, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _badges.DisposeAsync();
        await _revoked.DisposeAsync();
        await _learners.DisposeAsync();
    }
}
