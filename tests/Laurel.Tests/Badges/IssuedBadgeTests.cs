using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Baking;
using Laurel.Credentials.Verification;
using UglyToad.PdfPig;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Badges;

/// <summary>Badges issued by the real award service (institution did:web key, status list): every format verifies, revocation shows.</summary>
public abstract class IssuedBadgeTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Vc_jwt_is_not_offered_for_a_subject_without_an_id()
    {
        // OB3-4.5 needs sub = credentialSubject.id; a hashed e-mail recipient has none (OB3-9.1).
        var awardId = await host.AwardThroughServiceAsync();
        using var anonymous = host.CreateClient();
        var response = await anonymous.GetAsync($"/badges/{awardId}/credential.jwt", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // Not a bare 404: the address says why there is no VC-JWT, and the page says it where the link would be.
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("DID", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["detail"]);
        var page = await anonymous.GetStringAsync($"/badges/{awardId}", Ct);
        Assert.DoesNotContain("/credential.jwt", page);
        Assert.Contains("id=\"jwt-unavailable\"", page);
        Assert.Contains("(DID)", page);
    }

    [Fact]
    public async Task Vc_jwt_download_verifies_and_is_stable()
    {
        var awardId = await host.AwardThroughServiceAsync();
        await host.GiveSubjectDidAsync(awardId);
        using var anonymous = host.CreateClient();
        Assert.Contains("/credential.jwt", await anonymous.GetStringAsync($"/badges/{awardId}", Ct));
        var response = await anonymous.GetAsync($"/badges/{awardId}/credential.jwt", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vc+jwt", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("data-literacy-for-professionals.jwt", response.Content.Headers.ContentDisposition!.FileName);
        var jwt = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(3, Encoding.ASCII.GetString(jwt).Split('.').Length);
        Assert.Equal(jwt, await anonymous.GetByteArrayAsync($"/badges/{awardId}/credential.jwt", Ct));
        var report = await host.VerifyWithLaurelAsync(jwt);
        Assert.Equal(CredentialFormat.Ob3Jwt, report.Format);
        Assert.Equal(Verdict.Valid, report.Verdict);
    }

    [Theory]
    [InlineData("credential.json")]
    [InlineData("badge.png")]
    [InlineData("badge.svg")]
    public async Task Every_signed_download_verifies_with_Laurels_verifier(string file)
    {
        var awardId = await host.AwardThroughServiceAsync();
        using var anonymous = host.CreateClient();
        var report = await host.VerifyWithLaurelAsync(await anonymous.GetByteArrayAsync($"/badges/{awardId}/{file}", Ct));
        Assert.Equal(Verdict.Valid, report.Verdict);
        Assert.Equal(CheckOutcome.Passed, report.Check(CheckIds.Status)!.Outcome);
    }

    [Fact]
    public async Task Badge_page_shows_valid_and_after_revocation_revoked_with_the_reason_everywhere()
    {
        var awardId = await host.AwardThroughServiceAsync();
        using var anonymous = host.CreateClient();
        Assert.Contains("id=\"verdict\"><strong>Valid:", await anonymous.GetStringAsync($"/badges/{awardId}?culture=en", Ct));
        var png = await anonymous.GetByteArrayAsync($"/badges/{awardId}/badge.png", Ct);

        await host.RevokeAsync(awardId, "Plagiarism in the portfolio");

        var page = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/badges/{awardId}?culture=en", Ct));
        Assert.Contains("id=\"verdict\"><strong>Not valid:", page);
        Assert.Contains("Plagiarism in the portfolio", page);
        Assert.Contains("data-check=\"status\" data-outcome=\"Failed\"", page);
        var report = await host.VerifyWithLaurelAsync(png);
        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal("status.revoked", report.Check(CheckIds.Status)!.Code);
        var assertion = await anonymous.GetStringAsync($"/ob2/assertions/{awardId}", Ct);
        Assert.Contains("\"revoked\":true", assertion);
        Assert.Contains("Plagiarism in the portfolio", assertion);
    }

    [Fact]
    public async Task Certificate_pdf_names_the_achievement_links_to_the_badge_page_and_hides_a_hidden_grade()
    {
        var awardId = await host.AwardThroughServiceAsync(grade: "7.75", showGrade: false);
        using var anonymous = host.CreateClient();
        var response = await anonymous.GetAsync($"/badges/{awardId}/certificate.pdf?culture=en", Ct);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("data-literacy-for-professionals.pdf", response.Content.Headers.ContentDisposition!.FileName);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync(Ct));
        var text = string.Join(" ", pdf.GetPages().Select(p => p.Text));
        Assert.Contains("Data Literacy for Professionals", text);
        Hidden.AssertAbsent("7.75", text);
    }

    [Fact]
    public async Task Share_image_is_the_wide_1200_by_627_png()
    {
        var awardId = await host.AwardThroughServiceAsync();
        using var anonymous = host.CreateClient();
        var response = await anonymous.GetAsync($"/badges/{awardId}/share.png", Ct);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Null(response.Content.Headers.ContentDisposition);
        var png = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(BadgeImageFormat.Png, BadgeImage.Detect(png));
        Assert.Equal(1200, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(627, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}

public sealed class IssuedBadgeTestsOnSqlite(SqliteHost host) : IssuedBadgeTests(host), IClassFixture<SqliteHost>;

public sealed class IssuedBadgeTestsOnPostgres(PostgresHost host) : IssuedBadgeTests(host), IClassFixture<PostgresHost>;
