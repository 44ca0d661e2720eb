using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Laurel.Features.Awards;
using Laurel.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Laurel.Tests.Pages;

/// <summary>
/// Current copies of the public pages are answered before Razor Pages runs (PublicPageCache), yet a revocation made on another node
/// shows on the next view, each language keeps its own copy, a signed-in visitor never gets the shared one, and a shared copy carries
/// no cookie and no antiforgery token.
/// </summary>
public abstract class PublicPageCacheTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A client that sends exactly the Cookie header it is given (none by default) and keeps nothing.
    private HttpClient Bare() => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? etag = null, string? cookie = null,
        string? language = null, string? marker = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (etag is not null) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        if (marker is not null) request.Headers.Add(PageRuns.Header, marker);
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task A_current_copy_and_a_304_are_answered_without_running_the_page()
    {
        var awardId = await host.AwardThroughServiceAsync();
        using var client = Bare();
        using var runs = new PageRuns();
        var url = $"/badges/{awardId}?culture=en";
        // Markers unique to this test run (other hosts in this process may run the same test at the same time).
        string runOne = $"{awardId}-1", runTwo = $"{awardId}-2", runThree = $"{awardId}-3";

        using var first = await GetAsync(client, url, marker: runOne);
        var html = await first.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, runs.Of(runOne));

        using var second = await GetAsync(client, url, marker: runTwo);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(html, await second.Content.ReadAsStringAsync(Ct));
        Assert.Equal("text/html; charset=utf-8", second.Content.Headers.ContentType!.ToString());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal("no-cache", second.Headers.CacheControl!.ToString());
        Assert.Contains("Accept-Language", second.Headers.Vary);
        Assert.Contains("Accept", second.Headers.Vary);
        Assert.True(second.Headers.Contains("Content-Security-Policy"));
        Assert.Equal(0, runs.Of(runTwo));

        using var revalidated = await GetAsync(client, url, first.Headers.ETag!.ToString(), marker: runThree);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(first.Headers.ETag, revalidated.Headers.ETag);
        Assert.Equal(0, runs.Of(runThree));

        // The catalog and the institution profile too.
        foreach (var page in new[] { "/catalog?culture=en", "/institutions/uu?culture=en" })
        {
            using var once = await GetAsync(client, page);
            Assert.Equal(HttpStatusCode.OK, once.StatusCode);
            using var again = await GetAsync(client, page, marker: awardId + page);
            Assert.Equal(await once.Content.ReadAsStringAsync(Ct), await again.Content.ReadAsStringAsync(Ct));
            Assert.Equal(0, runs.Of(awardId + page));
        }
    }

    [Fact]
    public async Task A_revocation_made_on_another_node_shows_on_the_next_view()
    {
        var awardId = await host.AwardThroughServiceAsync();
        using var client = Bare();
        var url = $"/badges/{awardId}?culture=en";
        using var first = await GetAsync(client, url);
        Assert.Contains("id=\"verdict\"><strong>Valid:", await first.Content.ReadAsStringAsync(Ct));
        using (var stored = await GetAsync(client, url)) Assert.Equal(HttpStatusCode.OK, stored.StatusCode); // this node now holds a copy

        // Another node of the same deployment (same database) revokes; this node learns of it only through the database.
        await using (var other = LaurelApp.Build([.. host.SecondNodeArgs(), "--urls=http://127.0.0.1:0", "--Laurel:SeedDemoData=false",
                         "--Laurel:Demo:SampleAwards=false", "--Laurel:AwardEvents:WorkerEnabled=false", "--Laurel:Webhooks:WorkerEnabled=false",
                         "--Laurel:Outbox:WorkerEnabled=false", "--Laurel:Claims:IntervalSeconds=0"],
                         builder => builder.Logging.SetMinimumLevel(LogLevel.Warning)))
        {
            await using var scope = other.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<RevokeAndSuspend>();
            var award = await service.FindAsync(awardId, Ct);
            Assert.Empty(await service.ApplyAsync(await host.StaffAsync("a.bakker@uu.example"), award!, AwardStatusAction.Revoke,
                "Revoked on the other node", "web", Ct));
        }

        using var withOldTag = await GetAsync(client, url, first.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, withOldTag.StatusCode);
        var page = WebUtility.HtmlDecode(await withOldTag.Content.ReadAsStringAsync(Ct));
        Assert.Contains("id=\"verdict\"><strong>Not valid:", page);
        Assert.Contains("Revoked on the other node", page);
        using var fresh = await GetAsync(client, url);
        Assert.Contains("Revoked on the other node", WebUtility.HtmlDecode(await fresh.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task Dutch_and_English_copies_are_kept_apart_whichever_way_the_language_is_chosen()
    {
        var awardId = await host.AwardThroughServiceAsync();
        using var client = Bare();
        var url = $"/badges/{awardId}";
        // Twice each, so the second of each comes from the stored copy of its own language.
        for (var i = 0; i < 2; i++)
        {
            using var english = await GetAsync(client, url, language: "en");
            Assert.Contains("id=\"verdict\"><strong>Valid:", await english.Content.ReadAsStringAsync(Ct));
            using var dutch = await GetAsync(client, url, language: "nl");
            Assert.Contains("id=\"verdict\"><strong>Geldig:", await dutch.Content.ReadAsStringAsync(Ct));
            using var byCookie = await GetAsync(client, url, cookie: ".AspNetCore.Culture=c%3Den%7Cuic%3Den", language: "nl");
            Assert.Contains("id=\"verdict\"><strong>Valid:", await byCookie.Content.ReadAsStringAsync(Ct));
            using var byQuery = await GetAsync(client, url + "?culture=nl", language: "en");
            Assert.Contains("id=\"verdict\"><strong>Geldig:", await byQuery.Content.ReadAsStringAsync(Ct));
            Assert.NotEqual(english.Headers.ETag, dutch.Headers.ETag);
        }
    }

    [Fact]
    public async Task A_signed_in_visitor_never_gets_the_shared_copy()
    {
        var awardId = await host.AwardThroughServiceAsync();
        var url = $"/badges/{awardId}?culture=en";
        using var anonymous = Bare();
        using var first = await GetAsync(anonymous, url);
        var shared = await first.Content.ReadAsStringAsync(Ct);
        using (var stored = await GetAsync(anonymous, url)) Assert.Equal(shared, await stored.Content.ReadAsStringAsync(Ct));
        Assert.DoesNotContain("/account/sign-out", shared);

        // Staff of the definition (who see more) and even with the public's tag in hand: their own page, private.
        using var staff = await host.SignInAsDemoAsync("institution-admin");
        using var own = await GetAsync(staff, url, first.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("/account/sign-out", await own.Content.ReadAsStringAsync(Ct));
        // Private to this viewer, or not stored at all (a signed-in page carries the sign-out form's antiforgery token: no-store).
        var cacheControl = own.Headers.CacheControl!.ToString();
        Assert.True(cacheControl.Contains("private") || cacheControl.Contains("no-store"), cacheControl);
        Assert.NotEqual(first.Headers.ETag, own.Headers.ETag);

        // And the catalog: a signed-in visitor's catalog names them, the shared one nobody.
        using var catalog = await GetAsync(anonymous, "/catalog?culture=en");
        using (var again = await GetAsync(anonymous, "/catalog?culture=en")) Assert.DoesNotContain("/account/sign-out", await again.Content.ReadAsStringAsync(Ct));
        using var staffCatalog = await GetAsync(staff, "/catalog?culture=en", catalog.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, staffCatalog.StatusCode);
        Assert.Contains("/account/sign-out", await staffCatalog.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_shared_copy_sets_no_cookie_and_carries_no_antiforgery_token()
    {
        var awardId = await host.AwardThroughServiceAsync();
        var url = $"/badges/{awardId}?culture=en";
        // The first visitor arrives with cookies of their own (an antiforgery cookie from a form elsewhere, a language cookie).
        using var client = Bare();
        using var first = await GetAsync(client, url, cookie: "laurel.af=CfDJ8-someone-elses-token; .AspNetCore.Culture=c%3Den%7Cuic%3Den");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        foreach (var cookie in new string?[] { null, "laurel.af=another" })
        {
            using var copy = await GetAsync(client, url, cookie: cookie);
            Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
            Assert.False(copy.Headers.Contains("Set-Cookie"));
            var html = await copy.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain("__RequestVerificationToken", html);
            Assert.DoesNotContain("someone-elses", html);
        }
    }

    /// <summary>Counts Razor page handler runs per request marker (MVC's diagnostic events, in-process).</summary>
    private sealed class PageRuns : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        public const string Header = "X-Test-Page-Run";
        private readonly ConcurrentDictionary<string, int> _runs = new();
        private readonly List<IDisposable> _subscriptions = [];
        private readonly IDisposable _all;

        public PageRuns() => _all = DiagnosticListener.AllListeners.Subscribe(this);

        public int Of(string marker) => _runs.GetValueOrDefault(marker);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.AspNetCore") lock (_subscriptions) _subscriptions.Add(value.Subscribe(this, name => name == "Microsoft.AspNetCore.Mvc.BeforeAction"));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value?.GetType().GetProperty("HttpContext")?.GetValue(value.Value) is HttpContext context
                && context.Request.Headers[Header].ToString() is { Length: > 0 } marker)
                _runs.AddOrUpdate(marker, 1, (_, n) => n + 1);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
        }
    }
}

public sealed class PublicPageCacheTestsOnSqlite(SqliteHost host) : PublicPageCacheTests(host), IClassFixture<SqliteHost>;

public sealed class PublicPageCacheTestsOnPostgres(PostgresHost host) : PublicPageCacheTests(host), IClassFixture<PostgresHost>;
