using System.Net;
using System.Text.RegularExpressions;

namespace Laurel.Tests.Institutions;

/// <summary>
/// The staff workspace per demo persona: what the navigation and the dashboard offer, that every link they offer opens (200, never
/// 403), where a fresh sign-in lands, and that learners are not sent to staff pages from the header.
/// </summary>
public abstract partial class StaffWorkspaceTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("awarder")]
    [InlineData("viewer")]
    [InlineData("issuer-admin")]
    [InlineData("faculty-admin")]
    [InlineData("institution-admin")]
    public async Task Every_workspace_link_opens_for_the_person_it_is_shown_to(string persona)
    {
        using var client = await host.SignInAsDemoAsync(persona);
        var html = await client.GetStringAsync("/manage?culture=en", Ct);
        var links = ManageLinks(html);
        Assert.NotEmpty(links);
        var failures = new List<string>();
        foreach (var link in links)
        {
            using var response = await client.GetAsync(link, Ct);
            if (response.StatusCode != HttpStatusCode.OK) failures.Add($"{link} → {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, $"{persona}: " + string.Join("; ", failures));

        // The same navigation sits on the other staff pages too.
        var definitions = await client.GetStringAsync("/manage/achievements?culture=en", Ct);
        Assert.Contains("class=\"manage-nav\"", definitions);
    }

    [Fact]
    public async Task The_navigation_follows_each_role()
    {
        var tree = await DemoTree.LoadAsync(host);
        var uu = $"/manage/institutions/{tree.Uu}";
        string[] adminOnly = [$"{uu}/audit", $"{uu}/mail", $"{uu}/webhooks", $"{uu}/claim-settings"];

        var admin = await NavAsync("institution-admin");
        Assert.All([.. adminOnly, $"{uu}/edit", $"{uu}/staff", $"{uu}/api-clients", "/manage/requests", "/manage/pathways", "/manage/achievements"],
            link => Assert.Contains(link, admin));
        Assert.Contains("/achievements/new", string.Join(" ", admin));

        var faculty = await NavAsync("faculty-admin");
        Assert.Contains($"/manage/faculties/{tree.Science}/staff", faculty);
        Assert.Contains("/manage/pathways", faculty);
        Assert.All([.. adminOnly, $"{uu}/edit", $"{uu}/api-clients"], link => Assert.DoesNotContain(link, faculty));

        var issuerAdmin = await NavAsync("issuer-admin");
        Assert.Contains($"/manage/issuers/{tree.Informatica}/staff", issuerAdmin);
        Assert.Contains($"/manage/issuers/{tree.Informatica}/achievements/new", issuerAdmin);
        Assert.All([.. adminOnly, $"{uu}/edit"], link => Assert.DoesNotContain(link, issuerAdmin));

        var awarder = await NavAsync("awarder");
        Assert.Contains("/manage/requests", awarder);
        Assert.DoesNotContain("/manage/pathways", awarder);
        Assert.DoesNotContain(awarder, l => l.Contains("/achievements/new") || l.EndsWith("/staff"));

        var viewer = await NavAsync("viewer");
        Assert.Contains("/manage/achievements", viewer);
        Assert.DoesNotContain("/manage/requests", viewer);
        Assert.DoesNotContain("/manage/pathways", viewer);
    }

    [Fact]
    public async Task The_dashboard_counts_the_work_and_offers_award_links_only_to_those_who_may_award()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var html = await awarder.GetStringAsync("/manage?culture=en", Ct);
        Assert.Contains($"data-scope=\"{tree.Informatica}\"", html);
        Assert.Matches(@"data-count=""definitions""><a href=""/manage/achievements"">\d+ micro-credentials?</a>", html);
        Assert.Matches(@"data-count=""requests""><a href=""/manage/requests"">\d+ requests? waiting", html);
        Assert.Matches(@"/manage/achievements/[0-9a-f-]{36}/bulk""", html);
        Assert.DoesNotContain("failed-mails", html);

        using var viewer = await host.SignInAsDemoAsync("viewer");
        var viewerHtml = await viewer.GetStringAsync("/manage?culture=nl", Ct);
        Assert.Contains("Microcredentials", viewerHtml);
        Assert.DoesNotMatch(@"/manage/achievements/[0-9a-f-]{36}/(award|bulk)""", viewerHtml);
        Assert.DoesNotContain("href=\"/manage/requests\"", viewerHtml);

        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var adminHtml = await admin.GetStringAsync("/manage?culture=en", Ct);
        Assert.Matches(@"data-count=""failed-mails""><a href=""/manage/institutions/[0-9a-f-]{36}/mail"">\d+ e-mails? failed", adminHtml);
    }

    [Fact]
    public async Task Learners_get_no_manage_link_and_staff_do()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var learnerHome = await learner.GetStringAsync("/backpack?culture=en", Ct);
        Assert.DoesNotContain("href=\"/manage\"", learnerHome);
        using var awarder = await host.SignInAsDemoAsync("awarder");
        Assert.Contains("href=\"/manage\"", await awarder.GetStringAsync("/catalog?culture=en", Ct));
    }

    [Theory]
    [InlineData("learner", "/", "/backpack")]
    [InlineData("learner", null, "/backpack")]
    [InlineData("awarder", "/", "/manage")]
    [InlineData("institution-admin", null, "/manage")]
    [InlineData("institution-admin", "/catalog", "/catalog")]
    [InlineData("learner", "/manage/achievements", "/manage/achievements")]
    public async Task A_fresh_sign_in_lands_staff_on_their_workspace_and_learners_on_their_backpack(string persona, string? returnUrl, string expected)
    {
        using var client = host.CreateClient();
        var page = await client.GetStringAsync("/account/sign-in", Ct);
        var form = new Dictionary<string, string> { ["persona"] = persona, ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(page) };
        if (returnUrl is not null) form["returnUrl"] = returnUrl;
        using var response = await client.PostAsync("/account/sign-in?handler=Demo", new FormUrlEncodedContent(form), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    private async Task<List<string>> NavAsync(string persona)
    {
        using var client = await host.SignInAsDemoAsync(persona);
        var html = await client.GetStringAsync("/manage/achievements?culture=en", Ct);
        var nav = NavPattern().Match(html);
        Assert.True(nav.Success, $"{persona}: no staff navigation");
        return ManageLinks(nav.Value);
    }

    private static List<string> ManageLinks(string html) =>
        [.. HrefPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct()];

    [GeneratedRegex(@"href=""(/manage[^""#]*)""")]
    private static partial Regex HrefPattern();

    [GeneratedRegex(@"<nav class=""manage-nav""[\s\S]*?</nav>")]
    private static partial Regex NavPattern();
}

public sealed class StaffWorkspaceTestsOnSqlite(SqliteHost host) : StaffWorkspaceTests(host), IClassFixture<SqliteHost>;

public sealed class StaffWorkspaceTestsOnPostgres(PostgresHost host) : StaffWorkspaceTests(host), IClassFixture<PostgresHost>;
