using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Laurel.Features.Achievements;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Achievements;

/// <summary>Catalog paging, the faculty filter, versions in the catalog and the staff status filter.</summary>
public abstract partial class CatalogTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_catalog_pages_by_twenty_and_keeps_the_filters_on_every_page()
    {
        var token = Guid.NewGuid().ToString("N")[..10];
        await host.DbAsync(async db =>
        {
            var template = await db.Achievements.AsNoTracking().FirstAsync(a => a.Name == "Data Literacy for Professionals", Ct);
            for (var i = 1; i <= 21; i++)
            {
                var id = Guid.CreateVersion7();
                var copy = new Achievement
                {
                    Id = id, LineageId = id, IssuerId = template.IssuerId, InstitutionId = template.InstitutionId,
                    Status = AchievementStatus.Published, CreatedAt = template.CreatedAt, UpdatedAt = template.UpdatedAt,
                };
                AchievementDraft.From(template).ApplyTo(copy);
                copy.Name = $"Paging {token} {i:00}";
                copy.Translations = []; // the demo's Dutch translation would name every card after the template
                db.Achievements.Add(copy);
            }
            await db.SaveChangesAsync(Ct);
            return 0;
        });
        using var visitor = host.CreateClient();

        var first = await visitor.GetStringAsync($"/catalog?q={token}&institution=uu", Ct);
        Assert.Contains("21 resultaten", first);
        Assert.Contains("Pagina 1 van 2", first);
        Assert.Equal(20, Cards().Matches(first).Count);
        var next = WebUtility.HtmlDecode(Regex.Match(first, "href=\"([^\"]+)\" rel=\"next\"").Groups[1].Value);
        Assert.Equal($"/catalog?institution=uu&q={token}&page=2", next);

        var second = await visitor.GetStringAsync(next, Ct);
        Assert.Single(Cards().Matches(second));
        Assert.Contains($"Paging {token} 21", second);
    }

    [Fact]
    public async Task The_faculty_filter_shows_only_that_faculty()
    {
        var (science, extension) = await host.DbAsync(async db => (
            await db.Faculties.Where(f => f.NameEn == "Faculty of Science").Select(f => f.Id).SingleAsync(Ct),
            await db.Faculties.Where(f => f.NameEn == "Extension School").Select(f => f.Id).SingleAsync(Ct)));
        using var visitor = host.CreateClient();
        var html = await visitor.GetStringAsync($"/catalog?faculty={science}", Ct);
        Assert.Contains("Data Literacy for Professionals", html);
        Assert.DoesNotContain("Solar Energy Systems", html);
        var api = await visitor.GetFromJsonAsync<JsonElement>($"/api/v1/achievements?faculty={extension}", Ct);
        Assert.Equal(["Solar Energy Systems"], api.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_published_new_version_replaces_the_old_one_in_the_list_but_old_links_keep_working()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var name = AchievementTestKit.Unique("Versioned");
        var v1 = await client.CreateAndPublishAsync(await host.UtrechtIssuerAsync(), AchievementTestKit.ValidForm(name));
        await host.DbAsync(db => db.Achievements.Where(a => a.Id == v1).ExecuteUpdateAsync(s => s.SetProperty(a => a.FrozenAt, DateTime.UtcNow), Ct));
        var edit = await client.PostFormAsync($"/manage/achievements/{v1}/edit", AchievementTestKit.ValidForm(name + " (2026)"));
        var v2 = AchievementTestKit.IdFromLocation(edit);
        using var visitor = host.CreateClient();
        Assert.Contains($"/catalog/{v1}\"", await visitor.GetStringAsync($"/catalog?q={Uri.EscapeDataString(name)}", Ct)); // v2 is only a draft

        await client.ActAsync(v2, "Publish");

        var list = await visitor.GetStringAsync($"/catalog?q={Uri.EscapeDataString(name)}", Ct);
        Assert.Contains($"/catalog/{v2}\"", list);
        Assert.DoesNotContain($"/catalog/{v1}\"", list);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/catalog/{v1}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Staff_list_filters_by_status()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var name = AchievementTestKit.Unique("Status filter");
        var id = await client.CreateThroughFormAsync(await host.UtrechtIssuerAsync(), AchievementTestKit.ValidForm(name));
        Assert.Contains(name, await client.GetStringAsync("/manage/achievements?status=draft", Ct));
        Assert.DoesNotContain(name, await client.GetStringAsync("/manage/achievements?status=published", Ct));
        await client.ActAsync(id, "Archive");
        Assert.DoesNotContain(name, await client.GetStringAsync("/manage/achievements", Ct));
        Assert.Contains(name, await client.GetStringAsync("/manage/achievements?status=archived", Ct));
        var audited = await host.DbAsync(db => db.AuditEntries.CountAsync(e => e.EntityId == id && e.Action == "achievement.archived", Ct));
        Assert.Equal(1, audited);
    }

    [GeneratedRegex("<li class=\"card catalog-card\">")]
    private static partial Regex Cards();
}

public sealed class CatalogTestsOnSqlite(SqliteHost host) : CatalogTests(host), IClassFixture<SqliteHost>;

public sealed class CatalogTestsOnPostgres(PostgresHost host) : CatalogTests(host), IClassFixture<PostgresHost>;
