using System.Net;
using System.Text.Json.Nodes;
using Laurel.Features.Wallets;

namespace Laurel.Tests.Wallets;

/// <summary>
/// The pre-authorized code grant (VCI-4.1, VCI-3.3) at Laurel's wallet token endpoint, driven by the reference wallet
/// (@openid4vc/oauth2): tx_code, single use, limited attempts, expiry, DPoP binding, and what the credential endpoint accepts.
/// </summary>
public abstract class PreAuthorizedTokenTests(LaurelHost host)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private string Issuer => host.BaseUrl;
    private string CredentialUrl => host.BaseUrl + "/oid4vci/uu/credential";

    [Fact]
    public async Task Both_metadata_documents_describe_the_wallet_authorization_server()
    {
        using var client = host.CreateClient();
        foreach (var path in new[] { "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration" })
        {
            var metadata = JsonNode.Parse(await client.GetStringAsync(path, Ct))!;
            Assert.Equal(Issuer, metadata.Text("issuer"));
            Assert.Equal(Issuer + WalletRoutes.TokenPath, metadata.Text("token_endpoint"));
            Assert.Equal(Issuer + WalletRoutes.ParPath, metadata.Text("pushed_authorization_request_endpoint"));
            Assert.Equal(Issuer + WalletRoutes.AuthorizePath, metadata.Text("authorization_endpoint"));
            Assert.True(metadata["require_pushed_authorization_requests"]!.GetValue<bool>());
            Assert.True(metadata["pre-authorized_grant_anonymous_access_supported"]!.GetValue<bool>());
            Assert.Equal(["S256"], metadata["code_challenge_methods_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal(["ES256", "EdDSA"], metadata["dpop_signing_alg_values_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Contains("urn:ietf:params:oauth:grant-type:pre-authorized_code", metadata["grant_types_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal(["none"], metadata["token_endpoint_auth_methods_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal(["openid_credential"], metadata["authorization_details_types_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
        }
        // The API clients' token endpoint is still there and still speaks client credentials only.
        var apiToken = await client.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, apiToken.StatusCode);
    }

    [Fact]
    public async Task Reference_wallet_redeems_a_pre_authorized_code_with_tx_code_for_a_bearer_token()
    {
        var (offer, secrets) = await host.NewOfferAsync();
        var state = WalletAuthKit.StateFile();

        var result = await WalletAuthKit.WalletAsync("preauth", new { issuer = Issuer, code = secrets.PreAuthorizedCode, txCode = secrets.TxCode, stateFile = state });

        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        var token = result["token"]!;
        Assert.Equal("Bearer", token.Text("token_type"));
        Assert.Equal(300, token["expires_in"]!.GetValue<int>());
        var stored = await host.OfferAsync(offer.Id);
        Assert.Equal(WalletOfferState.TokenIssued, stored.State);
        Assert.NotNull(stored.TokenIssuedAt);

        var headers = await WalletAuthKit.WalletAsync("resource", new { url = CredentialUrl, stateFile = state });
        Assert.StartsWith("Bearer ", headers.Text("authorization"));
        var access = await host.ValidateAsync(CredentialUrl, headers.Text("authorization"), null);
        Assert.NotNull(access.Grant);
        Assert.Equal(offer.PersonId, access.Grant.PersonId);
        Assert.Equal(offer.Id, access.Grant.OfferId);
        Assert.Equal(offer.ConfigurationIds, access.Grant.ConfigurationIds);
        Assert.Null(access.Grant.DpopJkt);
        Assert.Equal("pre-authorized_code", access.Grant.Flow);
        // Tampered and unknown tokens are refused.
        var tampered = await host.ValidateAsync(CredentialUrl, headers.Text("authorization")[..^3] + "AAA", null);
        Assert.Equal("invalid_token", tampered.Error);
    }

    [Theory]
    [InlineData("ES256")]
    [InlineData("EdDSA")]
    public async Task Reference_wallet_with_DPoP_gets_a_bound_token_the_credential_endpoint_accepts_only_with_a_proof(string alg)
    {
        var (offer, secrets) = await host.NewOfferAsync();
        var state = WalletAuthKit.StateFile();

        var result = await WalletAuthKit.WalletAsync("preauth", new { issuer = Issuer, code = secrets.PreAuthorizedCode, txCode = secrets.TxCode, dpop = true, alg, stateFile = state });

        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal("DPoP", result["token"].Text("token_type"));
        var headers = await WalletAuthKit.WalletAsync("resource", new { url = CredentialUrl, stateFile = state });
        Assert.StartsWith("DPoP ", headers.Text("authorization"));
        var access = await host.ValidateAsync(CredentialUrl, headers.Text("authorization"), headers.Text("dpop"));
        Assert.True(access.Grant is not null, access.ErrorDescription);
        Assert.NotNull(access.Grant.DpopJkt);
        Assert.Equal(offer.Id, access.Grant.OfferId);

        var token = headers.Text("authorization")["DPoP ".Length..];
        var asBearer = await host.ValidateAsync(CredentialUrl, "Bearer " + token, null);
        Assert.Equal("invalid_token", asBearer.Error);
        var withoutProof = await host.ValidateAsync(CredentialUrl, "DPoP " + token, null);
        Assert.Equal("invalid_dpop_proof", withoutProof.Error);
    }

    [Fact]
    public async Task Credential_requests_with_a_replayed_proof_a_proof_for_another_url_or_by_another_key_are_refused()
    {
        var (_, secrets) = await host.NewOfferAsync();
        var state = WalletAuthKit.StateFile();
        var result = await WalletAuthKit.WalletAsync("preauth", new { issuer = Issuer, code = secrets.PreAuthorizedCode, txCode = secrets.TxCode, dpop = true, stateFile = state });
        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        var headers = await WalletAuthKit.WalletAsync("resource", new { url = CredentialUrl, stateFile = state });
        var authorization = headers.Text("authorization");
        Assert.NotNull((await host.ValidateAsync(CredentialUrl, authorization, headers.Text("dpop"))).Grant);

        var replayed = await host.ValidateAsync(CredentialUrl, authorization, headers.Text("dpop"));
        var forOther = await WalletAuthKit.WalletAsync("resource", new { url = host.BaseUrl + "/oid4vci/tud/credential", stateFile = state });
        var otherUrl = await host.ValidateAsync(CredentialUrl, forOther.Text("authorization"), forOther.Text("dpop"));
        var otherKey = await host.ValidateAsync(CredentialUrl, authorization,
            WalletAuthKit.Proof(WalletAuthKit.NewKey(), "POST", CredentialUrl, authorization["DPoP ".Length..]));
        var noAth = await host.ValidateAsync(CredentialUrl, authorization, WalletAuthKit.Proof(WalletAuthKit.NewKey(), "POST", CredentialUrl));

        Assert.Equal("invalid_dpop_proof", replayed.Error);
        Assert.Contains("replay", replayed.ErrorDescription);
        Assert.Equal("invalid_dpop_proof", otherUrl.Error);
        Assert.Contains("htu", otherUrl.ErrorDescription);
        Assert.Equal("invalid_dpop_proof", otherKey.Error);
        Assert.Contains("another key", otherKey.ErrorDescription);
        Assert.Equal("invalid_dpop_proof", noAth.Error);
    }

    [Fact]
    public async Task A_pre_authorized_code_is_single_use()
    {
        var (_, secrets) = await host.NewOfferAsync();
        var first = await WalletAuthKit.WalletAsync("preauth", new { issuer = Issuer, code = secrets.PreAuthorizedCode, txCode = secrets.TxCode });
        Assert.True(first["ok"]!.GetValue<bool>());

        var second = await WalletAuthKit.WalletAsync("preauth", new { issuer = Issuer, code = secrets.PreAuthorizedCode, txCode = secrets.TxCode });

        Assert.False(second["ok"]!.GetValue<bool>());
        Assert.Equal("invalid_grant", second["error"].Text("error"));
    }

    [Fact]
    public async Task Wrong_tx_codes_say_how_many_attempts_are_left_and_the_fifth_refuses_the_offer()
    {
        var (offer, secrets) = await host.NewOfferAsync();
        var wrong = secrets.TxCode == "000000" ? "111111" : "000000";
        var descriptions = new List<string>();
        for (var attempt = 0; attempt < WalletTokenLimits.MaxTxCodeFailures; attempt++)
        {
            var result = await WalletAuthKit.WalletAsync("preauth", new { issuer = Issuer, code = secrets.PreAuthorizedCode, txCode = wrong });
            Assert.Equal("invalid_grant", result["error"].Text("error"));
            descriptions.Add(result["error"].Text("error_description"));
        }
        Assert.Contains("4 attempts left", descriptions[0]);
        Assert.Contains("1 attempt left", descriptions[3]);
        Assert.Contains("No attempts left", descriptions[4]);

        // Now even the right tx_code is too late.
        var right = await WalletAuthKit.WalletAsync("preauth", new { issuer = Issuer, code = secrets.PreAuthorizedCode, txCode = secrets.TxCode });
        Assert.Equal("invalid_grant", right["error"].Text("error"));
        var stored = await host.OfferAsync(offer.Id);
        Assert.Equal(WalletOfferState.Refused, stored.State);
        Assert.Equal(5, stored.TxCodeFailures);
    }

    [Fact]
    public async Task Wrong_tx_codes_sent_at_once_each_cost_an_attempt_so_parallel_guessing_gains_nothing()
    {
        var (offer, secrets) = await host.NewOfferAsync();
        var wrong = Enumerable.Range(0, 8).Select(i => ((int.Parse(secrets.TxCode!, System.Globalization.CultureInfo.InvariantCulture) + 1 + i) % 1_000_000)
            .ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        using var wallet = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        Task<HttpResponseMessage> Guess(string txCode) => wallet.PostAsync(WalletRoutes.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:pre-authorized_code", ["pre-authorized_code"] = secrets.PreAuthorizedCode, ["tx_code"] = txCode,
        }), TestContext.Current.CancellationToken);

        var answers = await Task.WhenAll(wrong.Select(Guess));

        Assert.All(answers, a => Assert.Equal(System.Net.HttpStatusCode.BadRequest, a.StatusCode));
        var stored = await host.OfferAsync(offer.Id);
        Assert.Equal(WalletOfferState.Refused, stored.State);
        Assert.True(stored.TxCodeFailures >= WalletTokenLimits.MaxTxCodeFailures, $"only {stored.TxCodeFailures} of 8 wrong guesses were counted");
        // The right code now comes too late.
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await Guess(secrets.TxCode!)).StatusCode);
    }

    [Fact]
    public async Task Missing_or_unexpected_tx_code_is_an_invalid_request_that_costs_nothing()
    {
        var (withTx, withSecrets) = await host.NewOfferAsync();
        var (withoutTx, withoutSecrets) = await host.NewOfferAsync(withTxCode: false);

        var missing = await WalletAuthKit.WalletAsync("preauth", new { issuer = Issuer, code = withSecrets.PreAuthorizedCode });
        var unexpected = await WalletAuthKit.WalletAsync("preauth", new { issuer = Issuer, code = withoutSecrets.PreAuthorizedCode, txCode = "123456" });

        Assert.Equal("invalid_request", missing["error"].Text("error"));
        Assert.Equal("invalid_request", unexpected["error"].Text("error"));
        Assert.Equal((WalletOfferState.Offered, 0), ((await host.OfferAsync(withTx.Id)).State, (await host.OfferAsync(withTx.Id)).TxCodeFailures));
        Assert.Equal(WalletOfferState.Offered, (await host.OfferAsync(withoutTx.Id)).State);
        // The offer without tx_code works without one.
        var ok = await WalletAuthKit.WalletAsync("preauth", new { issuer = Issuer, code = withoutSecrets.PreAuthorizedCode });
        Assert.True(ok["ok"]!.GetValue<bool>(), ok.ToJsonString());
    }

    [Fact]
    public async Task Expired_and_unknown_codes_are_invalid_grant()
    {
        var (offer, secrets) = await host.NewOfferAsync(expiresIn: TimeSpan.FromMinutes(-1));

        var expired = await WalletAuthKit.WalletAsync("preauth", new { issuer = Issuer, code = secrets.PreAuthorizedCode, txCode = secrets.TxCode });
        var unknown = await WalletAuthKit.WalletAsync("preauth", new { issuer = Issuer, code = WalletSecrets.NewSecret(), txCode = "123456" });

        Assert.Equal("invalid_grant", expired["error"].Text("error"));
        Assert.Equal("invalid_grant", unknown["error"].Text("error"));
        Assert.Equal(WalletOfferState.Offered, (await host.OfferAsync(offer.Id)).State);
    }

    [Fact]
    public async Task Concurrent_redemptions_of_one_code_give_exactly_one_token()
    {
        var (_, secrets) = await host.NewOfferAsync();
        using var client = host.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            client.PostAsync(WalletRoutes.TokenPath, WalletAuthKit.PreAuthorizedForm(secrets.PreAuthorizedCode, secrets.TxCode), Ct)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("invalid_grant", JsonNode.Parse(await refused.Content.ReadAsStringAsync(Ct)).Text("error"));
        }
    }

    [Fact]
    public async Task Bad_DPoP_proofs_at_the_token_endpoint_are_refused_and_spend_nothing()
    {
        var key = WalletAuthKit.NewKey();
        var tokenUrl = Issuer + WalletRoutes.TokenPath;
        var (offer, secrets) = await host.NewOfferAsync();
        using var client = host.CreateClient();
        async Task<JsonNode> PostAsync(string proof)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, WalletRoutes.TokenPath) { Content = WalletAuthKit.PreAuthorizedForm(secrets.PreAuthorizedCode, secrets.TxCode) };
            request.Headers.Add("DPoP", proof);
            var response = await client.SendAsync(request, Ct);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        }

        var wrongHtu = await PostAsync(WalletAuthKit.Proof(key, "POST", Issuer + "/oauth/token"));
        var wrongMethod = await PostAsync(WalletAuthKit.Proof(key, "GET", tokenUrl));
        var stale = await PostAsync(WalletAuthKit.Proof(key, "POST", tokenUrl, iat: DateTimeOffset.UtcNow.AddMinutes(-10)));
        var wrongTyp = await PostAsync(WalletAuthKit.Proof(key, "POST", tokenUrl, typ: "JWT"));

        foreach (var refused in new[] { wrongHtu, wrongMethod, stale, wrongTyp }) Assert.Equal("invalid_dpop_proof", refused.Text("error"));
        Assert.Contains("htu", wrongHtu.Text("error_description"));
        Assert.Equal(WalletOfferState.Offered, (await host.OfferAsync(offer.Id)).State);

        // A good proof works once; the same proof again (replayed jti) is refused even for another offer.
        var proof = WalletAuthKit.Proof(key, "POST", tokenUrl);
        var good = await PostAsync(proof);
        Assert.Equal("DPoP", good.Text("token_type"));
        (_, secrets) = await host.NewOfferAsync();
        var replayed = await PostAsync(proof);
        Assert.Equal("invalid_dpop_proof", replayed.Text("error"));
        Assert.Contains("replay", replayed.Text("error_description"));
    }
}

/// <summary>The limits the tests count against (mirrors the token endpoint's public constant).</summary>
internal static class WalletTokenLimits
{
    public const int MaxTxCodeFailures = Laurel.Features.Wallets.Authorization.WalletTokenEndpoint.MaxTxCodeFailures;
}

public sealed class PreAuthorizedTokenTestsOnSqlite(WalletSqliteHost host) : PreAuthorizedTokenTests(host), IClassFixture<WalletSqliteHost>;

public sealed class PreAuthorizedTokenTestsOnPostgres(WalletPostgresHost host) : PreAuthorizedTokenTests(host), IClassFixture<WalletPostgresHost>;
