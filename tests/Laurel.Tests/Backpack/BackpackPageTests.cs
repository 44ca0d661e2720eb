using System.Net;
using System.Text.RegularExpressions;
using Laurel.Features.Awards;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Backpack;

/// <summary>/backpack: every credential of the learner across institutions and imports, every state, filter and sort.</summary>
public abstract partial class BackpackPageTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("<li class=\"backpack-item\" id=\"(?:award|import)-([0-9a-f-]{36})\"")]
    private static partial Regex ItemPattern();

    private static List<Guid> ItemsOf(string html) => ItemPattern().Matches(html).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();

    [Fact]
    public async Task Every_state_is_shown_with_its_reason_and_imports_are_labelled()
    {
        var learnerId = await host.DemoLearnerIdAsync();
        var issued = await host.CreateAwardAsync();
        var awaiting = await host.AwardInStateAsync(AwardState.AwaitingClaim);
        var suspended = await host.AwardInStateAsync(AwardState.Suspended, reason: "Under investigation by the exam board");
        var declined = await host.AwardInStateAsync(AwardState.Declined);
        var revoked = await host.AwardInStateAsync(AwardState.Revoked, reason: "Issued to the wrong student");
        var expired = await host.AwardInStateAsync(AwardState.Expired);
        var imported = await host.ImportAsync(learnerId);
        var someoneElses = await host.ImportAsync(await host.OtherLearnerIdAsync(), name: "Not yours");

        using var learner = await host.SignInAsDemoAsync("learner");
        var page = await learner.PageAsync("/backpack?culture=en");
        foreach (var (id, state) in new[] { (issued, "Issued"), (awaiting, "AwaitingClaim"), (suspended, "Suspended"), (declined, "Declined"), (revoked, "Revoked"), (expired, "Expired") })
            Assert.Matches($"id=\"award-{id}\" data-state=\"{state}\"", page);
        Assert.Contains("Under investigation by the exam board", page);
        Assert.Contains("Issued to the wrong student", page);
        Assert.Matches($"id=\"import-{imported}\" data-state=\"Issued\" data-imported=\"true\"", page);
        Assert.Contains($"href=\"/backpack/imports/{imported}\"", page);
        Assert.Contains("Imported", page);
        Assert.DoesNotContain(someoneElses.ToString(), page);
        foreach (var label in new[] { "In backpack", "Awaiting claim", "Suspended", "Declined", "Revoked", "Expired" }) Assert.Contains(label, page);
        // Counts per state: the revoked link counts what the list holds.
        var revokedCount = ItemsOf(await learner.PageAsync("/backpack?state=Revoked")).Count;
        Assert.Matches($"data-state=\"Revoked\"[^>]*><span class=\"state-badge state-revoked\">Revoked</span> <span class=\"count\">{revokedCount}</span>", page);

        var dutch = await learner.PageAsync("/backpack?culture=nl");
        Assert.Contains("Geïmporteerd", dutch);
        Assert.Contains("Wacht op accepteren", dutch);
    }

    [Fact]
    public async Task Filters_narrow_the_list_and_sort_orders_it_without_javascript()
    {
        var learnerId = await host.DemoLearnerIdAsync();
        var utrecht = await host.CreateAwardAsync(new AwardSpec { Achievement = "Data Literacy for Professionals" });
        var delft = await host.CreateAwardAsync(new AwardSpec { Achievement = "Solar Energy Systems" });
        var revoked = await host.AwardInStateAsync(AwardState.Revoked, reason: "Mistake");
        var imported = await host.ImportAsync(learnerId, name: "Aardrijkskunde voor iedereen", type: "Course");
        using var learner = await host.SignInAsDemoAsync("learner");

        var byState = ItemsOf(await learner.PageAsync("/backpack?state=Revoked"));
        Assert.Contains(revoked, byState);
        Assert.DoesNotContain(utrecht, byState);

        var byInstitution = ItemsOf(await learner.PageAsync("/backpack?institution=tudelft"));
        Assert.Contains(delft, byInstitution);
        Assert.DoesNotContain(utrecht, byInstitution);
        Assert.DoesNotContain(imported, byInstitution);

        var onlyImported = ItemsOf(await learner.PageAsync("/backpack?source=imported"));
        Assert.Contains(imported, onlyImported);
        Assert.DoesNotContain(delft, onlyImported);
        var onlyLaurel = ItemsOf(await learner.PageAsync("/backpack?source=laurel"));
        Assert.Contains(delft, onlyLaurel);
        Assert.DoesNotContain(imported, onlyLaurel);

        var microCredentials = ItemsOf(await learner.PageAsync("/backpack?kind=mc"));
        Assert.Contains(utrecht, microCredentials);
        Assert.DoesNotContain(imported, microCredentials);
        Assert.Contains(imported, ItemsOf(await learner.PageAsync("/backpack?kind=other")));

        // By name: "Aardrijkskunde…" comes before every demo achievement; by date the import (30 days ago) comes last.
        var byName = ItemsOf(await learner.PageAsync("/backpack?sort=name"));
        Assert.Equal(imported, byName[0]);
        var byDate = ItemsOf(await learner.PageAsync("/backpack?sort=date"));
        Assert.True(byDate.IndexOf(imported) > byDate.IndexOf(delft));
        var byInstitutionName = ItemsOf(await learner.PageAsync("/backpack?sort=institution&culture=en"));
        Assert.True(byInstitutionName.IndexOf(delft) < byInstitutionName.IndexOf(utrecht), "Delft University sorts before Utrecht University");

        var filterPage = await learner.PageAsync("/backpack?institution=tudelft&sort=name");
        Assert.Contains("<form method=\"get\" action=\"/backpack\"", filterPage);
        Assert.Matches("<option value=\"tudelft\" selected=\"selected\">", filterPage);
    }

    [Fact]
    public async Task Empty_backpack_points_to_the_catalog_and_to_import()
    {
        // The institution admin persona has no credentials of their own.
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var page = await admin.PageAsync("/backpack?culture=en");
        Assert.Contains("You have no badges yet.", page);
        Assert.Contains("href=\"/catalog\"", page);
        Assert.Contains("href=\"/backpack/imports\"", page);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_for_every_backpack_page()
    {
        using var anonymous = host.CreateClient();
        var awardId = await host.CreateAwardAsync();
        foreach (var url in new[] { "/backpack", $"/backpack/badges/{awardId}", "/backpack/collections", "/backpack/collections/new", $"/backpack/collections/{Guid.NewGuid()}" })
        {
            var response = await anonymous.GetAsync(url, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, url);
            Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery);
        }
    }
}

public sealed class BackpackPageTestsOnSqlite(SqliteHost host) : BackpackPageTests(host), IClassFixture<SqliteHost>;

public sealed class BackpackPageTestsOnPostgres(PostgresHost host) : BackpackPageTests(host), IClassFixture<PostgresHost>;
