using System.Net;
using System.Net.Http.Headers;
using Laurel.Tests.Completions;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Pages;

/// <summary>
/// The public badge page answers a browser's copy with 304 and a repeated anonymous view from one small query, yet a revocation,
/// a language switch or the owner's own view is never answered with an old or someone else's copy.
/// </summary>
public abstract class BadgePageCachingTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? etag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (etag is not null) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task A_current_copy_gets_304_and_after_a_revocation_the_old_tag_gets_the_revoked_page()
    {
        var awardId = await host.AwardThroughServiceAsync();
        using var anonymous = host.CreateClient();
        var url = $"/badges/{awardId}?culture=en";

        using var first = await GetAsync(anonymous, url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("id=\"verdict\"><strong>Valid:", await first.Content.ReadAsStringAsync(Ct));
        var etag = first.Headers.ETag!.ToString();
        Assert.Contains("no-cache", first.Headers.CacheControl!.ToString());
        Assert.DoesNotContain("private", first.Headers.CacheControl!.ToString());

        using var again = await GetAsync(anonymous, url, etag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        await host.RevokeAsync(awardId, "Plagiarism in the portfolio");

        // The browser still holds the valid page and sends its tag: it gets the revoked page, not a 304.
        using var afterRevoke = await GetAsync(anonymous, url, etag);
        Assert.Equal(HttpStatusCode.OK, afterRevoke.StatusCode);
        var page = WebUtility.HtmlDecode(await afterRevoke.Content.ReadAsStringAsync(Ct));
        Assert.Contains("id=\"verdict\"><strong>Not valid:", page);
        Assert.Contains("Plagiarism in the portfolio", page);
        Assert.NotEqual(etag, afterRevoke.Headers.ETag!.ToString());
        // And a visitor without a copy too (the node's stored rendering is for the old tag).
        using var fresh = host.CreateClient();
        Assert.Contains("id=\"verdict\"><strong>Not valid:", await fresh.GetStringAsync(url, Ct));
    }

    [Fact]
    public async Task A_repeated_anonymous_view_is_the_same_page_from_one_query()
    {
        using var counter = new SqlCommandCounter();
        var awardId = await host.AwardThroughServiceAsync();
        using var anonymous = host.CreateClient();
        var url = $"/badges/{awardId}?culture=en";
        var first = await anonymous.GetStringAsync(url, Ct);

        await counter.ReadyAsync();
        counter.Reset();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("traceparent", counter.TraceParent);
        using var second = await anonymous.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first, await second.Content.ReadAsStringAsync(Ct));
        Assert.Single(counter.Commands);
    }

    [Fact]
    public async Task Each_language_has_its_own_tag()
    {
        var awardId = await host.AwardThroughServiceAsync();
        using var anonymous = host.CreateClient();
        using var en = await GetAsync(anonymous, $"/badges/{awardId}?culture=en");
        using var nl = await GetAsync(anonymous, $"/badges/{awardId}?culture=nl", en.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, nl.StatusCode);
        Assert.Contains("id=\"verdict\"><strong>Geldig:", await nl.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Accept-Language", string.Join(",", en.Headers.Vary));
    }

    [Fact]
    public async Task The_owners_view_is_private_and_never_served_to_the_public()
    {
        var awardId = await host.AwardThroughServiceAsync(achievement: "Responsible AI in Practice", grade: "9.25", isPublic: true, showGrade: false,
            toDemoLearner: true);
        using var owner = await host.SignInAsDemoAsync("learner");
        using var own = await GetAsync(owner, $"/badges/{awardId}?culture=en");
        Assert.Contains("9.25", await own.Content.ReadAsStringAsync(Ct));
        // Private to this viewer, or not stored at all (a signed-in page carries the sign-out form's antiforgery token: no-store).
        var cacheControl = own.Headers.CacheControl!.ToString();
        Assert.True(cacheControl.Contains("private") || cacheControl.Contains("no-store"), cacheControl);

        // The public, even when it presents the owner's tag, gets the public page without the hidden grade.
        using var anonymous = host.CreateClient();
        using var visitor = await GetAsync(anonymous, $"/badges/{awardId}?culture=en", own.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, visitor.StatusCode);
        Hidden.AssertAbsent("9.25", await visitor.Content.ReadAsStringAsync(Ct));
        Assert.NotEqual(own.Headers.ETag!.ToString(), visitor.Headers.ETag!.ToString());
        // And the owner, after the public's view was stored, still sees their own.
        Assert.Contains("9.25", await owner.GetStringAsync($"/badges/{awardId}?culture=en", Ct));
    }

    [Fact]
    public async Task A_private_badge_is_never_stored_and_stays_404_for_the_public()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { IsPublic = false, ToDemoLearner = true });
        using var owner = await host.SignInAsDemoAsync("learner");
        using var own = await GetAsync(owner, $"/badges/{awardId}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("no-store", own.Headers.CacheControl!.ToString());
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(anonymous, $"/badges/{awardId}")).StatusCode);
    }
}

public sealed class BadgePageCachingTestsOnSqlite(SqliteHost host) : BadgePageCachingTests(host), IClassFixture<SqliteHost>;

public sealed class BadgePageCachingTestsOnPostgres(PostgresHost host) : BadgePageCachingTests(host), IClassFixture<PostgresHost>;
