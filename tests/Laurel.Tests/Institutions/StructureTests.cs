using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Institutions;

/// <summary>Faculties and issuers: create, edit, archive and unarchive through the pages, with images checked and every change audited.</summary>
public abstract class StructureTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private async Task<Guid> CreateFacultyAsync(HttpClient admin, Guid institutionId, string name)
    {
        var response = await admin.PostFormAsync($"/manage/institutions/{institutionId}/faculties",
            new() { ["NameNl"] = name, ["NameEn"] = name + " (en)", ["OnBehalfOf"] = "Consortium Noord", ["LinkedInOrganizationId"] = "123" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await host.QueryAsync(db => db.Faculties.Where(f => f.NameNl == name).Select(f => f.Id).SingleAsync(Ct));
    }

    private static async Task<HttpResponseMessage> PostIssuerAsync(HttpClient client, string path, Dictionary<string, string> fields, byte[]? image = null, string fileName = "logo.svg")
    {
        var content = new MultipartFormDataContent();
        fields["__RequestVerificationToken"] = await client.TokenAsync();
        foreach (var (key, value) in fields) content.Add(new StringContent(value), key);
        if (image is not null)
        {
            var file = new ByteArrayContent(image);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, "Image", fileName);
        }
        return await client.PostAsync(path, content, Ct);
    }

    [Fact]
    public async Task Institution_admin_creates_and_edits_a_faculty_and_both_are_audited()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var id = await CreateFacultyAsync(admin, tree.Uu, "Faculteit Geesteswetenschappen");
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/manage/institutions/{tree.Uu}", Ct));
        Assert.Contains("Faculteit Geesteswetenschappen", page);
        Assert.Contains("namens Consortium Noord", page);

        var edit = await admin.PostFormAsync($"/manage/institutions/{tree.Uu}/faculties/{id}", new() { ["NameNl"] = "Faculteit Geesteswetenschappen", ["NameEn"] = "Faculty of Humanities" });
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        var entries = await host.QueryAsync(db => db.AuditEntries.Where(a => a.EntityId == id).OrderBy(a => a.At).ToListAsync(Ct));
        Assert.Equal(["faculty.created", "faculty.updated"], entries.Select(e => e.Action));
        Assert.Contains("Faculty of Humanities", entries[1].Details);
        Assert.Contains("Faculteit Geesteswetenschappen (en)", entries[1].Details);
    }

    [Fact]
    public async Task Faculty_form_reports_every_problem()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var response = await admin.PostFormAsync($"/manage/institutions/{tree.Uu}/faculties?culture=en", new() { ["NameNl"] = "", ["NameEn"] = new string('x', 201), ["LinkedInOrganizationId"] = "abc" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Name (Dutch) is required.", html);
        Assert.Contains("Name (English) may be at most 200 characters.", html);
        Assert.Contains("The LinkedIn organisation id consists of digits only.", html);
    }

    [Fact]
    public async Task Archived_faculty_is_hidden_by_default_and_its_issuers_are_no_longer_active()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var facultyId = await CreateFacultyAsync(admin, tree.Uu, "Faculteit Archief");
        var created = await PostIssuerAsync(admin, $"/manage/faculties/{facultyId}/issuers", new() { ["NameNl"] = "Archiefuitgever", ["NameEn"] = "Archive issuer" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var issuerId = await host.QueryAsync(db => db.Issuers.Where(i => i.NameNl == "Archiefuitgever").Select(i => i.Id).SingleAsync(Ct));
        Assert.True(await IsActiveAsync(issuerId));

        var archive = await admin.PostFormAsync($"/manage/institutions/{tree.Uu}/faculties/{facultyId}?handler=Archive", []);
        Assert.Equal(HttpStatusCode.Redirect, archive.StatusCode);
        Assert.DoesNotContain($"data-faculty=\"{facultyId}\"", await admin.GetStringAsync($"/manage/institutions/{tree.Uu}", Ct));
        Assert.Contains($"data-faculty=\"{facultyId}\"", await admin.GetStringAsync($"/manage/institutions/{tree.Uu}?archived=true", Ct));
        Assert.False(await IsActiveAsync(issuerId));
        // An archived faculty receives no new issuers.
        var refused = await PostIssuerAsync(admin, $"/manage/faculties/{facultyId}/issuers", new() { ["NameNl"] = "Te laat", ["NameEn"] = "Too late" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        var unarchive = await admin.PostFormAsync($"/manage/institutions/{tree.Uu}/faculties/{facultyId}?handler=Unarchive", []);
        Assert.Equal(HttpStatusCode.Redirect, unarchive.StatusCode);
        Assert.True(await IsActiveAsync(issuerId));
        var actions = await host.QueryAsync(db => db.AuditEntries.Where(a => a.EntityId == facultyId).OrderBy(a => a.At).Select(a => a.Action).ToListAsync(Ct));
        Assert.Equal(["faculty.created", "faculty.archived", "faculty.unarchived"], actions);
    }

    [Fact]
    public async Task Faculty_admin_creates_and_archives_an_issuer_with_a_sanitized_svg()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var facultyAdmin = await host.SignInAsDemoAsync("faculty-admin");
        var svg = """<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><circle r="4" fill="green"/></svg>""";
        var response = await PostIssuerAsync(facultyAdmin, $"/manage/faculties/{tree.Science}/issuers", new()
        {
            ["NameNl"] = "Wiskunde", ["NameEn"] = "Mathematics", ["DescriptionNl"] = "Wiskunde", ["Url"] = "https://www.uu.nl/wiskunde", ["Email"] = "wiskunde@uu.example",
        }, Encoding.UTF8.GetBytes(svg));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var issuer = await host.QueryAsync(db => db.Issuers.AsNoTracking().SingleAsync(i => i.NameNl == "Wiskunde", Ct));
        Assert.Equal("image/svg+xml", issuer.ImageContentType);
        var stored = Encoding.UTF8.GetString(issuer.Image!);
        Assert.Contains("<circle", stored);
        Assert.DoesNotContain("script", stored);
        Assert.DoesNotContain("onload", stored);

        // Staff of the issuer see the sanitized image; someone without a role there does not.
        var served = await facultyAdmin.GetAsync($"/manage/issuers/{issuer.Id}/image", Ct);
        Assert.Equal("image/svg+xml", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(stored, await served.Content.ReadAsStringAsync(Ct));
        using (var learner = await host.SignInAsDemoAsync("learner"))
            Assert.Equal(HttpStatusCode.Forbidden, (await learner.GetAsync($"/manage/issuers/{issuer.Id}/image", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await facultyAdmin.GetAsync($"/manage/issuers/{tree.Informatica}/image", Ct)).StatusCode);

        var archive = await facultyAdmin.PostFormAsync($"/manage/faculties/{tree.Science}/issuers/{issuer.Id}?handler=Archive", []);
        Assert.Equal(HttpStatusCode.Redirect, archive.StatusCode);
        Assert.False(await IsActiveAsync(issuer.Id));
        var actions = await host.QueryAsync(db => db.AuditEntries.Where(a => a.EntityId == issuer.Id).OrderBy(a => a.At).Select(a => a.Action).ToListAsync(Ct));
        Assert.Equal(["issuer.created", "issuer.archived"], actions);
    }

    [Fact]
    public async Task Issuer_form_checks_images_by_content_and_reports_every_field()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        byte[] brokenPng = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26];
        var response = await PostIssuerAsync(admin, $"/manage/faculties/{tree.Science}/issuers?culture=en",
            new() { ["NameNl"] = "", ["NameEn"] = "Broken", ["Url"] = "javascript:alert(1)", ["Email"] = "not-an-address" }, brokenPng, "logo.png");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Name (Dutch) is required.", html);
        Assert.Contains("The website must be a full address starting with https:// or http://, without spaces", html);
        Assert.Contains("E-mail address is not a valid e-mail address.", html);
        Assert.Contains("The PNG file is damaged or not a valid image.", html);

        var doctype = await PostIssuerAsync(admin, $"/manage/faculties/{tree.Science}/issuers?culture=en", new() { ["NameNl"] = "X", ["NameEn"] = "X" },
            Encoding.UTF8.GetBytes("""<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "boom">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>"""));
        Assert.Contains("SVG files with a DOCTYPE are not accepted.", WebUtility.HtmlDecode(await doctype.Content.ReadAsStringAsync(Ct)));
        var gif = await PostIssuerAsync(admin, $"/manage/faculties/{tree.Science}/issuers?culture=en", new() { ["NameNl"] = "X", ["NameEn"] = "X" }, "GIF89a"u8.ToArray(), "logo.svg");
        Assert.Contains("The image must be a PNG or SVG file.", WebUtility.HtmlDecode(await gif.Content.ReadAsStringAsync(Ct)));
        var tooLarge = await PostIssuerAsync(admin, $"/manage/faculties/{tree.Science}/issuers?culture=en", new() { ["NameNl"] = "X", ["NameEn"] = "X" }, new byte[UploadedImage.MaxBytes + 1], "big.png");
        Assert.Contains("The image may be at most 2 MB.", WebUtility.HtmlDecode(await tooLarge.Content.ReadAsStringAsync(Ct)));
        Assert.False(await host.QueryAsync(db => db.Issuers.AnyAsync(i => i.NameEn == "Broken" || i.NameNl == "X", Ct)));

        var png = await PostIssuerAsync(admin, $"/manage/faculties/{tree.Science}/issuers", new() { ["NameNl"] = "Pixel", ["NameEn"] = "Pixel" }, Convert.FromBase64String(OnePixelPng), "pixel.png");
        Assert.Equal(HttpStatusCode.Redirect, png.StatusCode);
        Assert.Equal("image/png", await host.QueryAsync(db => db.Issuers.Where(i => i.NameNl == "Pixel").Select(i => i.ImageContentType).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Audit_trail_is_newest_first_and_filters_by_action()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        await CreateFacultyAsync(admin, tree.Uu, "Faculteit Audit Een");
        await CreateFacultyAsync(admin, tree.Uu, "Faculteit Audit Twee");
        var html = await admin.GetStringAsync($"/manage/institutions/{tree.Uu}/audit?culture=en", Ct);
        Assert.Contains("Hans Visser", html);
        Assert.True(html.IndexOf("Faculteit Audit Twee", StringComparison.Ordinal) < html.IndexOf("Faculteit Audit Een", StringComparison.Ordinal));
        // Another institution's entries never show here, and the filter keeps only the chosen action.
        var filtered = await admin.GetStringAsync($"/manage/institutions/{tree.Uu}/audit?filter=faculty.created", Ct);
        Assert.Contains("data-action=\"faculty.created\"", filtered);
        Assert.DoesNotContain("data-action=\"institution.updated\"", filtered);
        Assert.DoesNotContain("data-action=\"staff.added\"", filtered);
    }

    private Task<bool> IsActiveAsync(Guid issuerId) => host.QueryAsync(async db => await new IssuerDirectory(db).IsActiveAsync(issuerId, Ct));
}

public sealed class StructureTestsOnSqlite(SqliteHost host) : StructureTests(host), IClassFixture<SqliteHost>;

public sealed class StructureTestsOnPostgres(PostgresHost host) : StructureTests(host), IClassFixture<PostgresHost>;
