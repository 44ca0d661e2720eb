using System.Net;
using System.Net.Http.Headers;
using Laurel.Features.Achievements;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Achievements;

/// <summary>Who may define what: staff rights per persona, institution settings, and upload limits.</summary>
public abstract class AchievementAccessTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Guid> DelftDefinitionAsync() =>
        host.DbAsync(db => db.Achievements.Where(a => a.Name == "Solar Energy Systems").Select(a => a.Id).FirstAsync(Ct));

    private Task<Guid> UtrechtDefinitionAsync() =>
        host.DbAsync(db => db.Achievements.Where(a => a.Name == "Data Literacy for Professionals").Select(a => a.Id).FirstAsync(Ct));

    [Theory]
    [InlineData("awarder")]
    [InlineData("viewer")]
    public async Task Awarders_and_viewers_may_view_but_not_create_or_change(string persona)
    {
        using var client = await host.SignInAsDemoAsync(persona);
        var issuer = await host.UtrechtIssuerAsync();
        var id = await UtrechtDefinitionAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/manage/issuers/{issuer}/achievements/new", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/manage/achievements/{id}/edit", Ct)).StatusCode);
        var details = await client.GetAsync($"/manage/achievements/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);
        var html = await details.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Je kunt deze definitie bekijken maar niet wijzigen.", html);
        Assert.DoesNotContain("?handler=Publish", html);

        var token = LaurelHost.AntiforgeryToken(html);
        foreach (var url in new[] { $"/manage/issuers/{issuer}/achievements/new", $"/manage/achievements/{id}/edit",
                     $"/manage/achievements/{id}?handler=Unpublish", $"/manage/achievements/{id}?handler=Archive", $"/manage/achievements/{id}?handler=Copy" })
        {
            var post = await client.PostAsync(url, new FormUrlEncodedContent([.. AchievementTestKit.ValidForm("Sneaky " + persona), new("__RequestVerificationToken", token)]), Ct);
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }
        Assert.Equal(0, await host.CountNamedAsync("Sneaky " + persona));
        Assert.Equal(AchievementStatus.Published, (await host.AchievementAsync(id)).Status);
    }

    [Fact]
    public async Task A_Utrecht_issuer_admin_cannot_touch_Delft_definitions()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var delftIssuer = await host.DelftIssuerAsync();
        var delft = await DelftDefinitionAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/manage/issuers/{delftIssuer}/achievements/new", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/manage/achievements/{delft}/edit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/manage/achievements/{delft}", Ct)).StatusCode);
        var token = LaurelHost.AntiforgeryToken(await client.GetStringAsync("/account/sign-in", Ct));
        var unpublish = await client.PostAsync($"/manage/achievements/{delft}?handler=Unpublish",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, unpublish.StatusCode);
        Assert.Equal(AchievementStatus.Published, (await host.AchievementAsync(delft)).Status);
        Assert.DoesNotContain("Solar Energy Systems", await client.GetStringAsync("/manage/achievements", Ct));
    }

    [Fact]
    public async Task Higher_roles_inherit_the_right_to_manage()
    {
        using var faculty = await host.SignInAsDemoAsync("faculty-admin");
        var id = await faculty.CreateThroughFormAsync(await host.UtrechtIssuerAsync(), AchievementTestKit.ValidForm(AchievementTestKit.Unique("By faculty admin")));
        using var institution = await host.SignInAsDemoAsync("institution-admin");
        Assert.Equal(HttpStatusCode.Redirect, (await institution.ActAsync(id, "Publish")).StatusCode);
    }

    [Theory]
    [InlineData("/manage/achievements")]
    [InlineData("/manage/issuers/00000000-0000-0000-0000-000000000001/achievements/new")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string url)
    {
        var response = await host.CreateClient().GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery());
    }

    [Fact]
    public async Task Unknown_issuer_or_definition_is_not_found_for_staff()
    {
        using var client = await host.SignInAsDemoAsync("institution-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/manage/issuers/{Guid.NewGuid()}/achievements/new", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/manage/achievements/{Guid.NewGuid()}/edit", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_institution_without_micro_credentials_cannot_define_one()
    {
        var issuerId = await host.DbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var institution = new Institution
            {
                Id = Guid.CreateVersion7(), Slug = "hsx" + Random.Shared.Next(1000), NameNl = "Hogeschool Zonder MC", NameEn = "College Without MC",
                Identifier = $"hsx{Guid.NewGuid():N}.nl", Type = InstitutionType.HBO, MicroCredentialsEnabled = false, CreatedAt = now,
            };
            var faculty = new Faculty { Id = Guid.CreateVersion7(), InstitutionId = institution.Id, NameNl = "Techniek", NameEn = "Engineering", CreatedAt = now };
            var issuer = new Issuer { Id = Guid.CreateVersion7(), FacultyId = faculty.Id, NameNl = "Werktuigbouw", NameEn = "Mechanical Engineering", CreatedAt = now };
            var admin = await db.LinkedIdentities.Where(i => i.Provider == "demo" && i.Subject == "institution-admin").Select(i => i.PersonId).SingleAsync(Ct);
            db.AddRange(institution, faculty, issuer, new StaffMembership
            {
                Id = Guid.CreateVersion7(), PersonId = admin, Role = StaffRole.InstitutionAdmin, Level = ScopeLevel.Institution,
                ScopeId = institution.Id, InstitutionId = institution.Id, CreatedAt = now, AcceptedAt = now,
            });
            await db.SaveChangesAsync(Ct);
            return issuer.Id;
        });
        using var client = await host.SignInAsDemoAsync("institution-admin");
        var url = $"/manage/issuers/{issuerId}/achievements/new";
        Assert.DoesNotContain("value=\"MicroCredential\"", await client.GetStringAsync(url, Ct));

        var name = AchievementTestKit.Unique("Not allowed");
        var response = await client.PostFormAsync(url, AchievementTestKit.ValidForm(name));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Hogeschool Zonder MC mag geen microcredentials uitgeven", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(0, await host.CountNamedAsync(name));

        var regular = AchievementTestKit.ValidForm(name).With("Input.Kind", "Regular");
        await client.CreateThroughFormAsync(issuerId, regular);
        Assert.Equal(1, await host.CountNamedAsync(name));
    }

    [Fact]
    public async Task An_image_over_two_megabytes_is_refused_and_nothing_is_saved()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var name = AchievementTestKit.Unique("Big image");
        var big = new byte[AchievementImage.MaxBytes + 500_000];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(big, 0);

        var response = await PostWithImageAsync(client, name, big, "big.png");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("De afbeelding is groter dan 2 MB", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(0, await host.CountNamedAsync(name));
    }

    [Fact]
    public async Task A_small_PNG_is_stored_and_served_once_published_while_an_SVG_with_entities_is_refused()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var svg = "<!DOCTYPE svg [<!ENTITY x \"boom\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>"u8.ToArray();
        var refused = await PostWithImageAsync(client, AchievementTestKit.Unique("Evil svg"), svg, "evil.svg");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        var response = await PostWithImageAsync(client, AchievementTestKit.Unique("Small image"), png, "badge.png");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = AchievementTestKit.IdFromLocation(response);
        using var visitor = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/catalog/{id}/image", Ct)).StatusCode); // still a draft
        await client.ActAsync(id, "Publish");
        var image = await visitor.GetAsync($"/catalog/{id}/image", Ct);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await image.Content.ReadAsByteArrayAsync(Ct));
    }

    private async Task<HttpResponseMessage> PostWithImageAsync(HttpClient client, string name, byte[] bytes, string fileName)
    {
        var url = $"/manage/issuers/{await host.UtrechtIssuerAsync()}/achievements/new";
        var token = LaurelHost.AntiforgeryToken(await client.GetStringAsync(url, Ct));
        var content = new MultipartFormDataContent();
        foreach (var (key, value) in AchievementTestKit.ValidForm(name)) content.Add(new StringContent(value), key);
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "Image", fileName);
        return await client.PostAsync(url, content, Ct);
    }
}

internal static class UriExtensions
{
    public static string PathAndQuery(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}

public sealed class AchievementAccessTestsOnSqlite(SqliteHost host) : AchievementAccessTests(host), IClassFixture<SqliteHost>;

public sealed class AchievementAccessTestsOnPostgres(PostgresHost host) : AchievementAccessTests(host), IClassFixture<PostgresHost>;
