using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Features.Wallets;
using Laurel.Features.Wallets.Formats;
using static Laurel.Tests.Wallets.WalletTestKit;

namespace Laurel.Tests.Wallets;

/// <summary>
/// The SD-JWT VC form of a badge as an independent wallet and verifier see it (@sd-jwt/sd-jwt-vc 0.19.0): the issuer's ES256
/// signature, the Open Badges facts as claims, the learner's disclosure choices, holder binding through cnf.jwk (a KB-JWT
/// made by the holder key verifies), the status reference, and the vct type metadata fetched from Laurel and accepted.
/// </summary>
public sealed class WalletSdJwtVcTests(WalletHttpsHost host) : IClassFixture<WalletHttpsHost>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-sd-jwt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<JsonObject> WalletAsync(string sdJwt, Guid institutionId, P256Key holder, string[]? disclose)
    {
        var input = new JsonObject
        {
            ["sdJwt"] = sdJwt,
            ["issuerJwk"] = await host.InScopeAsync(async sp => (await sp.GetRequiredService<IInstitutionEs256Keys>().ActiveAsync(institutionId, Ct)).Key.PublicJwk()),
            ["holderJwk"] = P256Jwk.Export(holder, includePrivateKey: true),
            ["nonce"] = "verifier-nonce-" + Guid.NewGuid().ToString("N"),
            ["aud"] = "https://employer.example",
            ["disclose"] = disclose is null ? null : new JsonArray([.. disclose.Select(d => (JsonNode)d)]),
        };
        var file = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, input.ToJsonString(), Ct);
        var output = await NodeAsync(host.Certificates.CaPemPath, "wallet-sd-jwt-vc.mjs", file);
        Assert.True((bool)output["verified"]!, "@sd-jwt/sd-jwt-vc rejected the credential: " + output.ToJsonString());
        Assert.Equal((string?)input["nonce"], (string?)output["presented"]!["kb"]!["nonce"]);
        return output;
    }

    [Fact]
    public async Task Independent_wallet_verifies_the_badge_its_type_metadata_and_key_binding_with_name_grade_and_evidence_disclosable_by_default()
    {
        var awardId = await AwardWithPersonalClaimsAsync(host);
        var award = await host.AwardAsync(awardId);
        using var holder = P256Key.Generate();
        var (credential, status) = await IssueAsync(host, awardId, WalletCredentialFormat.SdJwtVc, Holder(P256Jwk.Export(holder)));

        var output = await WalletAsync(credential.GetValue<string>(), award.InstitutionId, holder, ["grade"]);
        var issued = output["issued"]!;
        var payload = issued["payload"]!.AsObject();
        var claims = issued["claims"]!;
        Assert.Equal("dc+sd-jwt", (string?)issued["header"]!["typ"]);
        Assert.Equal(host.Origin + "/oid4vci/uu", (string?)payload["iss"]);
        Assert.Equal($"{host.Origin}/oid4vci/uu/types/{award.AchievementId:N}", (string?)payload["vct"]);
        Assert.False(payload.ContainsKey("exp"), "A micro-credential never expires, so its SD-JWT VC has no exp.");
        Assert.Equal(P256Jwk.Export(holder)["x"]!.GetValue<string>(), (string?)payload["cnf"]!["jwk"]!["x"]);
        Assert.Equal(status.TokenStatusIndex, (long)payload["status"]!["status_list"]!["idx"]!);
        Assert.Contains(status.TokenStatusListUri, output["statusFetched"]!.AsArray().Select(u => (string?)u));

        // The facts in the clear; the learner's three claims only as disclosures (the default choice).
        Assert.Equal("Data Literacy for Professionals", (string?)payload["achievement"]!["name"]);
        foreach (var personal in new[] { "recipient_name", "grade", "evidence" })
            Assert.False(payload.ContainsKey(personal), $"{personal} is in the clear, but the default is selectively disclosable.");
        Assert.Equal(["evidence", "grade", "recipient_name"], issued["disclosures"]!.AsArray().Select(d => (string?)d).Order());
        Assert.Equal("Lotte de Vries", (string?)claims["recipient_name"]);
        Assert.Equal("8", (string?)claims["grade"]);
        Assert.Equal("https://portfolio.example/lotte/data-project", (string?)claims["evidence"]![0]!["url"]);
        Assert.StartsWith("did:web:localhost%3A", (string?)claims["issuer"]!["id"]);
        Assert.Equal($"urn:uuid:{awardId}", (string?)claims["credential_id"]);
        Assert.Equal($"{host.Origin}/badges/{awardId}", (string?)claims["badge_url"]);
        Assert.NotNull(claims["issuance_date"]);

        // The holder showed only the grade: the verifier learns it and not the name or the evidence.
        var presented = output["presented"]!["claims"]!.AsObject();
        Assert.Equal("8", (string?)presented["grade"]);
        Assert.False(presented.ContainsKey("recipient_name"));
        Assert.False(presented.ContainsKey("evidence"));
        Assert.Equal("Data Literacy for Professionals", (string?)presented["achievement"]!["name"]);

        // Type metadata as the library resolved it from the vct URL.
        var metadata = output["typeMetadata"]!;
        Assert.Equal((string?)payload["vct"], (string?)metadata["vct"]);
        var display = metadata["display"]!.AsArray();
        Assert.Equal(["en", "nl"], display.Select(d => (string?)d!["locale"]).Order());
        var simple = display[0]!["rendering"]!["simple"]!;
        Assert.Equal($"{host.Origin}/catalog/{award.AchievementId}/badge.png", (string?)simple["logo"]!["uri"]);
        Assert.Matches("^#[0-9A-F]{6}$", (string?)simple["background_color"]);
        var gradeClaim = metadata["claims"]!.AsArray().Single(c => c!["path"]!.AsArray().Select(p => (string?)p).SequenceEqual(["grade"]))!;
        Assert.Equal("allowed", (string?)gradeClaim["sd"]);
        Assert.Contains(gradeClaim["display"]!.AsArray(), d => (string?)d!["locale"] == "nl" && (string?)d["label"] == "Resultaat");
    }

    [Fact]
    public async Task The_learners_choices_decide_what_is_in_the_clear_and_what_is_left_out()
    {
        var awardId = await AwardWithPersonalClaimsAsync(host, "Responsible AI in Practice");
        var award = await host.AwardAsync(awardId);
        await host.DbAsync(async db =>
        {
            db.Add(new WalletDisclosure { AwardId = awardId, RecipientName = ClaimDisclosure.Omitted, Grade = ClaimDisclosure.Always, Evidence = ClaimDisclosure.Selective, UpdatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync(Ct);
        });
        using var holder = P256Key.Generate();
        var (credential, _) = await IssueAsync(host, awardId, WalletCredentialFormat.SdJwtVc, Holder(P256Jwk.Export(holder)));

        // The holder tries to show everything it has.
        var output = await WalletAsync(credential.GetValue<string>(), award.InstitutionId, holder, disclose: null);
        var payload = output["issued"]!["payload"]!.AsObject();
        Assert.Equal("8", (string?)payload["grade"]);
        Assert.Equal(["evidence"], output["issued"]!["disclosures"]!.AsArray().Select(d => (string?)d));
        var presented = output["presented"]!["claims"]!.AsObject();
        Assert.False(presented.ContainsKey("recipient_name"), "The learner left the name out, yet a verifier sees it.");
        Assert.False(payload.ContainsKey("recipient_name"));
        Assert.NotNull(presented["evidence"]);
    }

    [Fact]
    public async Task Each_badge_has_its_own_display_colours_and_type_metadata_url()
    {
        var (data, ai) = await host.DbAsync(async db => (
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Achievements, a => a.Name == "Data Literacy for Professionals", Ct),
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Achievements, a => a.Name == "Responsible AI in Practice", Ct)));
        var origin = host.Services.GetRequiredService<Laurel.Infrastructure.Web.PublicOrigin>();
        var first = WalletDisplay.For(data, origin);
        var second = WalletDisplay.For(ai, origin);
        Assert.Equal(["nl", "en"], first.Select(d => (string?)d!["locale"]));
        Assert.NotEqual((string?)first[0]!["background_color"], (string?)second[0]!["background_color"]);
        Assert.Equal($"{host.Origin}/catalog/{data.Id}/badge.png", (string?)first[1]!["logo"]!["uri"]);
        Assert.Equal("Data Literacy for Professionals", (string?)first[1]!["logo"]!["alt_text"]);

        using var client = HttpsClient(host.Origin, host.Certificates.CaPemPath);
        var metadata = JsonNode.Parse(await client.GetStringAsync($"/oid4vci/uu/types/{data.Id:N}", Ct))!;
        Assert.Equal($"{host.Origin}/oid4vci/uu/types/{data.Id:N}", (string?)metadata["vct"]);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/oid4vci/other-institution/types/{data.Id:N}", Ct)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/oid4vci/uu/types/{Guid.NewGuid():N}", Ct)).StatusCode);
    }
}
