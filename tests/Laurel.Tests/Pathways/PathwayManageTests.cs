using System.Net;
using Laurel.Features.Pathways;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Pathways;

/// <summary>Staff define, change, publish and archive pathways; every change is audited; every role is checked on the server.</summary>
public abstract class PathwayManageTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<KeyValuePair<string, string>> Form(Guid uuItem, Guid delftItem, Guid? completion, string status = "published") =>
    [
        new("Input.NameNl", "Duurzame data"), new("Input.NameEn", "Sustainable data"), new("Input.DescriptionNl", "Twee instellingen."),
        new("Input.DescriptionEn", "Two institutions."), new("Input.Status", status),
        new("Input.Items[0].AchievementId", uuItem.ToString()), new("Input.Items[0].Required", "true"),
        new("Input.Items[1].AchievementId", delftItem.ToString()),
        new("Input.Items[2].ExternalUrl", "https://badges.other.example/achievements/ai-ethics"), new("Input.Items[2].Label", "AI ethics (elsewhere)"),
        new("Input.Items[2].AcceptedIssuers", " did:web:badges.other.example\r\nOther.Example \n"),
        new("Input.MinItems", "2"), new("Input.MinCredits", "7,5"), new("Input.MinEqfLevel", "6"),
        new("Input.CompletionAchievementId", completion?.ToString() ?? ""),
    ];

    private async Task<Guid> CreateThroughPageAsync(HttpClient staff, Guid uuItem, Guid delftItem, Guid? completion)
    {
        var uu = await host.InstitutionIdAsync("uu");
        var response = await staff.PostFormAsync($"/manage/pathways/new?institution={uu}", Form(uuItem, delftItem, completion));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        return Guid.Parse(location.Split('/')[3]);
    }

    [Fact]
    public async Task Issuer_admin_defines_a_pathway_across_institutions_and_the_public_page_shows_it()
    {
        var uuItem = await host.NewAchievementAsync();
        var delftItem = await host.NewDelftAchievementAsync();
        var completion = await host.NewCompletionAchievementAsync();
        using var staff = await host.SignInAsDemoAsync("issuer-admin");
        var form = await staff.GetStringAsync($"/manage/pathways/new?institution={await host.InstitutionIdAsync("uu")}", Ct);
        var pathwayForm = form[form.IndexOf("id=\"pathway-form\"", StringComparison.Ordinal)..];
        Assert.Contains("__RequestVerificationToken", pathwayForm[..pathwayForm.IndexOf("</form>", StringComparison.Ordinal)]);
        var id = await CreateThroughPageAsync(staff, uuItem, delftItem, completion);

        var stored = await host.DbAsync(db => db.Pathways.Include(p => p.Items).AsNoTracking().SingleAsync(p => p.Id == id, Ct));
        Assert.Equal((PathwayStatus.Published, 2, 7.5m, 6, completion), (stored.Status, stored.MinItems!.Value, stored.MinCredits!.Value, stored.MinEqfLevel!.Value, stored.CompletionAchievementId!.Value));
        Assert.Equal(3, stored.Items.Count);
        Assert.True(stored.Items.Single(i => i.AchievementId == uuItem).Required);
        Assert.Equal(["did:web:badges.other.example", "other.example"], stored.Items.Single(i => i.ExternalUrl != null).AcceptedIssuers);
        Assert.True(await host.DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityId == id && e.Action == "pathway.created" && e.ActorName == "Iris Jansen", Ct)));

        using var anonymous = host.CreateClient();
        var en = await anonymous.GetStringAsync($"/pathways/{id}?culture=en", Ct);
        Assert.Contains("Sustainable data", en);
        Assert.Contains("At least 2 of these 3 items", en);
        Assert.Contains("At least 7.5 EC in total", en);
        Assert.Contains("At least 1 item(s) at EQF level 6 or higher", en);
        Assert.Contains("Delft University of Technology", en);
        Assert.Contains("AI ethics (elsewhere)", en);
        Assert.Contains("Counts when issued by: did:web:badges.other.example, other.example (and its subdomains)", en);
        Assert.Contains($"/catalog/{completion}", en);
        var nl = await anonymous.GetStringAsync($"/pathways/{id}?culture=nl", Ct);
        Assert.Contains("Minimaal 7,5 EC in totaal", nl);
        Assert.Contains("Duurzame data", await anonymous.GetStringAsync("/pathways?q=duurzame", Ct));
        Assert.DoesNotContain("Duurzame data", await anonymous.GetStringAsync("/pathways?institution=tudelft", Ct));
        var json = System.Text.Json.Nodes.JsonNode.Parse(await anonymous.GetStringAsync($"/pathways/{id}/pathway.json", Ct))!;
        Assert.Equal("Sustainable data", (string)json["name"]!["en"]!);
        Assert.Equal(3, json["items"]!.AsArray().Count);
        Assert.Equal(2, (int)json["requirements"]!["minItems"]!);
        Assert.Equal("other.example", (string)json["items"]![2]!["acceptedIssuers"]![1]!);
        var edit = WebUtility.HtmlDecode(await staff.GetStringAsync($"/manage/pathways/{id}/edit", Ct));
        Assert.Contains("did:web:badges.other.example\nother.example</textarea>", edit);
    }

    [Fact]
    public async Task An_invalid_form_is_shown_again_with_every_problem_named()
    {
        var uu = await host.InstitutionIdAsync("uu");
        var delftItem = await host.NewDelftAchievementAsync();
        using var staff = await host.SignInAsDemoAsync("issuer-admin");
        var response = await staff.PostFormAsync($"/manage/pathways/new?institution={uu}&culture=en",
        [
            new("Input.NameNl", ""), new("Input.NameEn", "Only English"), new("Input.Status", "published"),
            new("Input.Items[0].ExternalUrl", "not-a-url"), new("Input.MinCredits", "lots"), new("Input.CompletionAchievementId", delftItem.ToString()),
        ]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("There are 5 problems to fix", html);
        Assert.Contains("href=\"#f-NameNl\"", html);
        Assert.Contains("href=\"#f-Items-0-ExternalUrl\"", html);
        Assert.Contains("Give a label for the external achievement.", html);
        Assert.Contains("Give a number, e.g. 15 or 7.5.", html);
        Assert.Contains("Choose an achievement of your own institution.", html);
        Assert.Contains("aria-describedby=\"f-NameNl-error\"", html);
        Assert.Contains("value=\"Only English\"", html);
        Assert.Equal(0, await host.DbAsync(db => db.Pathways.CountAsync(p => p.NameEn == "Only English", Ct)));
    }

    [Fact]
    public async Task Accepted_issuers_are_checked_line_by_line_with_every_problem_named()
    {
        var uu = await host.InstitutionIdAsync("uu");
        var uuItem = await host.NewAchievementAsync();
        using var staff = await host.SignInAsDemoAsync("issuer-admin");
        var response = await staff.PostFormAsync($"/manage/pathways/new?institution={uu}&culture=en",
        [
            new("Input.NameNl", "Vertrouwd"), new("Input.NameEn", "Trusted"), new("Input.Status", "published"), new("Input.MinItems", "1"),
            new("Input.Items[0].ExternalUrl", "https://badges.other.example/achievements/x"), new("Input.Items[0].Label", "X"),
            new("Input.Items[0].AcceptedIssuers", "urn:uuid:0a6c7f0e-2b1d-4c3a-9e57-1f3b2d4c5e6f\nnot an issuer\nexample.edu\nexample.edu"),
            new("Input.Items[1].AchievementId", uuItem.ToString()), new("Input.Items[1].AcceptedIssuers", "example.edu"),
        ]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("There are 4 problems to fix", html);
        Assert.Contains("href=\"#f-Items-0-AcceptedIssuers\"", html);
        Assert.Contains("Line 1 (\"urn:uuid:0a6c7f0e-2b1d-4c3a-9e57-1f3b2d4c5e6f\") is a URN", html);
        Assert.Contains("Line 2 (\"not an issuer\") is not a DID (did:…), a web address (https://…) or a domain name (example.edu).", html);
        Assert.Contains("Line 4 (\"example.edu\") repeats an earlier line.", html);
        Assert.Contains("href=\"#f-Items-1-AcceptedIssuers\"", html);
        Assert.Contains("Accepted issuers apply only to an external achievement", html);
        Assert.Equal(0, await host.DbAsync(db => db.Pathways.CountAsync(p => p.NameEn == "Trusted", Ct)));
        var dutch = WebUtility.HtmlDecode(await (await staff.PostFormAsync($"/manage/pathways/new?institution={uu}&culture=nl",
        [
            new("Input.NameNl", "Vertrouwd"), new("Input.NameEn", "Trusted"), new("Input.Status", "published"), new("Input.MinItems", "1"),
            new("Input.Items[0].ExternalUrl", "https://badges.other.example/achievements/x"), new("Input.Items[0].Label", "X"),
            new("Input.Items[0].AcceptedIssuers", "not an issuer"),
        ])).Content.ReadAsStringAsync(Ct));
        Assert.Contains("Regel 1 (\"not an issuer\") is geen DID (did:…), webadres (https://…) of domeinnaam (example.edu).", dutch);
    }

    [Fact]
    public async Task Edit_archive_and_restore_are_audited_and_archived_pathways_are_not_public()
    {
        using var staff = await host.SignInAsDemoAsync("faculty-admin");
        var id = await CreateThroughPageAsync(staff, await host.NewAchievementAsync(), await host.NewDelftAchievementAsync(), null);
        var form = Form(await host.NewAchievementAsync(), await host.NewDelftAchievementAsync(), null, status: "draft");
        form.RemoveAll(kv => kv.Key == "Input.NameEn");
        form.Add(new("Input.NameEn", "Renamed"));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"/manage/pathways/{id}/edit", form)).StatusCode);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/pathways/{id}", Ct)).StatusCode); // draft

        form.RemoveAll(kv => kv.Key == "Input.Status");
        form.Add(new("Input.Status", "published"));
        await staff.PostFormAsync($"/manage/pathways/{id}/edit", form);
        Assert.Contains("Renamed", await anonymous.GetStringAsync($"/pathways/{id}?culture=en", Ct));

        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"/manage/pathways/{id}/edit", [], handler: "Archive")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/pathways/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/pathways/{id}/pathway.json", Ct)).StatusCode);
        Assert.True(await host.DbAsync(db => db.Pathways.AnyAsync(p => p.Id == id && p.ArchivedAt != null, Ct)));
        await staff.PostFormAsync($"/manage/pathways/{id}/edit", [], handler: "Restore");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/pathways/{id}", Ct)).StatusCode);

        var actions = await host.DbAsync(db => db.AuditEntries.Where(e => e.EntityId == id).OrderBy(e => e.At).Select(e => e.Action).ToListAsync(Ct));
        Assert.Equal(["pathway.created", "pathway.updated", "pathway.updated", "pathway.archived", "pathway.restored"], actions);
    }

    [Theory]
    [InlineData("issuer-admin", HttpStatusCode.OK)]
    [InlineData("faculty-admin", HttpStatusCode.OK)]
    [InlineData("institution-admin", HttpStatusCode.OK)]
    [InlineData("awarder", HttpStatusCode.Forbidden)]
    [InlineData("viewer", HttpStatusCode.Forbidden)]
    [InlineData("learner", HttpStatusCode.Forbidden)]
    [InlineData("tud-admin", HttpStatusCode.Forbidden)]
    public async Task Only_issuer_admins_and_higher_of_the_owning_institution_manage_its_pathways(string persona, HttpStatusCode expected)
    {
        await host.EnsureOtherInstitutionAdminAsync();
        var uu = await host.InstitutionIdAsync("uu");
        var id = await host.NewPathwayAsync([], ["https://badges.other.example/a/" + Guid.NewGuid()], minItems: 1);
        using var client = await host.SignInAsDemoAsync(persona);
        Assert.Equal(expected, (await client.GetAsync($"/manage/pathways/new?institution={uu}", Ct)).StatusCode);
        Assert.Equal(expected, (await client.GetAsync($"/manage/pathways/{id}/edit", Ct)).StatusCode);

        // Posts are refused on the server too, whatever the page showed.
        var token = LaurelHost.AntiforgeryToken(await client.GetStringAsync("/", Ct));
        var archive = await client.PostAsync($"/manage/pathways/{id}/edit?handler=Archive",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), Ct);
        Assert.Equal(expected == HttpStatusCode.OK ? HttpStatusCode.Redirect : HttpStatusCode.Forbidden, archive.StatusCode);
        var create = await client.PostAsync($"/manage/pathways/new?institution={uu}",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Input.NameNl", "x"), new("Input.NameEn", "x")]), Ct);
        Assert.Equal(expected == HttpStatusCode.OK ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK, await host.DbAsync(db => db.Pathways.AnyAsync(p => p.Id == id && p.ArchivedAt != null, Ct)));
    }

    [Fact]
    public async Task Staff_list_shows_own_institution_only_and_unknown_ids_give_404()
    {
        await host.EnsureOtherInstitutionAdminAsync();
        var id = await host.NewPathwayAsync([], ["https://badges.other.example/a/" + Guid.NewGuid()], minItems: 1);
        var name = await host.DbAsync(db => db.Pathways.Where(p => p.Id == id).Select(p => p.NameNl).SingleAsync(Ct));
        using var uuAdmin = await host.SignInAsDemoAsync("institution-admin");
        Assert.Contains(name, await uuAdmin.GetStringAsync("/manage/pathways", Ct));
        using var delft = await host.SignInAsDemoAsync("tud-admin");
        Assert.DoesNotContain(name, await delft.GetStringAsync("/manage/pathways", Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await uuAdmin.GetAsync($"/manage/pathways/{Guid.NewGuid()}/edit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await uuAdmin.GetAsync($"/manage/pathways/new?institution={Guid.NewGuid()}", Ct)).StatusCode);
        using var viewer = await host.SignInAsDemoAsync("viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/manage/pathways", Ct)).StatusCode);
        using var anonymous = host.CreateClient();
        var challenge = await anonymous.GetAsync("/manage/pathways", Ct);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/pathways/{Guid.NewGuid()}", Ct)).StatusCode);
    }
}

public sealed class PathwayManageTestsOnSqlite(SqliteHost host) : PathwayManageTests(host), IClassFixture<SqliteHost>;

public sealed class PathwayManageTestsOnPostgres(PostgresHost host) : PathwayManageTests(host), IClassFixture<PostgresHost>;
