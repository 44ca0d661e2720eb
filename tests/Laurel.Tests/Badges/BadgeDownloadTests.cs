using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Baking;
using Laurel.Credentials.Verification;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Badges;

/// <summary>Every signed download parses, unbakes and verifies with Laurel's verifier; a tampered copy fails the proof check.</summary>
public abstract class BadgeDownloadTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Id, string Stored)> PublicAwardAsync()
    {
        var id = await host.CreateAwardAsync(new AwardSpec { IsPublic = true, ShowGrade = true });
        var stored = await host.DbAsync(db => Task.FromResult(db.Awards.Single(a => a.Id == id).CredentialJson));
        return (id, stored);
    }

    private static Task<VerificationReport> VerifyAsync(byte[] bytes) => new Verifier().VerifyAsync(bytes, ct: Ct);

    [Fact]
    public async Task Credential_json_is_the_stored_credential_byte_for_byte_and_verifies()
    {
        var (id, stored) = await PublicAwardAsync();
        using var anonymous = host.CreateClient();
        var response = await anonymous.GetAsync($"/badges/{id}/credential.json", Ct);
        // Served as a credential, saved as a .json file.
        Assert.Equal("application/vc+ld+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("data-literacy-for-professionals.json", response.Content.Headers.ContentDisposition!.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Encoding.UTF8.GetBytes(stored), bytes);
        var report = await VerifyAsync(bytes);
        Assert.Equal(Verdict.Valid, report.Verdict);
    }

    [Theory]
    [InlineData("badge.png", "image/png", BakedContainer.Png)]
    [InlineData("badge.svg", "image/svg+xml", BakedContainer.Svg)]
    public async Task Baked_image_carries_the_signed_credential_and_verifies(string file, string contentType, BakedContainer container)
    {
        var (id, stored) = await PublicAwardAsync();
        using var anonymous = host.CreateClient();
        var response = await anonymous.GetAsync($"/badges/{id}/{file}", Ct);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("data-literacy-for-professionals" + Path.GetExtension(file), response.Content.Headers.ContentDisposition!.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var baked = BadgeImage.Unbake(bytes);
        Assert.NotNull(baked);
        Assert.Equal(BadgeSpec.OpenBadges3, baked.Spec);
        Assert.Equal(stored, baked.Content);
        var report = await VerifyAsync(bytes);
        Assert.Equal(container, report.Container);
        Assert.Equal(Verdict.Valid, report.Verdict);
    }

    [Fact]
    public async Task Tampered_download_fails_the_proof_check()
    {
        var (id, _) = await PublicAwardAsync();
        using var anonymous = host.CreateClient();
        var json = JsonNode.Parse(await anonymous.GetStringAsync($"/badges/{id}/credential.json", Ct))!.AsObject();
        json["credentialSubject"]!["achievement"]!["name"] = "Brain Surgery";
        var report = await VerifyAsync(Encoding.UTF8.GetBytes(json.ToJsonString()));
        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal(CheckOutcome.Failed, report.Check(CheckIds.Proof)!.Outcome);

        var png = await anonymous.GetByteArrayAsync($"/badges/{id}/badge.png", Ct);
        var rebaked = BadgeImage.Bake(png, BadgeSpec.OpenBadges3, json.ToJsonString());
        var pngReport = await VerifyAsync(rebaked);
        Assert.Equal(CheckOutcome.Failed, pngReport.Check(CheckIds.Proof)!.Outcome);
    }

    [Fact]
    public async Task Downloads_answer_not_modified_to_a_matching_etag()
    {
        var (id, _) = await PublicAwardAsync();
        using var anonymous = host.CreateClient();
        var first = await anonymous.GetAsync($"/badges/{id}/badge.png", Ct);
        Assert.Contains("public", first.Headers.CacheControl!.ToString());
        var etag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/badges/{id}/badge.png");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again, Ct)).StatusCode);
        Assert.Equal(etag, (await anonymous.GetAsync($"/badges/{id}/badge.png", Ct)).Headers.ETag);
    }

    [Fact]
    public async Task Catalog_badge_image_is_public_for_published_definitions_only()
    {
        var (published, draft) = await host.DbAsync(async db =>
        {
            var a = db.Achievements.First(x => x.Name == "Data Literacy for Professionals");
            var copy = new Laurel.Features.Achievements.Achievement
            {
                Id = Guid.CreateVersion7(), LineageId = Guid.CreateVersion7(), IssuerId = a.IssuerId, InstitutionId = a.InstitutionId,
                Name = "Draft only", Status = Laurel.Features.Achievements.AchievementStatus.Draft, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Achievements.Add(copy);
            await db.SaveChangesAsync();
            return (a.Id, copy.Id);
        });
        using var anonymous = host.CreateClient();
        var image = await anonymous.GetAsync($"/catalog/{published}/badge.png", Ct);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal(BadgeImageFormat.Png, BadgeImage.Detect(await image.Content.ReadAsByteArrayAsync(Ct)));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/catalog/{draft}/badge.png", Ct)).StatusCode);
    }
}

public sealed class BadgeDownloadTestsOnSqlite(SqliteHost host) : BadgeDownloadTests(host), IClassFixture<SqliteHost>;

public sealed class BadgeDownloadTestsOnPostgres(PostgresHost host) : BadgeDownloadTests(host), IClassFixture<PostgresHost>;
