using System.Net;
using Laurel.Features.Achievements;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Achievements;

/// <summary>Staff define, version and publish definitions through the pages; the catalog shows only published ones.</summary>
public abstract class AchievementPagesTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Missing_fields_show_every_error_in_Dutch_and_nothing_is_saved()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var issuer = await host.UtrechtIssuerAsync();
        var before = await host.DbAsync(db => db.Achievements.CountAsync(Ct));

        var response = await client.PostFormAsync($"/manage/issuers/{issuer}/achievements/new", [new("Input.Kind", "MicroCredential")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        foreach (var message in new[] { "Vul een naam in.", "Vul een beschrijving in.", "Vul de criteria in", "Vul de leeruitkomsten in",
                     "Kies de taal.", "Kies het EQF-niveau", "Vul de studielast in.", "Kies minstens één soort toetsing",
                     "Kies minstens één vorm van deelname.", "Kies hoe er toezicht is", "Geef aan of de identiteit",
                     "Vul de naam van het kwaliteitskader in.", "Vul het webadres van het kwaliteitskader in." })
            Assert.Contains(message, WebUtility.HtmlDecode(html));
        Assert.Contains("<a href=\"#f-Name\">", html); // the summary links to the field
        Assert.Contains("aria-describedby=\"f-Name-error\"", html);
        Assert.Equal(before, await host.DbAsync(db => db.Achievements.CountAsync(Ct)));
    }

    [Fact]
    public async Task Missing_fields_show_every_error_in_English_when_asked()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var issuer = await host.UtrechtIssuerAsync();
        var url = $"/manage/issuers/{issuer}/achievements/new?culture=en";

        var response = await client.PostFormAsync(url, [new("Input.Kind", "MicroCredential"), new("Input.Name", "Only a name")]);

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        foreach (var message in new[] { "Enter a description.", "Enter the criteria", "Enter the learning outcomes", "Choose the EQF level",
                     "Enter the study load.", "Choose at least one type of assessment", "Choose at least one form of participation." })
            Assert.Contains(message, html);
        Assert.DoesNotContain("Enter a name.", html);
        Assert.Contains("value=\"Only a name\"", html); // what was typed is kept
        Assert.Equal(0, await host.CountNamedAsync("Only a name"));
    }

    [Fact]
    public async Task New_form_is_prefilled_with_the_sector_quality_framework()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var html = await client.GetStringAsync($"/manage/issuers/{await host.UtrechtIssuerAsync()}/achievements/new", Ct);
        Assert.Contains("value=\"Kwaliteitskader microcredentials HO\"", html);
        Assert.Contains($"value=\"{AchievementTestKit.QaUrl}\"", html);
        Assert.Contains("1–30 EC (28–840 uur)", WebUtility.HtmlDecode(html)); // UU's own policy, not the default
    }

    [Fact]
    public async Task A_valid_definition_is_a_draft_until_published_and_then_filterable_in_the_catalog()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        using var visitor = host.CreateClient();
        var name = AchievementTestKit.Unique("Catalogue Filters");
        var id = await client.CreateThroughFormAsync(await host.UtrechtIssuerAsync(), AchievementTestKit.ValidForm(name, studyLoad: "4,5"));

        var draft = await host.AchievementAsync(id);
        Assert.Equal(AchievementStatus.Draft, draft.Status);
        Assert.Equal(4.5m, draft.StudyLoad);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/catalog/{id}", Ct)).StatusCode);
        Assert.DoesNotContain($"/catalog/{id}", await visitor.GetStringAsync("/catalog?q=" + Uri.EscapeDataString(name), Ct));

        Assert.Equal(HttpStatusCode.Redirect, (await client.ActAsync(id, "Publish")).StatusCode);

        var detail = await visitor.GetStringAsync($"/catalog/{id}", Ct);
        Assert.Contains(name, detail);
        Assert.Contains("class=\"badge-mc\"", detail);
        Assert.Contains("4,5 EC (126 uur)", detail); // Dutch decimal comma
        Assert.Contains($"href=\"{AchievementTestKit.QaUrl}\"", detail);
        async Task<bool> Listed(string filters) =>
            (await visitor.GetStringAsync($"/catalog?q={Uri.EscapeDataString(name)}&{filters}", Ct)).Contains($"/catalog/{id}");
        Assert.True(await Listed("institution=uu"));
        Assert.False(await Listed("institution=tudelft"));
        Assert.True(await Listed("eqf=6"));
        Assert.False(await Listed("eqf=7"));
        Assert.True(await Listed("minEc=4.5&maxEc=5"));
        Assert.False(await Listed("minEc=5"));
        Assert.False(await Listed("maxEc=4"));
        Assert.True(await Listed("kind=micro_credential"));
        Assert.False(await Listed("kind=regular"));
        Assert.True(await Listed("language=nl"));
        Assert.False(await Listed("language=en"));
        var audited = await host.DbAsync(db => db.AuditEntries.Where(e => e.EntityId == id).Select(e => e.Action).ToListAsync(Ct));
        Assert.Equal(["achievement.created", "achievement.published"], audited.Order());
    }

    [Fact]
    public async Task Editing_a_frozen_definition_creates_a_new_draft_version_and_leaves_the_original()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var name = AchievementTestKit.Unique("Frozen");
        var id = await client.CreateAndPublishAsync(await host.UtrechtIssuerAsync(), AchievementTestKit.ValidForm(name));
        await host.DbAsync(db => db.Achievements.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.FrozenAt, DateTime.UtcNow), Ct));

        var edit = await client.GetStringAsync($"/manage/achievements/{id}/edit", Ct);
        Assert.Contains("Opslaan maakt versie 2", edit);
        var response = await client.PostFormAsync($"/manage/achievements/{id}/edit", AchievementTestKit.ValidForm(name + " v2"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var newId = AchievementTestKit.IdFromLocation(response);
        var original = await host.AchievementAsync(id);
        var version = await host.AchievementAsync(newId);
        Assert.NotEqual(id, newId);
        Assert.Equal(name, original.Name);
        Assert.Equal(AchievementStatus.Published, original.Status);
        Assert.Equal((original.LineageId, 2, id, AchievementStatus.Draft, name + " v2"),
            (version.LineageId, version.Version, version.PreviousVersionId!.Value, version.Status, version.Name));
    }

    [Fact]
    public async Task Editing_a_definition_that_is_not_frozen_changes_it_in_place()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var name = AchievementTestKit.Unique("In place");
        var id = await client.CreateThroughFormAsync(await host.UtrechtIssuerAsync(), AchievementTestKit.ValidForm(name));
        var response = await client.PostFormAsync($"/manage/achievements/{id}/edit", AchievementTestKit.ValidForm(name + " changed"));
        Assert.Equal($"/manage/achievements/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal((name + " changed", 1), ((await host.AchievementAsync(id)).Name, (await host.AchievementAsync(id)).Version));
    }

    [Fact]
    public async Task Study_load_outside_the_institution_policy_is_refused_with_the_bounds()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var name = AchievementTestKit.Unique("Too small");
        var response = await client.PostFormAsync($"/manage/issuers/{await host.UtrechtIssuerAsync()}/achievements/new",
            AchievementTestKit.ValidForm(name, studyLoad: "0,5"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("tussen 1 en 30 EC (28–840 uur)", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(0, await host.CountNamedAsync(name));
    }

    [Fact]
    public async Task Markdown_with_script_is_shown_as_harmless_text()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var name = AchievementTestKit.Unique("Script");
        var form = AchievementTestKit.ValidForm(name).With("Input.CriteriaMarkdown", "<script>alert('owned')</script> **Pass** it <img src=x onerror=alert(1)>");
        var id = await client.CreateAndPublishAsync(await host.UtrechtIssuerAsync(), form);

        var html = await host.CreateClient().GetStringAsync($"/catalog/{id}", Ct);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("onerror=alert", html.Replace("onerror=alert(1)&gt;", ""));
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("<strong>Pass</strong>", html);
    }

    [Fact]
    public async Task Catalog_hides_drafts_archived_and_unknown_definitions()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        using var visitor = host.CreateClient();
        var id = await client.CreateAndPublishAsync(await host.UtrechtIssuerAsync(), AchievementTestKit.ValidForm(AchievementTestKit.Unique("Archived")));
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/catalog/{id}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await client.ActAsync(id, "Archive")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/catalog/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/catalog/{Guid.NewGuid()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/catalog/not-an-id", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await client.ActAsync(id, "Unarchive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/catalog/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Copy_makes_a_new_independent_draft()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var name = AchievementTestKit.Unique("Original");
        var id = await client.CreateAndPublishAsync(await host.UtrechtIssuerAsync(), AchievementTestKit.ValidForm(name));
        var response = await client.ActAsync(id, "Copy");
        Assert.Contains("Er is een kopie gemaakt als nieuw concept.", await client.GetStringAsync(response.Headers.Location!.OriginalString, Ct));
        var copy = await host.AchievementAsync(AchievementTestKit.IdFromLocation(response));
        Assert.Equal(($"Kopie van {name}", AchievementStatus.Draft, 1), (copy.Name, copy.Status, copy.Version));
        Assert.NotEqual((await host.AchievementAsync(id)).LineageId, copy.LineageId);
    }

    [Fact]
    public async Task Preview_renders_on_the_server_as_a_page_and_as_a_partial()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var url = $"/manage/issuers/{await host.UtrechtIssuerAsync()}/achievements/new";
        var page = await client.PostFormAsync(url, AchievementTestKit.ValidForm("Preview **me**"), postUrl: url + "?handler=Preview");
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<html", html);
        Assert.Contains("Preview **me**", html); // the name is text, never Markdown
        Assert.Contains("<strong>portfolio</strong>", html);

        var form = await client.GetStringAsync(url, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, url + "?handler=Preview")
        {
            Content = new FormUrlEncodedContent([.. AchievementTestKit.ValidForm("Live"), new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(form))]),
        };
        request.Headers.Add("X-Preview", "partial");
        var partial = await (await client.SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("<article", partial.TrimStart());
        Assert.Equal(0, await host.CountNamedAsync("Live"));
    }
}

public sealed class AchievementPagesTestsOnSqlite(SqliteHost host) : AchievementPagesTests(host), IClassFixture<SqliteHost>;

public sealed class AchievementPagesTestsOnPostgres(PostgresHost host) : AchievementPagesTests(host), IClassFixture<PostgresHost>;
