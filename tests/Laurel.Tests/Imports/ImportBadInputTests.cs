using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Laurel.Tests.Imports;

/// <summary>Issue 6 "Done means": every kind of bad input gives a clear message, a 4xx, and stores nothing.</summary>
public abstract class ImportBadInputTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ForeignIssuer Foreign => ((IImportHost)host).Foreign;

    private async Task<HttpClient> LearnerAsync()
    {
        var client = await host.SignInAsDemoAsync("learner");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }

    /// <summary>Posts, then asserts the status, that every message shows in the error summary, and that nothing was stored.</summary>
    private async Task AssertRefusedAsync(Func<HttpClient, Task<HttpResponseMessage>> post, HttpStatusCode status, params string[] messages)
    {
        var client = await LearnerAsync();
        var before = await host.ImportCountAsync();
        var response = await post(client);
        Assert.Equal(status, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("The badge was not imported", html);
        foreach (var message in messages) Assert.Contains(message, html);
        Assert.Equal(before, await host.ImportCountAsync());
    }

    private static byte[] Corrupt(byte[] png)
    {
        // Cut off mid-chunk, as an interrupted download would, and damage the header chunk so its checksum no longer matches.
        var copy = png[..(png.Length * 2 / 3)];
        for (var i = 16; i < 29; i++) copy[i] ^= 0x5A;
        return copy;
    }

    public static TheoryData<string, string, string> WrongFiles => new()
    {
        { "pdf", "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "This is a PDF document." },
        { "jpeg", "\u00FF\u00D8\u00FF\u00E0\0\u0010JFIF\0", "This is a JPEG photo." },
        { "text", "Dear employer, I really did earn this badge.", "This file is not a badge" },
        { "json-not-a-credential", "{\"name\":\"not a badge\"}", "This is not a badge Laurel can read." },
        { "broken-json", "{\"@context\": [", "This is not a badge Laurel can read." },
    };

    [Theory]
    [MemberData(nameof(WrongFiles))]
    public Task Wrong_type_files_are_named_and_refused(string name, string content, string message) =>
        AssertRefusedAsync(c => c.ImportAsync(Encoding.Latin1.GetBytes(content), name + ".bin"), HttpStatusCode.UnprocessableEntity, message);

    [Fact]
    public Task A_verifiable_credential_that_is_not_a_badge_is_refused_although_its_signature_holds() =>
        AssertRefusedAsync(c => c.ImportJsonAsync(Foreign.Sign(new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["id"] = "urn:uuid:" + Guid.NewGuid(),
            ["type"] = new JsonArray("VerifiableCredential"),
            ["issuer"] = Foreign.Did,
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = "did:example:learner" },
        }).ToJsonString()),
            HttpStatusCode.UnprocessableEntity, "This is a verifiable credential, but not an Open Badge.");

    [Fact]
    public Task A_corrupt_png_is_refused() =>
        AssertRefusedAsync(c => c.ImportAsync(Corrupt(ForeignIssuer.BakePng(Foreign.Credential().ToJsonString())), "badge.png"),
            HttpStatusCode.UnprocessableEntity, "The PNG image is damaged and cannot be read.");

    [Fact]
    public Task A_corrupt_svg_is_refused() =>
        AssertRefusedAsync(c => c.ImportAsync(Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><g><openbadges:credential"), "badge.svg"),
            HttpStatusCode.UnprocessableEntity, "The SVG image is damaged and cannot be read.");

    [Fact]
    public Task A_png_without_a_baked_badge_is_refused() =>
        AssertRefusedAsync(c => c.ImportAsync(ForeignIssuer.PlainPng, "picture.png"), HttpStatusCode.UnprocessableEntity,
            "This PNG image contains no badge: it is only a picture.");

    [Fact]
    public Task A_credential_whose_signature_fails_is_refused_naming_the_check() =>
        AssertRefusedAsync(c =>
        {
            var credential = Foreign.Credential();
            credential["credentialSubject"]!["achievement"]!["name"] = "Brain Surgery (self-awarded)";
            return c.ImportJsonAsync(credential.ToJsonString());
        }, HttpStatusCode.UnprocessableEntity, "The badge did not pass verification, so it was not imported:", "Signature: ");

    [Fact]
    public Task A_badge_revoked_before_import_is_refused() =>
        AssertRefusedAsync(c =>
        {
            var credential = Foreign.Credential(out var index);
            Foreign.Revoke(index);
            return c.ImportJsonAsync(credential.ToJsonString());
        }, HttpStatusCode.UnprocessableEntity, "The issuer has revoked this badge, so it was not imported.");

    [Theory]
    [InlineData(6)]
    [InlineData(12)]
    public Task A_file_over_5_MB_is_refused_before_it_is_read(int megabytes) =>
        AssertRefusedAsync(c => c.ImportAsync(new byte[megabytes * 1024 * 1024], "huge.png", expectContinue: true),
            HttpStatusCode.RequestEntityTooLarge, "The file is larger than 5 MB; a badge is never that large.");

    [Fact]
    public Task A_file_just_over_5_MB_within_the_request_limit_is_refused_too() =>
        AssertRefusedAsync(c => c.ImportAsync(new byte[5 * 1024 * 1024 + 10], "big.json"),
            HttpStatusCode.BadRequest, "The file is larger than 5 MB; a badge is never that large.");

    public static TheoryData<string, string> PrivateAddresses => new()
    {
        { "private", "http://10.0.0.1/badge.json" },
        { "cloud-metadata", "http://169.254.169.254/latest/meta-data/" },
        { "loopback-not-allow-listed", "http://127.0.0.1:{otherPort}/badge.json" },
        { "ipv6-loopback", "http://[::1]/badge.json" },
        { "localhost-name", "http://localhost:{otherPort}/badge.json" },
    };

    [Theory]
    [MemberData(nameof(PrivateAddresses))]
    public Task Addresses_of_private_hosts_are_not_fetched(string name, string template)
    {
        Assert.NotEmpty(name);
        var port = Foreign.Server.BaseUrl.Port;
        var url = template.Replace("{otherPort}", (port == 1 ? 2 : port - 1).ToString());
        return AssertRefusedAsync(c => c.ImportAsync(null, url: url), HttpStatusCode.UnprocessableEntity, "Laurel never fetches from addresses on a private or internal network");
    }

    [Fact]
    public Task An_address_that_answers_404_is_named() =>
        AssertRefusedAsync(c => c.ImportAsync(null, url: Foreign.DocumentUrl("/nothing-here.json").AbsoluteUri), HttpStatusCode.UnprocessableEntity,
            "The badge could not be fetched from this address:", "answered 404");

    [Fact]
    public Task Laurels_own_award_is_refused_with_a_pointer_to_the_backpack() =>
        AssertRefusedAsync(async c =>
        {
            var achievement = await global::Laurel.Testing.Data.SeedKit.NewAchievementAsync(host);
            var awarder = await host.SignInAsDemoAsync("awarder");
            var awardId = await global::Laurel.Testing.Data.AwardKit.AwardThroughPageAsync(awarder, achievement, ForeignIssuer.LearnerEmail);
            var award = await global::Laurel.Testing.Data.SeedKit.AwardAsync(host, awardId);
            return await c.ImportJsonAsync(award.CredentialJson);
        }, HttpStatusCode.UnprocessableEntity, "This badge was issued through Laurel itself.");

    [Fact]
    public Task Every_problem_with_the_form_is_named_at_once() =>
        AssertRefusedAsync(c => c.ImportAsync(new byte[5 * 1024 * 1024 + 10], "big.json", url: "not an address"),
            HttpStatusCode.BadRequest, "Give either a file or an address, not both.", "The file is larger than 5 MB", "Enter a complete web address");

    [Fact]
    public Task An_empty_form_asks_for_a_file_or_an_address() =>
        AssertRefusedAsync(c => c.ImportAsync(null), HttpStatusCode.BadRequest, "Choose a badge file or enter the address of a badge.");

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused()
    {
        var client = await LearnerAsync();
        var before = await host.ImportCountAsync();
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Foreign.Credential().ToJsonString())), "file", "badge.json" } };
        var response = await client.PostAsync("/backpack/import", form, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await host.ImportCountAsync());
    }

    [Fact]
    public async Task The_field_errors_are_linked_from_the_summary_and_described_by()
    {
        var client = await LearnerAsync();
        var response = await client.ImportAsync(Encoding.UTF8.GetBytes("%PDF-1.4"), "cert.pdf");
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<a href=\"#file\">", html);
        Assert.Contains("id=\"file-error\"", html);
        Assert.Contains("aria-describedby=\"file-hint file-error\"", html);
    }
}

public sealed class ImportBadInputTestsOnSqlite(ImportSqliteHost host) : ImportBadInputTests(host), IClassFixture<ImportSqliteHost>;

public sealed class ImportBadInputTestsOnPostgres(ImportPostgresHost host) : ImportBadInputTests(host), IClassFixture<ImportPostgresHost>;
