using System.Net;
using System.Text.RegularExpressions;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Manage;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Claims.ClaimsTestKit;

namespace Laurel.Tests.Awards;

/// <summary>
/// The staff award list of a large definition: every award is reached exactly once by clicking "next", and back again by
/// "previous" (keyset paging, also through awards issued at the same instant); the counts per state stop at
/// <see cref="AchievementAwardsModel.CountCap"/> and then say they are of the newest ones, instead of counting the whole course.
/// </summary>
public abstract partial class AwardListPagingTests(LaurelHost host)
{
    [Fact]
    public async Task A_large_definition_pages_through_every_award_once_and_counts_only_its_newest()
    {
        var mc = await host.NewAchievementAsync();
        var awarder = await host.PrincipalAsync("awarder");
        var first = (await host.AwardAsync(awarder, Request(mc, $"first-{Key()}@example.org"))).Award!.Id;
        // Many more awards of this definition in one go, a third of them issued at the very same instant (the tie-break by id),
        // every tenth revoked.
        var count = AchievementAwardsModel.CountCap + 60;
        var at = DateTime.UtcNow.AddDays(-1);
        await host.DbAsync(async db =>
        {
            var template = await db.Awards.AsNoTracking().SingleAsync(a => a.Id == first, Ct);
            for (var i = 1; i < count; i++)
                db.Awards.Add(new Award
                {
                    Id = Guid.NewGuid(), InstitutionId = template.InstitutionId, AchievementId = mc, RecipientIdentity = $"bulk-{i}-{Key()}@example.org",
                    RecipientIdentityType = template.RecipientIdentityType, RecipientSalt = template.RecipientSalt, RecipientName = $"Learner {i:D4}",
                    IssuedAt = i % 3 == 0 ? at : at.AddSeconds(-i), CompletedOn = template.CompletedOn,
                    State = i % 10 == 0 ? AwardState.Revoked : AwardState.Issued, CredentialJson = template.CredentialJson,
                    SigningKeyId = template.SigningKeyId, RevocationListId = template.RevocationListId, SuspensionListId = template.SuspensionListId,
                    StatusIndex = template.StatusIndex, CreatedAt = at, UpdatedAt = at,
                });
            return await db.SaveChangesAsync(Ct);
        });

        using var viewer = await host.SignInAsDemoAsync("viewer");
        var url = $"/manage/achievements/{mc}/awards";
        var html = await viewer.GetStringAsync(url + "?culture=en", Ct);
        // More awards than the cap: the total says "1000+", the states add up to the newest 1,000, and the page says so.
        var counts = Regex.Match(html, "<ul class=\"counts\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value;
        counts = WebUtility.HtmlDecode(counts);
        Assert.Contains($"<li>{AchievementAwardsModel.CountCap}+ in total</li>", counts);
        Assert.Equal(AchievementAwardsModel.CountCap, StateCount().Matches(html).Sum(m => int.Parse(m.Groups[1].Value)));
        Assert.Contains($"The counts by state are of the newest {AchievementAwardsModel.CountCap} awards.", html);
        Assert.Contains("De aantallen per status gelden voor de nieuwste", await viewer.GetStringAsync(url + "?culture=nl", Ct));

        // Forward through every page: each award once, newest first.
        var seen = new List<Guid>();
        var pages = new List<string>();
        string? link = url;
        while (link is not null)
        {
            var page = await viewer.GetStringAsync(link, Ct);
            pages.Add(link);
            var rows = Rows().Matches(page).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
            Assert.InRange(rows.Count, 1, AchievementAwardsModel.PageSize);
            seen.AddRange(rows);
            link = Link(page, "next") is { } next ? url + next : null;
        }
        Assert.Equal(count, seen.Count);
        Assert.Equal(count, seen.Distinct().Count());
        var expected = await host.DbAsync(db => db.Awards.Where(a => a.AchievementId == mc).ToListAsync(Ct));
        Assert.Equal(expected.OrderByDescending(a => a.IssuedAt).ThenByDescending(a => a.Id).Select(a => a.Id), seen);

        // Back by "previous" from the last page: the same pages in reverse.
        var last = await viewer.GetStringAsync(pages[^1], Ct);
        var back = new List<Guid>();
        var current = last;
        while (Link(current, "prev") is { } previous)
        {
            current = await viewer.GetStringAsync(url + previous, Ct);
            back.InsertRange(0, Rows().Matches(current).Select(m => Guid.Parse(m.Groups[1].Value)));
        }
        Assert.Equal(seen.Take(back.Count), back);
        Assert.Equal(count - Rows().Matches(last).Count, back.Count);

        // A cursor that matches nothing (or garbage) shows the first page, not an empty one.
        var past = await viewer.GetAsync($"{url}?after={DateTime.UtcNow.AddYears(1).Ticks}.{Guid.Empty:N}", Ct);
        Assert.Equal(HttpStatusCode.OK, past.StatusCode);
        Assert.Equal(seen.Take(AchievementAwardsModel.PageSize), Rows().Matches(await past.Content.ReadAsStringAsync(Ct)).Select(m => Guid.Parse(m.Groups[1].Value)));
    }

    [Fact]
    public async Task A_small_definition_still_shows_exact_counts()
    {
        var mc = await host.NewAchievementAsync();
        var awarder = await host.PrincipalAsync("awarder");
        await host.AwardAsync(awarder, Request(mc, $"one-{Key()}@example.org"));
        await host.AwardAsync(awarder, Request(mc, $"two-{Key()}@example.org"));
        using var viewer = await host.SignInAsDemoAsync("viewer");
        var html = await viewer.GetStringAsync($"/manage/achievements/{mc}/awards?culture=en", Ct);
        Assert.Contains("<li>2 in total</li>", html);
        Assert.DoesNotContain("data-counts=\"capped\"", html);
    }

    private static string? Link(string html, string rel) =>
        Regex.Match(html, $"<a href=\"([^\"]+)\" rel=\"{rel}\">") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("<a href=\"/manage/awards/([0-9a-f-]{36})\">")]
    private static partial Regex Rows();

    [GeneratedRegex(@"<li>(\d+) (valid|suspended|revoked|scheduled|awaiting claim|declined|expired unclaimed|cancelled|withdrawn before claim)</li>")]
    private static partial Regex StateCount();
}

public sealed class AwardListPagingTestsOnSqlite(SqliteHost host) : AwardListPagingTests(host), IClassFixture<SqliteHost>;

public sealed class AwardListPagingTestsOnPostgres(PostgresHost host) : AwardListPagingTests(host), IClassFixture<PostgresHost>;
