using System.Net;
using System.Text.RegularExpressions;

namespace Laurel.Browser.Tests.Workspace;

/// <summary>
/// As each demo persona (and anonymously): start at "/", sign in by clicking, then follow every same-origin link breadth-first
/// with the signed-in browser's own cookies. No link may answer 4xx or 5xx; all failures are reported at once (page → link →
/// status). Staff must reach their micro-credentials by clicking.
/// </summary>
public abstract partial class CrawlTests(LaurelHost host, BrowserSession browser)
{
    /// <summary>Distinct pages (addresses with their ids normalised) fetched per persona.</summary>
    private const int PageCap = 150;

    [Theory]
    [InlineData("anonymous")]
    [InlineData("learner")]
    [InlineData("awarder")]
    [InlineData("viewer")]
    [InlineData("issuer-admin")]
    [InlineData("faculty-admin")]
    [InlineData("institution-admin")]
    public async Task No_link_answers_an_error(string persona)
    {
        var page = await browser.NewPageAsync("en-GB");
        await page.GotoAsync(host.BaseUrl + "/");
        if (persona != "anonymous")
        {
            await page.Locator("header .nav-end a[href^='/account/sign-in']").ClickAsync();
            await page.Locator($"button[data-persona='{persona}']").ClickAsync();
            // A fresh sign-in lands staff on their workspace and learners on their backpack.
            await page.WaitForURLAsync(persona == "learner" ? "**/backpack" : "**/manage");
        }

        var origin = new Uri(host.BaseUrl);
        var seen = new HashSet<string>();
        var visited = new List<string>();
        var failures = new List<string>();
        var queue = new Queue<(string From, string Url)>();
        foreach (var start in new[] { page.Url, host.BaseUrl + "/" })
            if (seen.Add(Key(new Uri(start)))) queue.Enqueue(("(start)", start));

        while (queue.Count > 0 && visited.Count < PageCap)
        {
            var (from, url) = queue.Dequeue();
            visited.Add(new Uri(url).PathAndQuery);
            var response = await page.APIRequest.GetAsync(url);
            if (response.Status >= 400)
            {
                failures.Add($"{from} → {url} → {response.Status}");
                continue;
            }
            if (!(response.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html"))) continue;
            var html = await response.TextAsync();
            foreach (Match m in LinkPattern().Matches(html))
            {
                var href = WebUtility.HtmlDecode(m.Groups[1].Value);
                if (href.StartsWith('#') || href.StartsWith("mailto:") || href.StartsWith("javascript:")) continue;
                if (!Uri.TryCreate(new Uri(url), href, out var target) || target.Scheme is not ("http" or "https")) continue;
                if (target.Authority != origin.Authority) continue;
                // Provider challenges leave for an identity provider that a test run does not have; nothing signs out by a link.
                if (target.AbsolutePath.StartsWith("/account/sign-in/") || target.AbsolutePath.StartsWith("/account/link")
                    || target.AbsolutePath.Contains("sign-out")) continue;
                if (seen.Add(Key(target))) queue.Enqueue((new Uri(url).PathAndQuery, target.GetLeftPart(UriPartial.Query)));
            }
        }

        Assert.True(failures.Count == 0, $"{persona}: {failures.Count} link(s) fail:\n" + string.Join("\n", failures));
        if (persona is not ("anonymous" or "learner"))
            Assert.Contains(visited, v => v.StartsWith("/manage/achievements/"));
    }

    /// <summary>One visit per kind of page: ids (GUIDs, numbers, long tokens) stand for any id; the query's values do not count.</summary>
    private static string Key(Uri uri)
    {
        var path = IdPattern().Replace(uri.AbsolutePath, "{id}");
        var names = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')[0]).Order();
        return path + "?" + string.Join("&", names);
    }

    [GeneratedRegex(@"<a\s[^>]*?href=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"(?<=/)([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\d+|[A-Za-z0-9_-]{24,})(?=/|$)")]
    private static partial Regex IdPattern();
}

public sealed class CrawlTestsOnSqlite(SqliteHost host, BrowserSession browser)
    : CrawlTests(host, browser), IClassFixture<SqliteHost>, IClassFixture<BrowserSession>;
