using System.Net;
using System.Net.Http.Headers;
using Laurel.Features.Achievements;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Pages;

/// <summary>
/// The catalog and the institution profile answer a current copy with 304, and a published definition or an edited issuer name
/// changes their tag at once, also for a browser that presents the old one.
/// </summary>
public abstract class PublicListCachingTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? etag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (etag is not null) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Publishing_a_definition_changes_the_catalogs_tag_and_shows_it()
    {
        using var anonymous = host.CreateClient();
        using var first = await GetAsync(anonymous, "/catalog?culture=en");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!.ToString();
        using (var again = await GetAsync(anonymous, "/catalog?culture=en", etag)) Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        // Sorted first by name, so it is on the first page whatever else the host holds.
        var name = "AAA Cached catalog " + TestData.Key(6);
        var id = await host.DbAsync(async db =>
        {
            var issuer = await db.Issuers.Include(i => i.Faculty).FirstAsync(i => i.Faculty!.Institution!.Slug == "uu", Ct);
            var draft = TestData.Achievement(issuer, name: name, status: AchievementStatus.Draft);
            db.Achievements.Add(draft);
            await db.SaveChangesAsync(Ct);
            return draft.Id;
        });
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<AchievementService>();
            Assert.Empty(await service.PublishAsync(await host.StaffAsync("a.bakker@uu.example"), (await service.FindAsync(id, Ct))!, Ct));
        }

        using var after = await GetAsync(anonymous, "/catalog?culture=en", etag);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains(name, await after.Content.ReadAsStringAsync(Ct));
        Assert.NotEqual(etag, after.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Editing_an_issuers_name_changes_the_institution_profiles_tag()
    {
        using var anonymous = host.CreateClient();
        using var first = await GetAsync(anonymous, "/institutions/uu?culture=en");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!.ToString();
        using (var again = await GetAsync(anonymous, "/institutions/uu?culture=en", etag)) Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        var renamed = "Computing Science " + TestData.Key(6);
        await host.DbAsync(async db =>
        {
            var issuer = await db.Issuers.SingleAsync(i => i.NameEn == "Computing Science", Ct);
            issuer.NameEn = renamed;
            await db.SaveChangesAsync(Ct);
            return 0;
        });
        try
        {
            using var after = await GetAsync(anonymous, "/institutions/uu?culture=en", etag);
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            Assert.Contains(renamed, await after.Content.ReadAsStringAsync(Ct));
        }
        finally
        {
            // Other tests of this host name the issuer.
            await host.DbAsync(async db =>
            {
                var issuer = await db.Issuers.SingleAsync(i => i.NameEn == renamed, Ct);
                issuer.NameEn = "Computing Science";
                await db.SaveChangesAsync(Ct);
                return 0;
            });
        }
    }
}

public sealed class PublicListCachingTestsOnSqlite(SqliteHost host) : PublicListCachingTests(host), IClassFixture<SqliteHost>;

public sealed class PublicListCachingTestsOnPostgres(PostgresHost host) : PublicListCachingTests(host), IClassFixture<PostgresHost>;
