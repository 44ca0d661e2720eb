using System.Text.Json.Nodes;
using System.Security.Cryptography.X509Certificates;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Features.Awards;
using Laurel.Features.Presentations;
using Laurel.Features.Presentations.OpenId4Vp;
using Laurel.Features.Wallets;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Laurel.Tests.Wallets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Presentations.OpenId4Vp.OpenId4VpKit;

namespace Laurel.Tests.Presentations.OpenId4Vp;

/// <summary>
/// Laurel as an OpenID4VP 1.0 verifier, answered by a reference holder made of independent packages (@openid4vc/openid4vp resolves
/// the request by reference and checks the x5c-signed request object against the pinned certificate and the x509_san_dns client id;
/// @sd-jwt/sd-jwt-vc presents with key binding; @digitalbazaar/vc signs the ldp_vc presentation). Accepted answers are stored with
/// what was disclosed; every refused one gets a clear reason and leaves no response behind.
/// </summary>
public abstract class OpenId4VpVerifierTests(LaurelHost host)
{
    private static readonly string[] AllFacts = ["recipient_name", "grade", "evidence"];

    private async Task<(Guid AwardId, JsonObject Input)> SdJwtAsync(string mode = "ok", Guid? awardId = null)
    {
        var award = awardId ?? await WalletTestKit.AwardWithPersonalClaimsAsync(host);
        using var holder = P256Key.Generate();
        var (credential, _) = await CopyAsync(host, award, WalletCredentialFormat.SdJwtVc, P256Holder(holder));
        using var other = P256Key.Generate();
        return (award, new JsonObject
        {
            ["format"] = "sd-jwt", ["mode"] = mode, ["sdJwt"] = credential.GetValue<string>(),
            ["holderJwk"] = P256Jwk.Export(holder, includePrivateKey: true), ["otherJwk"] = P256Jwk.Export(other, includePrivateKey: true),
            ["disclose"] = new JsonArray([.. AllFacts.Select(f => (JsonNode)f)]),
        });
    }

    private async Task<JsonObject> LdpAsync(string mode = "ok", bool boundToAnother = false)
    {
        var award = await WalletTestKit.AwardWithPersonalClaimsAsync(host);
        var (holder, seed) = Ed25519Holder();
        var (other, _) = Ed25519Holder();
        var (credential, _) = await CopyAsync(host, award, WalletCredentialFormat.LdpVc, boundToAnother ? other : holder);
        return new JsonObject { ["format"] = "ldp", ["mode"] = mode, ["ldpCredential"] = credential.DeepClone(), ["holderSeed"] = Convert.ToBase64String(seed) };
    }

    private static void AssertRefused(JsonObject output, string expected)
    {
        Assert.True(output["error"] is null, output.ToJsonString());
        Assert.Equal(400, (int)output["status"]!);
        Assert.Contains(expected, (string?)output["body"]!["error_description"] ?? "");
    }

    private async Task AssertNothingStoredAsync(Guid requestId) => Assert.Equal(0, await ResponseCountAsync(host, requestId));

    [Fact]
    public async Task An_sd_jwt_vc_answer_is_verified_and_stored_with_the_disclosed_name()
    {
        var (awardId, input) = await SdJwtAsync();
        var award = await host.AwardAsync(awardId);
        var catalogId = host.BaseUrl + "/catalog/" + award.AchievementId;
        var requestId = await RequestAsync(host, new BadgeCriteria { IssuerCountry = "NL", AchievementIds = [catalogId] }, [DisclosedFact.RecipientName]);
        input["method"] = "post";

        var output = await HolderAsync(host, requestId, input);

        Assert.True(output["error"] is null, output.ToJsonString());
        var request = output["request"]!;
        Assert.Equal("x509_san_dns:127.0.0.1", (string?)request["client_id"]);
        Assert.Equal("x509_san_dns", (string?)request["client"]);
        Assert.Equal("oauth-authz-req+jwt", (string?)request["header"]!["typ"]);
        Assert.Equal("ES256", (string?)request["header"]!["alg"]);
        Assert.Equal("direct_post", (string?)request["response_mode"]);
        Assert.StartsWith(host.BaseUrl + "/oid4vp/responses/", (string?)request["response_uri"]);
        var queries = request["dcql_query"]!["credentials"]!.AsArray();
        var sdQuery = queries.Single(q => (string?)q!["format"] == "dc+sd-jwt")!;
        Assert.Contains($"/oid4vci/uu/types/{award.AchievementId:N}", (string?)sdQuery["meta"]!["vct_values"]![0]);
        Assert.Contains(sdQuery["claims"]!.AsArray(), c => (string?)c!["path"]![0] == "recipient_name");
        Assert.Contains(queries, q => (string?)q!["format"] == "ldp_vc");
        Assert.Equal(2, request["dcql_query"]!["credential_sets"]![0]!["options"]!.AsArray().Count);
        Assert.NotNull(request["client_metadata"]!["vp_formats_supported"]!["dc+sd-jwt"]);
        Assert.Equal(200, (int)output["status"]!);

        var response = await host.DbAsync(db => db.Set<PresentationResponse>().AsNoTracking().SingleAsync(r => r.RequestId == requestId, Ct));
        Assert.Equal("Lotte de Vries", response.HolderName);
        Assert.Equal(PresentationChannel.OpenId4Vp, response.Channel);
        var credential = Assert.Single(response.Credentials);
        Assert.Equal("dc+sd-jwt", credential.Format);
        Assert.True(credential.BoundToHolder);
        Assert.Equal("Lotte de Vries", credential.Disclosed[DisclosedFact.RecipientName]);
        Assert.Equal("8", credential.Disclosed[DisclosedFact.Grade]);
        Assert.Equal("NL", credential.Facts.IssuerCountry);
        Assert.Contains(credential.Checks, c => c.Id == "status" && c.Passed);
        // Kept without the key-binding JWT: only the issuer JWT and the disclosures the learner chose; enough to re-check it later.
        Assert.EndsWith("~", credential.Presented);
        var (checks, facts) = await host.InScopeAsync(sp => sp.GetRequiredService<IPresentedCredentialChecks>().CheckAsync("dc+sd-jwt", credential.Presented!, Ct));
        Assert.All(checks, c => Assert.True(c.Passed, c.Code));
        Assert.Equal("Data Literacy for Professionals", facts!.AchievementName);
        await WalletCopyKit.ChangeAsync(host, awardId, AwardStatusAction.Revoke);
        (checks, _) = await host.InScopeAsync(sp => sp.GetRequiredService<IPresentedCredentialChecks>().CheckAsync("dc+sd-jwt", credential.Presented!, Ct));
        Assert.Contains(checks, c => c is { Id: "status", Passed: false, Code: "status.revoked" });
    }

    [Fact]
    public async Task An_operator_certificate_is_used_when_configured_and_refused_when_it_does_not_name_the_host()
    {
        var dir = Directory.CreateTempSubdirectory("laurel-oid4vp-").FullName;
        try
        {
            string Pfx(string host)
            {
                using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
                var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=" + host, key, System.Security.Cryptography.HashAlgorithmName.SHA256);
                var san = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
                san.AddDnsName(host);
                request.CertificateExtensions.Add(san.Build());
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
                var path = Path.Combine(dir, host + ".pfx");
                File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "secret"));
                return path;
            }
            Task<VerifierKey> LoadAsync(string path) => host.InScopeAsync(sp =>
            {
                var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [VerifierIdentity.CertificatePath] = path, [VerifierIdentity.CertificatePassword] = "secret",
                }).Build();
                return new VerifierIdentity(sp.GetRequiredService<LaurelDb>(), sp.GetRequiredService<PublicOrigin>(),
                    sp.GetRequiredService<IDataProtectionProvider>(), configuration, TimeProvider.System, new VerifierIdentityCache()).GetAsync(Ct);
            });

            var good = Pfx("127.0.0.1");
            var key = await LoadAsync(good);
            var expected = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(good, "secret");
            Assert.Equal(Convert.ToBase64String(expected.RawData), Assert.Single(key.X5c));
            var jws = CompactJws.Parse(CompactJws.Sign([], "{}"u8, key.SigningKey));
            using var published = expected.GetECDsaPublicKey()!;
            Assert.True(published.VerifyData(System.Text.Encoding.ASCII.GetBytes(jws.SigningInput), jws.Signature, System.Security.Cryptography.HashAlgorithmName.SHA256));

            var refused = await Assert.ThrowsAsync<StartupRefusedException>(() => LoadAsync(Pfx("verifier.elsewhere.example")));
            Assert.Contains("SAN dNSName", refused.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task An_ldp_vc_presentation_signed_by_the_holder_is_verified_and_stored()
    {
        var input = await LdpAsync();
        var requestId = await RequestAsync(host);

        var output = await HolderAsync(host, requestId, input);

        Assert.True(output["error"] is null, output.ToJsonString());
        Assert.Equal(200, (int)output["status"]!);
        var response = await host.DbAsync(db => db.Set<PresentationResponse>().AsNoTracking().SingleAsync(r => r.RequestId == requestId, Ct));
        Assert.Equal((string?)output["holderDid"], response.HolderKey);
        var credential = Assert.Single(response.Credentials);
        Assert.Equal("ldp_vc", credential.Format);
        Assert.True(credential.BoundToHolder);
        Assert.Equal("holder.subject_id", credential.BindingCode);
    }

    [Fact]
    public async Task The_same_answer_posted_twice_is_refused_the_second_time()
    {
        var (_, input) = await SdJwtAsync("replay");
        var requestId = await RequestAsync(host);

        var output = await HolderAsync(host, requestId, input);

        Assert.Equal(200, (int)output["status"]!);
        AssertRefused(output["replay"]!.AsObject(), "nonce.replayed");
        var response = await host.DbAsync(db => db.Set<PresentationResponse>().AsNoTracking().SingleAsync(r => r.RequestId == requestId, Ct));
        Assert.Equal(1, response.AnswerCount);
    }

    [Fact]
    public async Task A_key_binding_for_another_verifier_is_refused()
    {
        var (_, input) = await SdJwtAsync("wrong-aud");
        var requestId = await RequestAsync(host);

        var output = await HolderAsync(host, requestId, input);

        AssertRefused(output, "key_binding_audience_or_nonce");
        await AssertNothingStoredAsync(requestId);
    }

    [Fact]
    public async Task A_presentation_for_another_verifier_domain_is_refused()
    {
        var input = await LdpAsync("wrong-aud");
        var requestId = await RequestAsync(host);

        var output = await HolderAsync(host, requestId, input);

        AssertRefused(output, "presentation.invalid");
        await AssertNothingStoredAsync(requestId);
    }

    [Theory]
    [InlineData(AwardStatusAction.Revoke, "status.revoked")]
    [InlineData(AwardStatusAction.Suspend, "status.suspended")]
    public async Task A_revoked_or_suspended_badge_is_refused(AwardStatusAction action, string reason)
    {
        var (awardId, input) = await SdJwtAsync();
        await WalletCopyKit.ChangeAsync(host, awardId, action);
        var requestId = await RequestAsync(host);

        var output = await HolderAsync(host, requestId, input);

        AssertRefused(output, reason);
        await AssertNothingStoredAsync(requestId);
    }

    [Fact]
    public async Task Another_persons_sd_jwt_vc_is_refused()
    {
        var (_, input) = await SdJwtAsync("other-key");
        var requestId = await RequestAsync(host);

        var output = await HolderAsync(host, requestId, input);

        AssertRefused(output, "credential.not_holders");
        await AssertNothingStoredAsync(requestId);
    }

    [Fact]
    public async Task A_credential_of_another_subject_in_a_holders_presentation_is_refused()
    {
        var input = await LdpAsync(boundToAnother: true);
        var requestId = await RequestAsync(host);

        var output = await HolderAsync(host, requestId, input);

        AssertRefused(output, "credential.not_holders");
        await AssertNothingStoredAsync(requestId);
    }

    [Fact]
    public async Task A_tampered_disclosure_is_refused()
    {
        var (_, input) = await SdJwtAsync("tamper");
        var requestId = await RequestAsync(host);

        var output = await HolderAsync(host, requestId, input);

        AssertRefused(output, "sd_jwt.unreferenced_disclosure");
        await AssertNothingStoredAsync(requestId);
    }

    [Fact]
    public async Task A_closed_request_gives_no_request_object_and_refuses_an_answer_to_an_earlier_session()
    {
        var requestId = await RequestAsync(host);
        using var client = host.CreateClient();
        var fetched = await client.GetAsync($"/oid4vp/requests/{requestId}", Ct);
        Assert.Equal("application/oauth-authz-req+jwt", fetched.Content.Headers.ContentType?.MediaType);
        var claims = CompactJws.Parse(await fetched.Content.ReadAsStringAsync(Ct)).PayloadObject()!;
        await host.DbAsync(async db => await db.Set<PresentationRequest>().Where(r => r.Id == requestId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClosedAt, DateTime.UtcNow), Ct));

        var again = await client.GetAsync($"/oid4vp/requests/{requestId}", Ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("closed", await again.Content.ReadAsStringAsync(Ct));

        var answer = await client.PostAsync(new Uri((string)claims["response_uri"]!).AbsolutePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["state"] = (string)claims["state"]!, ["vp_token"] = "{\"badge_sd_jwt\":[42]}",
        }), Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("request.closed", await answer.Content.ReadAsStringAsync(Ct));
        await AssertNothingStoredAsync(requestId);
    }

    [Fact]
    public async Task A_wallet_that_declines_ends_the_session_without_storing_anything()
    {
        var (_, input) = await SdJwtAsync("refuse");
        var requestId = await RequestAsync(host);

        var output = await HolderAsync(host, requestId, input);

        Assert.Equal(200, (int)output["status"]!);
        var session = await host.DbAsync(db => db.Set<PresentationSession>().AsNoTracking().SingleAsync(s => s.RequestId == requestId, Ct));
        Assert.Equal("wallet.access_denied", session.RefusalCode);
        Assert.NotNull(session.ConsumedAt);
        await AssertNothingStoredAsync(requestId);
    }

    [Fact]
    public async Task Hostile_input_gets_a_fast_4xx()
    {
        var requestId = await RequestAsync(host);
        using var client = host.CreateClient();
        Assert.Equal(400, (int)(await client.GetAsync("/oid4vp/requests/not-a-guid", Ct)).StatusCode);
        Assert.Equal(404, (int)(await client.GetAsync($"/oid4vp/requests/{Guid.NewGuid()}", Ct)).StatusCode);
        var big = new FormUrlEncodedContent(new Dictionary<string, string> { ["wallet_metadata"] = new string('a', 40_000) });
        Assert.Equal(413, (int)(await client.PostAsync($"/oid4vp/requests/{requestId}", big, Ct)).StatusCode);

        var fetched = await client.GetStringAsync($"/oid4vp/requests/{requestId}", Ct);
        var claims = CompactJws.Parse(fetched).PayloadObject()!;
        var responsePath = new Uri((string)claims["response_uri"]!).AbsolutePath;
        var state = (string)claims["state"]!;
        async Task<int> PostAsync(HttpContent content) => (int)(await client.PostAsync(responsePath, content, Ct)).StatusCode;

        Assert.Equal(415, await PostAsync(new StringContent("{\"vp_token\":{}}", System.Text.Encoding.UTF8, "application/json")));
        Assert.Equal(413, await PostAsync(new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = state, ["vp_token"] = new string('x', 1_100_000) })));
        Assert.Equal(400, await PostAsync(new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = "wrong", ["vp_token"] = "{}" })));
        var deep = string.Concat(Enumerable.Repeat("[", 5_000)) + string.Concat(Enumerable.Repeat("]", 5_000));
        var started = DateTime.UtcNow;
        Assert.Equal(400, await PostAsync(new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = state, ["vp_token"] = "{\"badge_ldp\":" + deep + "}" })));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        await AssertNothingStoredAsync(requestId);
    }
}

public sealed class OpenId4VpVerifierSqliteTests(WalletSqliteHost host) : OpenId4VpVerifierTests(host), IClassFixture<WalletSqliteHost>;

public sealed class OpenId4VpVerifierPostgresTests(WalletPostgresHost host) : OpenId4VpVerifierTests(host), IClassFixture<WalletPostgresHost>;
