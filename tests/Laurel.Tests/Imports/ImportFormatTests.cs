using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Features.Backpack.Imports;

namespace Laurel.Tests.Imports;

/// <summary>
/// A learner imports a badge from another issuer in every accepted format; it is verified with Laurel's verifier, stored
/// with its report and facts (issuer, achievement, EC, EQF, alignments, dates), labelled as imported, and re-checked on view.
/// </summary>
public abstract class ImportFormatTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ForeignIssuer Foreign => ((IImportHost)host).Foreign;

    private async Task<HttpClient> LearnerAsync()
    {
        var client = await host.SignInAsDemoAsync("learner");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }

    private async Task<string> DetailAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/backpack/imports/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Ob3_json_is_verified_and_stored_with_every_fact_the_backpack_and_pathways_need()
    {
        var client = await LearnerAsync();
        var credential = Foreign.Credential();
        var id = ImportTestKit.ImportedId(await client.ImportJsonAsync(credential.ToJsonString()));

        var item = await host.ImportedAsync(id);
        Assert.Equal(await host.PersonIdAsync(ForeignIssuer.LearnerEmail), item.PersonId);
        Assert.Equal(ImportFormat.Ob3Json, item.Format);
        Assert.Equal(ImportSource.Upload, item.Source);
        Assert.Equal(ImportStatus.Valid, item.Status);
        Assert.Equal(Foreign.Did, item.IssuerId);
        Assert.Equal(ForeignIssuer.Name, item.IssuerName);
        Assert.Equal("https://badges.example.edu/achievements/data-literacy", item.AchievementId);
        Assert.Equal("Data Literacy for Professionals", item.AchievementName);
        Assert.Equal("MicroCredential", item.AchievementType);
        Assert.StartsWith("Interpret, clean and visualise", item.AchievementDescription);
        // The picture is kept only as what Laurel fetched at import (ImportImages); badges.example.edu cannot be reached.
        Assert.Null(item.ImageUrl);
        Assert.Contains("http://data.europa.eu/snb/eqf/6", item.AlignmentTargets);
        Assert.Equal(5m, item.Credits);
        Assert.Equal(6, item.EqfLevel);
        Assert.NotNull(item.IssuedAt);
        Assert.Equal(64, item.ContentHash.Length);
        var report = JsonNode.Parse(item.VerificationReportJson)!;
        Assert.Equal("Valid", report["verdict"]!.GetValue<string>());
        Assert.Equal("Matched", report["recipient"]!["match"]!.GetValue<string>());
        Assert.Contains(report["checks"]!.AsArray(), c => c!["id"]!.GetValue<string>() == "proof" && c["outcome"]!.GetValue<string>() == "Passed");

        var html = await DetailAsync(client, id);
        Assert.Contains("data-imported-label>Imported<", html);
        Assert.Contains("Verified: authentic and in force", html);
        Assert.Contains("Issued to you", html);
        Assert.Contains("data-check=\"proof\" data-outcome=\"Passed\"", html);
        Assert.Contains("EQF 6", html);
        Assert.Contains("5 EC", html);

        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/backpack/imports", Ct));
        Assert.Contains($"href=\"/backpack/imports/{id}\">Data Literacy for Professionals<", list);
    }

    [Fact]
    public async Task A_vc_jwt_is_imported()
    {
        var client = await LearnerAsync();
        var jwt = Foreign.Jwt();
        var id = ImportTestKit.ImportedId(await client.ImportAsync(Encoding.ASCII.GetBytes(jwt), "badge.jwt", mediaType: "text/plain"));
        var item = await host.ImportedAsync(id);
        Assert.Equal(ImportFormat.VcJwt, item.Format);
        Assert.Equal(ImportStatus.Valid, item.Status);
        Assert.Equal(jwt, item.CredentialText);
        Assert.Equal(ForeignIssuer.Name, item.IssuerName);

        var download = await client.GetAsync($"/backpack/imports/{id}/download", Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(jwt, await download.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_baked_png_is_unbaked_verified_and_kept_with_its_picture()
    {
        var client = await LearnerAsync();
        var credential = Foreign.Credential();
        var id = ImportTestKit.ImportedId(await client.ImportAsync(ForeignIssuer.BakePng(credential.ToJsonString()), "badge.png", mediaType: "image/png"));
        var item = await host.ImportedAsync(id);
        Assert.Equal(ImportFormat.BakedPng, item.Format);
        Assert.Equal(ImportStatus.Valid, item.Status);
        Assert.Equal(credential["id"]!.GetValue<string>(), JsonNode.Parse(item.CredentialText)!["id"]!.GetValue<string>());
        Assert.StartsWith("data:image/png;base64,", item.ImageUrl);
        Assert.Contains("Badge baked in a PNG image", await DetailAsync(client, id));
    }

    [Fact]
    public async Task A_baked_svg_is_imported()
    {
        var client = await LearnerAsync();
        var id = ImportTestKit.ImportedId(await client.ImportAsync(ForeignIssuer.BakeSvg(Foreign.Credential().ToJsonString()), "badge.svg", mediaType: "image/svg+xml"));
        var item = await host.ImportedAsync(id);
        Assert.Equal(ImportFormat.BakedSvg, item.Format);
        Assert.Equal(ImportStatus.Valid, item.Status);
    }

    [Fact]
    public async Task An_ob2_hosted_assertion_is_checked_against_the_issuers_copy_and_its_badge_class_is_fetched()
    {
        var client = await LearnerAsync();
        var id = ImportTestKit.ImportedId(await client.ImportJsonAsync(Foreign.Ob2Assertion().ToJsonString()));
        var item = await host.ImportedAsync(id);
        Assert.Equal(ImportFormat.Ob2Json, item.Format);
        Assert.Equal(ImportStatus.Valid, item.Status);
        Assert.Equal("Teamwork in Projects", item.AchievementName);
        Assert.Equal(Foreign.DocumentUrl("/ob2/badges/teamwork").AbsoluteUri, item.AchievementId);
        Assert.Equal(ForeignIssuer.Name + " (OB 2.0)", item.IssuerName);
        Assert.Equal(5, item.EqfLevel);
        Assert.Equal(2.5m, item.Credits);
        var html = await DetailAsync(client, id);
        Assert.Contains("data-check=\"proof\" data-outcome=\"Passed\"", html);
        Assert.Contains("Issued to you", html);
        Assert.Contains("Laurel checked that the issuer still publishes exactly this badge", html);
    }

    [Fact]
    public async Task An_ob2_badge_the_issuer_revokes_after_import_shows_revoked_on_view()
    {
        var client = await LearnerAsync();
        var assertion = Foreign.Ob2Assertion();
        var id = ImportTestKit.ImportedId(await client.ImportJsonAsync(assertion.ToJsonString()));
        Foreign.RevokeOb2(assertion);
        Assert.Contains("data-status=\"Revoked\"", await DetailAsync(client, id));
        Assert.Equal(ImportStatus.Revoked, (await host.ImportedAsync(id)).Status);
    }

    [Fact]
    public async Task A_badge_addressed_to_the_learners_linked_eppn_counts_as_issued_to_them()
    {
        var client = await LearnerAsync();
        var credential = Foreign.Credential(change: c => c["credentialSubject"]!["identifier"] = new JsonArray(new JsonObject
        {
            ["type"] = "IdentityObject", ["identityType"] = "ext:eduPersonPrincipalName", ["hashed"] = true, ["salt"] = "s",
            ["identityHash"] = Laurel.Credentials.OpenBadges.IdentityHash.Compute("l.devries@students.uu.nl", "s"),
        }));
        var id = ImportTestKit.ImportedId(await client.ImportJsonAsync(credential.ToJsonString()));
        Assert.Contains("\"match\":\"Matched\"", (await host.ImportedAsync(id)).VerificationReportJson);
        Assert.Contains("Issued to you", await DetailAsync(client, id));
    }

    [Fact]
    public async Task A_badge_is_imported_from_its_address()
    {
        var client = await LearnerAsync();
        Foreign.Publish("/badges/published.json", Foreign.Credential().ToJsonString());
        var url = Foreign.DocumentUrl("/badges/published.json").AbsoluteUri;
        var id = ImportTestKit.ImportedId(await client.ImportAsync(null, url: url));
        var item = await host.ImportedAsync(id);
        Assert.Equal(ImportSource.Url, item.Source);
        Assert.Equal(url, item.SourceUrl);
        Assert.Equal(ImportStatus.Valid, item.Status);
    }

    [Fact]
    public async Task Viewing_re_checks_the_badge_and_shows_a_revocation_made_after_the_import()
    {
        var client = await LearnerAsync();
        var credential = Foreign.Credential(out var index);
        var id = ImportTestKit.ImportedId(await client.ImportJsonAsync(credential.ToJsonString()));
        var before = await host.ImportedAsync(id);
        Assert.Equal(ImportStatus.Valid, before.Status);

        Foreign.Revoke(index);
        var html = await DetailAsync(client, id);
        Assert.Contains("data-status=\"Revoked\"", html);
        Assert.Contains("Revoked by the issuer", html);
        Assert.Contains("data-check=\"status\" data-outcome=\"Failed\"", html);
        var after = await host.ImportedAsync(id);
        Assert.Equal(ImportStatus.Revoked, after.Status);
        Assert.True(after.VerifiedAt >= before.VerifiedAt);
        Assert.Contains("status.revoked", after.VerificationReportJson);
        Assert.Contains("data-status=\"Revoked\"", await client.GetStringAsync("/backpack/imports", Ct));
    }

    [Fact]
    public async Task The_same_credential_twice_is_refused_with_a_clear_message_even_from_another_format()
    {
        var client = await LearnerAsync();
        var credential = Foreign.Credential();
        var id = ImportTestKit.ImportedId(await client.ImportJsonAsync(credential.ToJsonString()));
        var count = await host.ImportCountAsync();

        var again = await client.ImportAsync(ForeignIssuer.BakePng(credential.ToJsonString(options: new() { WriteIndented = true })), "badge.png");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var html = WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync(Ct));
        Assert.Contains("You already imported this badge (Data Literacy for Professionals); nothing new was stored.", html);
        Assert.Contains($"href=\"/backpack/imports/{id}\"", html);
        Assert.Equal(count, await host.ImportCountAsync());
    }

    [Fact]
    public async Task A_badge_for_another_address_is_imported_but_shown_as_not_issued_to_the_learner()
    {
        var client = await LearnerAsync();
        var id = ImportTestKit.ImportedId(await client.ImportJsonAsync(Foreign.Credential("someone.else@example.org").ToJsonString()));
        Assert.Contains("\"match\":\"NotMatched\"", (await host.ImportedAsync(id)).VerificationReportJson);
        Assert.Contains("none of your verified e-mail addresses", await DetailAsync(client, id));
    }

    [Fact]
    public async Task The_owner_removes_an_import()
    {
        var client = await LearnerAsync();
        var id = ImportTestKit.ImportedId(await client.ImportJsonAsync(Foreign.Credential().ToJsonString()));
        var page = await client.GetStringAsync($"/backpack/imports/{id}", Ct);
        var response = await client.PostAsync($"/backpack/imports/{id}/remove",
            new FormUrlEncodedContent([new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page))]), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/backpack/imports?removed=true", response.Headers.Location!.ToString());
        Assert.Equal(0, await host.DbAsync(db => Task.FromResult(db.ImportedCredentials.Count(i => i.Id == id))));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/backpack/imports/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Account_deletion_erases_the_persons_imports()
    {
        var client = await LearnerAsync();
        ImportTestKit.ImportedId(await client.ImportJsonAsync(Foreign.Credential().ToJsonString()));
        var personId = await host.PersonIdAsync(ForeignIssuer.LearnerEmail);
        await using var scope = host.Services.CreateAsyncScope();
        var erasers = scope.ServiceProvider.GetServices<Laurel.Features.Identity.IPersonalDataEraser>();
        var eraser = Assert.Single(erasers.OfType<ImportEraser>());
        await eraser.EraseAsync(personId, Ct);
        Assert.Equal(0, await host.DbAsync(db => Task.FromResult(db.ImportedCredentials.Count(i => i.PersonId == personId))));
    }
}

public sealed class ImportFormatTestsOnSqlite(ImportSqliteHost host) : ImportFormatTests(host), IClassFixture<ImportSqliteHost>;

public sealed class ImportFormatTestsOnPostgres(ImportPostgresHost host) : ImportFormatTests(host), IClassFixture<ImportPostgresHost>;
