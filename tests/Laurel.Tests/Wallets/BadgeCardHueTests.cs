using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Laurel.Features.Achievements;
using Laurel.Features.Institutions;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Wallets;

/// <summary>
/// Every badge of an institution has a wallet card colour of its own, far from its siblings': the hue chosen when a badge is first
/// published (or, for badges stored before that, on first use) is what a wallet reads in the SD-JWT VC type metadata.
/// </summary>
public abstract class BadgeCardHueTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new institution with one issuer and <paramref name="count"/> definitions in <paramref name="status"/>.</summary>
    private Task<(string Slug, List<Guid> Ids)> InstitutionWithBadgesAsync(int count, AchievementStatus status) => host.DbAsync(async db =>
    {
        var now = DateTime.UtcNow;
        var institution = TestData.Institution(slug: "hue" + TestData.Key(6));
        institution.Id = Guid.CreateVersion7();
        institution.CreatedAt = now;
        var faculty = new Faculty { Id = Guid.CreateVersion7(), InstitutionId = institution.Id, NameNl = "Faculteit", NameEn = "Faculty", CreatedAt = now };
        var issuer = new Issuer { Id = Guid.CreateVersion7(), FacultyId = faculty.Id, Faculty = faculty, NameNl = "Uitgever", NameEn = "Issuer", CreatedAt = now };
        db.AddRange(institution, faculty, issuer);
        var badges = Enumerable.Range(0, count).Select(i => TestData.Achievement(issuer, name: $"Badge {i:00}", status: status)).ToList();
        db.Achievements.AddRange(badges);
        await db.SaveChangesAsync(Ct);
        return (institution.Slug, badges.Select(b => b.Id).ToList());
    });

    /// <summary>The hue (degrees) of the card background a wallet reads in the badge's type metadata.</summary>
    private async Task<double> HueAsync(string slug, Guid id)
    {
        using var client = host.CreateClient();
        var metadata = await client.GetFromJsonAsync<JsonObject>($"/oid4vci/{slug}/types/{id:N}", Ct);
        var colour = (string)metadata!["display"]![0]!["rendering"]!["simple"]!["background_color"]!;
        return Hue(colour);
    }

    private static double Hue(string hex)
    {
        double Channel(int at) => int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
        var (r, g, b) = (Channel(1), Channel(3), Channel(5));
        var max = Math.Max(r, Math.Max(g, b));
        var delta = max - Math.Min(r, Math.Min(g, b));
        var hue = delta == 0 ? 0 : max == r ? 60 * ((g - b) / delta % 6) : max == g ? 60 * ((b - r) / delta + 2) : 60 * ((r - g) / delta + 4);
        return (hue + 360) % 360;
    }

    private static double Closest(IReadOnlyList<double> hues) =>
        hues.SelectMany((a, i) => hues.Skip(i + 1).Select(b => Math.Min(Math.Abs(a - b), 360 - Math.Abs(a - b)))).Min();

    [Fact]
    public async Task Twelve_badges_published_by_one_institution_get_card_colours_far_apart()
    {
        var (slug, ids) = await InstitutionWithBadgesAsync(12, AchievementStatus.Draft);
        var staff = await host.StaffAsync("a.bakker@uu.example");
        foreach (var id in ids)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<AchievementService>();
            var achievement = await service.FindAsync(id, Ct);
            Assert.Empty(await service.PublishAsync(staff, achievement!, Ct));
        }

        var hues = new List<double>();
        foreach (var id in ids) hues.Add(await HueAsync(slug, id));

        // 12 badges: 360 / 12 / 2 = 15° is the least a fair spread gives; a hash of the id collides or crowds far more often.
        Assert.True(Closest(hues) >= 15, "hues: " + string.Join(", ", hues.Select(h => h.ToString("0", CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task Badges_published_before_hues_existed_get_spread_hues_on_first_use_that_stay_the_same()
    {
        var (slug, ids) = await InstitutionWithBadgesAsync(8, AchievementStatus.Published);

        var first = new List<double>();
        foreach (var id in ids) first.Add(await HueAsync(slug, id));
        var again = new List<double>();
        foreach (var id in ids) again.Add(await HueAsync(slug, id));

        Assert.True(Closest(first) >= 360.0 / 8 / 2, "hues: " + string.Join(", ", first.Select(h => h.ToString("0", CultureInfo.InvariantCulture))));
        Assert.Equal(first, again);

        // A ninth badge published later lands in one of the widest gaps, not on top of a sibling.
        var (_, more) = await host.DbAsync(async db =>
        {
            var issuer = await db.Issuers.Include(i => i.Faculty).FirstAsync(i => i.Faculty!.Institution!.Slug == slug, Ct);
            var draft = TestData.Achievement(issuer, name: "Badge later", status: AchievementStatus.Draft);
            db.Achievements.Add(draft);
            await db.SaveChangesAsync(Ct);
            return (0, draft.Id);
        });
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<AchievementService>();
            Assert.Empty(await service.PublishAsync(await host.StaffAsync("a.bakker@uu.example"), (await service.FindAsync(more, Ct))!, Ct));
        }
        // The widest gap of eight evenly spread whole-degree hues is 45°, so the ninth lands 22° from its neighbours. An 8-bit
        // colour carries a hue only to within ±0.7° at this saturation, so two measured hues can be 1.4° closer than stored ones.
        Assert.True(Closest([.. first, await HueAsync(slug, more)]) >= 22 - 1.5);
    }
}

public sealed class BadgeCardHueSqliteTests(SqliteHost host) : BadgeCardHueTests(host), IClassFixture<SqliteHost>;

public sealed class BadgeCardHuePostgresTests(PostgresHost host) : BadgeCardHueTests(host), IClassFixture<PostgresHost>;
