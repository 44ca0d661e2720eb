using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Publishing.PublishingTestKit;

namespace Laurel.Tests.Publishing;

/// <summary>Public profile pages of institutions, faculties and issuers, in HTML (nl/en) and as OB 3.0 Profile JSON.</summary>
public abstract class IssuerProfileTests(LaurelHost host)
{
    private async Task<(Faculty Faculty, Issuer Issuer)> ScienceAsync() => await InScopeAsync(host, async sp =>
    {
        var db = sp.GetRequiredService<LaurelDb>();
        var issuer = await db.Issuers.AsNoTracking().Include(x => x.Faculty).SingleAsync(x => x.NameEn == "Computing Science", Ct);
        return (issuer.Faculty!, issuer);
    });

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }

    [Fact]
    public async Task Institution_page_shows_name_faculties_issuers_and_catalog_link_in_both_languages()
    {
        var (faculty, issuer) = await ScienceAsync();
        using var client = host.CreateClient();

        var nl = WebUtility.HtmlDecode(await client.GetStringAsync("/institutions/uu", Ct));
        Assert.Contains("<h1 id=\"profile-name\">Universiteit Utrecht</h1>", nl);
        Assert.Contains($"href=\"/institutions/uu/faculties/{faculty.Id}\">Faculteit Bètawetenschappen</a>", nl);
        Assert.Contains($"href=\"/issuers/{issuer.Id}\">Informatica</a>", nl);
        Assert.Contains("href=\"/catalog?institution=uu\"", nl);
        Assert.Contains("Faculteiten en uitgevers", nl);
        Assert.Contains("did:web:localhost%3A5000:institutions:uu", nl);

        var en = await client.GetStringAsync("/institutions/uu?culture=en", Ct);
        Assert.Contains("<h1 id=\"profile-name\">Utrecht University</h1>", en);
        Assert.Contains("Faculties and issuers", en);
        Assert.Contains(">Computing Science</a>", en);
    }

    [Fact]
    public async Task Institution_profile_json_is_an_OB3_Profile_identified_by_its_DID()
    {
        using var client = host.CreateClient();
        var profile = await JsonAsync(await client.GetAsync("/institutions/uu/profile.json?culture=en", Ct));

        Assert.Equal("did:web:localhost%3A5000:institutions:uu", (string?)profile["id"]);
        Assert.Equal("Profile", (string?)profile["type"]!.AsArray().Single());
        Assert.Equal("Utrecht University", (string?)profile["name"]);
        Assert.Equal("http://localhost:5000/institutions/uu", (string?)profile["url"]);
        Assert.Contains("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", profile["@context"]!.AsArray().Select(c => (string?)c));
        Assert.Contains(profile["otherIdentifier"]!.AsArray(), e => (string?)e!["identifierType"] == "ext:SCHACHomeOrganization");
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/ld+json")]
    public async Task Pages_answer_JSON_to_clients_that_ask_for_it(string mediaType)
    {
        var (faculty, issuer) = await ScienceAsync();
        using var client = host.CreateClient();
        async Task<JsonObject> Negotiated(string path)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
            return await JsonAsync(await client.SendAsync(request, Ct));
        }

        Assert.Equal("did:web:localhost%3A5000:institutions:uu", (string?)(await Negotiated("/institutions/uu"))["id"]);
        var facultyProfile = await Negotiated($"/institutions/uu/faculties/{faculty.Id}");
        Assert.Equal($"http://localhost:5000/institutions/uu/faculties/{faculty.Id}", (string?)facultyProfile["id"]);
        Assert.Equal("did:web:localhost%3A5000:institutions:uu", (string?)facultyProfile["parentOrg"]!["id"]);
        var issuerProfile = await Negotiated($"/issuers/{issuer.Id}");
        Assert.Equal($"http://localhost:5000/issuers/{issuer.Id}", (string?)issuerProfile["id"]);
        Assert.Equal(facultyProfile["id"]!.ToString(), (string?)issuerProfile["parentOrg"]!["id"]);

        Assert.Equal(facultyProfile.ToJsonString(), (await JsonAsync(await client.GetAsync($"/institutions/uu/faculties/{faculty.Id}.json", Ct))).ToJsonString());
        Assert.Equal(issuerProfile.ToJsonString(), (await JsonAsync(await client.GetAsync($"/issuers/{issuer.Id}.json", Ct))).ToJsonString());
    }

    [Fact]
    public async Task Browsers_get_HTML_even_when_they_also_accept_JSON()
    {
        using var client = host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/institutions/uu");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8");
        var response = await client.SendAsync(request, Ct);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Faculty_and_issuer_pages_link_up_the_tree_and_to_the_filtered_catalog()
    {
        var (faculty, issuer) = await ScienceAsync();
        using var client = host.CreateClient();

        var facultyPage = await client.GetStringAsync($"/institutions/uu/faculties/{faculty.Id}?culture=en", Ct);
        Assert.Contains("<h1 id=\"profile-name\">Faculty of Science</h1>", facultyPage);
        Assert.Contains($"href=\"/issuers/{issuer.Id}\">Computing Science</a>", facultyPage);
        Assert.Contains($"href=\"/catalog?institution=uu&amp;faculty={faculty.Id}\"", facultyPage);

        var issuerPage = WebUtility.HtmlDecode(await client.GetStringAsync($"/issuers/{issuer.Id}", Ct));
        Assert.Contains("<h1 id=\"profile-name\">Informatica</h1>", issuerPage);
        Assert.Contains($"href=\"/institutions/uu/faculties/{faculty.Id}\">Faculteit Bètawetenschappen</a>", issuerPage);
        Assert.Contains("href=\"/institutions/uu\">Universiteit Utrecht</a>", issuerPage);
    }

    [Fact]
    public async Task Archived_or_unknown_profiles_are_not_found()
    {
        var ids = await InScopeAsync(host, async sp =>
        {
            var db = sp.GetRequiredService<LaurelDb>();
            var now = DateTime.UtcNow;
            var archived = new Institution { Id = Guid.CreateVersion7(), Slug = "gone", NameNl = "Weg", NameEn = "Gone", Identifier = "gone.nl", CreatedAt = now, ArchivedAt = now };
            var live = await db.Institutions.SingleAsync(i => i.Slug == "uu", Ct);
            var oldFaculty = new Faculty { Id = Guid.CreateVersion7(), InstitutionId = live.Id, NameNl = "Oud", NameEn = "Old", CreatedAt = now, ArchivedAt = now };
            var liveFaculty = await db.Faculties.FirstAsync(f => f.InstitutionId == live.Id && f.ArchivedAt == null, Ct);
            var oldIssuer = new Issuer { Id = Guid.CreateVersion7(), FacultyId = liveFaculty.Id, NameNl = "Oud", NameEn = "Old", CreatedAt = now, ArchivedAt = now };
            db.AddRange(archived, oldFaculty, oldIssuer);
            await db.SaveChangesAsync(Ct);
            return (Faculty: oldFaculty.Id, Issuer: oldIssuer.Id);
        });
        using var client = host.CreateClient();

        foreach (var path in new[]
        {
            "/institutions/gone", "/institutions/gone/profile.json", "/institutions/nosuch", "/institutions/nosuch/profile.json",
            $"/institutions/uu/faculties/{ids.Faculty}", $"/institutions/uu/faculties/{ids.Faculty}.json",
            $"/issuers/{ids.Issuer}", $"/issuers/{ids.Issuer}.json", $"/issuers/{Guid.NewGuid()}",
        })
            Assert.True(HttpStatusCode.NotFound == (await client.GetAsync(path, Ct)).StatusCode, path);

        var html = await client.GetStringAsync("/institutions/uu", Ct);
        Assert.DoesNotContain(ids.Faculty.ToString(), html);
        Assert.DoesNotContain(ids.Issuer.ToString(), html);
    }
}

public sealed class IssuerProfileTestsOnSqlite(SqliteHost host) : IssuerProfileTests(host), IClassFixture<SqliteHost>;

public sealed class IssuerProfileTestsOnPostgres(PostgresHost host) : IssuerProfileTests(host), IClassFixture<PostgresHost>;
