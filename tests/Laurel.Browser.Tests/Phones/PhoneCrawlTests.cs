using System.Text.RegularExpressions;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Browser.Tests.Phones;

/// <summary>
/// Issue 14, "phones first": anonymous and every demo persona start at <c>/</c> on a 375 px phone, sign in by clicking, then
/// visit every same-origin page reachable by links (breadth-first, one page per path shape) and none may scroll sideways.
/// All failures are collected into one message so a run shows every page that does not fit. (A separate crawl checks status codes.)
/// </summary>
public sealed partial class PhoneCrawlTests(PhoneCrawlTests.SampleHost host, BrowserSession browser)
    : IClassFixture<PhoneCrawlTests.SampleHost>, IClassFixture<BrowserSession>
{
    /// <summary>The app as <c>dotnet run</c> starts it: sample awards and pathway progress for the demo learner.</summary>
    public sealed class SampleHost : SqliteHost
    {
        protected override void Configure(Dictionary<string, string?> settings) => settings["Laurel:Demo:SampleAwards"] = "true";
    }

    private const int MaxPagesPerPersona = 80;

    public static TheoryData<string> Personas => ["anonymous", "learner", "awarder", "viewer", "issuer-admin", "faculty-admin", "institution-admin"];

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task Every_page_a_persona_reaches_by_links_fits_a_375px_phone(string persona)
    {
        if (persona == "learner")
        {
            // Long names and an import (the texts most likely to widen a card) in the learner's backpack.
            await host.CreateAwardAsync(new AwardSpec { Achievement = "Responsible AI in Practice", ToDemoLearner = true, Grade = "7.5" });
            await host.ImportAsync(await host.DemoLearnerIdAsync(), name: "Open Science Basics for Researchers and Research Support Staff");
        }
        var page = await browser.NewPhonePageAsync("nl-NL");
        await page.GotoAsync(host.BaseUrl + "/");
        if (persona != "anonymous")
        {
            await page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Inloggen" }).ClickAsync();
            await page.Locator($"button[data-persona={persona}]").ClickAsync();
            await Assertions.Expect(page.Locator("header form[action='/account/sign-out']")).ToHaveCountAsync(1);
        }

        var origin = new Uri(host.BaseUrl);
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>();
        void Enqueue(string url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Authority != origin.Authority) return;
            if (Skip(uri.AbsolutePath)) return;
            if (seen.Add(Shape(uri.AbsolutePath))) queue.Enqueue(uri.GetLeftPart(UriPartial.Query));
        }
        Enqueue(page.Url);
        var visited = 0;
        while (queue.Count > 0 && visited < MaxPagesPerPersona)
        {
            var url = queue.Dequeue();
            // Every address here was read from an <a href> of a page this crawl reached from "/" by links, so it is one a person can
            // click to; opening it directly only saves finding that link again on its page.
            var response = await page.GotoAsync(url);
            visited++;
            // Only HTML pages are checked; anything else (a file the link did not mark as a download) is skipped.
            if (response is null || !(response.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal))) continue;
            var overflow = await Phone.OverflowAsync(page);
            if (overflow.Count > 0) failures.Add($"{new Uri(page.Url).PathAndQuery}: {string.Join("; ", overflow)}");
            var links = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('a[href]:not([download])')].map(a => a.href)");
            foreach (var link in links) Enqueue(link);
        }

        Assert.True(visited > (persona == "anonymous" ? 3 : 5), $"The crawl as {persona} reached only {visited} pages.");
        Assert.True(failures.Count == 0, $"As {persona}, {failures.Count} of {visited} pages scroll sideways at 375 px:\n" + string.Join("\n", failures));
    }

    /// <summary>One page per path shape: ids (GUIDs, numbers, tokens) are one placeholder, so a list of 200 badges is one visit.</summary>
    private static string Shape(string path) =>
        string.Join('/', path.TrimEnd('/').Split('/').Select(s => IdSegment().IsMatch(s) ? "{id}" : s.ToLowerInvariant()));

    /// <summary>Downloads (files and exports) and sign-out are not pages to fit.</summary>
    private static bool Skip(string path) =>
        DownloadPath().IsMatch(path) || path.StartsWith("/account/sign-out", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+|[A-Za-z0-9_-]{20,})$", RegexOptions.IgnoreCase)]
    private static partial Regex IdSegment();

    [GeneratedRegex(@"\.(png|svg|json|jsonld|jwt|pdf|csv|zip|xml|txt|ico|js|css)$|/(download|export)(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex DownloadPath();
}
