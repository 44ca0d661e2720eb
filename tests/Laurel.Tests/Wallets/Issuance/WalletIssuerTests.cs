using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Wallets;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Wallets.Issuance.TestWallet;

namespace Laurel.Tests.Wallets.Issuance;

/// <summary>
/// The OpenID4VCI Credential Issuer of an institution as a wallet sees it: metadata, the offer by reference, nonces, the
/// credential endpoint (single and batch, every refusal issuing nothing) and notifications.
/// </summary>
public abstract class WalletIssuerTests(WalletIssuerHost host) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly TestWallet _wallet = new(host);

    public void Dispose() => _wallet.Dispose();

    private string IssuerId(string slug) => host.Origin + "/oid4vci/" + slug;

    private string Token(Seeded award, Guid? offerId, params WalletCredentialFormat[] formats) => host.Tokens.Issue(new WalletGrant(award.PersonId, offerId,
        [.. (formats.Length == 0 ? Enum.GetValues<WalletCredentialFormat>() : formats).Select(award.Configuration)], null,
        offerId is null ? "authorization_code" : "pre-authorized_code"));

    private Task<List<WalletCopy>> CopiesAsync(Guid awardId) =>
        host.DbAsync(db => db.WalletCopies.AsNoTracking().Where(c => c.AwardId == awardId).OrderBy(c => c.NotificationId).ToListAsync(Ct));

    private Task<WalletOffer> OfferAsync(Guid id) => host.DbAsync(db => db.WalletOffers.AsNoTracking().SingleAsync(o => o.Id == id, Ct));

    [Fact]
    public async Task Metadata_describes_every_published_badge_in_three_formats_with_its_own_display()
    {
        var first = await host.NewAchievementAsync();
        var second = await host.NewAchievementAsync();
        var draft = await host.NewAchievementAsync(status: Laurel.Features.Achievements.AchievementStatus.Draft);
        using var response = await _wallet.Http.GetAsync("/.well-known/openid-credential-issuer/oid4vci/uu", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var metadata = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        Assert.Equal(IssuerId("uu"), (string?)metadata["credential_issuer"]);
        Assert.Equal(host.Origin, (string?)metadata["authorization_servers"]![0]);
        Assert.Equal(IssuerId("uu") + "/credential", (string?)metadata["credential_endpoint"]);
        Assert.Equal(IssuerId("uu") + "/nonce", (string?)metadata["nonce_endpoint"]);
        Assert.Equal(IssuerId("uu") + "/notification", (string?)metadata["notification_endpoint"]);
        Assert.True((int)metadata["batch_credential_issuance"]!["batch_size"]! >= 2);
        var display = metadata["display"]!.AsArray();
        Assert.Equal(["nl", "en"], display.Select(d => (string?)d!["locale"]));
        Assert.Equal("Universiteit Utrecht", (string?)display[0]!["name"]);

        var configurations = metadata["credential_configurations_supported"]!.AsObject();
        Assert.DoesNotContain(configurations, c => c.Key.StartsWith(draft.ToString("N"), StringComparison.Ordinal));
        var sdJwt = configurations[WalletConfigurationId.For(first, WalletCredentialFormat.SdJwtVc)]!;
        Assert.Equal("dc+sd-jwt", (string?)sdJwt["format"]);
        Assert.Equal($"{IssuerId("uu")}/types/{first:N}", (string?)sdJwt["vct"]);
        Assert.Equal(["jwk"], sdJwt["cryptographic_binding_methods_supported"]!.AsArray().Select(x => (string?)x));
        Assert.Equal(["ES256", "EdDSA"], sdJwt["proof_types_supported"]!["jwt"]!["proof_signing_alg_values_supported"]!.AsArray().Select(x => (string?)x));
        var ldp = configurations[WalletConfigurationId.For(first, WalletCredentialFormat.LdpVc)]!;
        Assert.Equal("ldp_vc", (string?)ldp["format"]);
        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            ldp["credential_definition"]!["@context"]!.AsArray().Select(x => (string?)x));
        Assert.Equal(["did:key", "did:jwk"], ldp["cryptographic_binding_methods_supported"]!.AsArray().Select(x => (string?)x));
        var jwt = configurations[WalletConfigurationId.For(first, WalletCredentialFormat.JwtVcJson)]!;
        Assert.Equal("jwt_vc_json", (string?)jwt["format"]);
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], jwt["credential_definition"]!["type"]!.AsArray().Select(x => (string?)x));
        Assert.Equal(WalletConfigurationId.For(first, WalletCredentialFormat.JwtVcJson), (string?)jwt["scope"]);

        // Each badge looks like itself: its name in nl and en, its image, its own colour.
        var firstDisplay = ldp["credential_metadata"]!["display"]!.AsArray();
        Assert.Equal(["nl", "en"], firstDisplay.Select(d => (string?)d!["locale"]));
        Assert.All(firstDisplay, d => Assert.False(string.IsNullOrEmpty((string?)d!["name"])));
        Assert.Equal($"{host.Origin}/catalog/{first}/badge.png", (string?)firstDisplay[0]!["logo"]!["uri"]);
        var secondDisplay = configurations[WalletConfigurationId.For(second, WalletCredentialFormat.LdpVc)]!["credential_metadata"]!["display"]![0]!;
        Assert.NotEqual((string?)firstDisplay[0]!["background_color"], (string?)secondDisplay["background_color"]);

        // Draft-era wallets append the well-known suffix to the identifier: same document. Unknown institutions: 404.
        var appended = await _wallet.Http.GetFromJsonAsync<JsonObject>("/oid4vci/uu/.well-known/openid-credential-issuer", Ct);
        Assert.Equal(IssuerId("uu"), (string?)appended!["credential_issuer"]);
        Assert.Equal(HttpStatusCode.NotFound, (await _wallet.Http.GetAsync("/.well-known/openid-credential-issuer/oid4vci/nowhere", Ct)).StatusCode);

        // A newly published badge shows at once, cache or not.
        var third = await host.NewAchievementAsync();
        var again = await _wallet.Http.GetFromJsonAsync<JsonObject>("/.well-known/openid-credential-issuer/oid4vci/uu", Ct);
        Assert.True(again!["credential_configurations_supported"]!.AsObject().ContainsKey(WalletConfigurationId.For(third, WalletCredentialFormat.SdJwtVc)));
    }

    [Fact]
    public async Task Offer_by_reference_carries_the_codes_once_open_and_never_after()
    {
        var award = await NewAwardAsync(host);
        var configurations = new[] { award.Configuration(WalletCredentialFormat.SdJwtVc), award.Configuration(WalletCredentialFormat.LdpVc) };
        var (offerId, secrets) = await NewOfferAsync(host, award, configurations);

        using var response = await _wallet.Http.GetAsync(WalletRoutes.OfferPath(offerId), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var offer = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(IssuerId(award.Slug), (string?)offer["credential_issuer"]);
        Assert.Equal(configurations, offer["credential_configuration_ids"]!.AsArray().Select(x => (string?)x));
        var preAuthorized = offer["grants"]!["urn:ietf:params:oauth:grant-type:pre-authorized_code"]!;
        Assert.Equal(secrets.PreAuthorizedCode, (string?)preAuthorized["pre-authorized_code"]);
        Assert.Equal("numeric", (string?)preAuthorized["tx_code"]!["input_mode"]);
        Assert.Equal(6, (int)preAuthorized["tx_code"]!["length"]!);
        Assert.False(string.IsNullOrEmpty((string?)preAuthorized["tx_code"]!["description"]));
        Assert.Equal(secrets.IssuerState, (string?)offer["grants"]!["authorization_code"]!["issuer_state"]);
        Assert.DoesNotContain(secrets.TxCode!, offer.ToJsonString());
        var stored = await OfferAsync(offerId);
        Assert.Equal(WalletOfferState.Fetched, stored.State);
        Assert.NotNull(stored.FetchedAt);
        // A wallet may fetch it again while nobody redeemed it.
        Assert.Equal(HttpStatusCode.OK, (await _wallet.Http.GetAsync(WalletRoutes.OfferPath(offerId), Ct)).StatusCode);

        async Task AssertClosedAsync(Guid id, HttpStatusCode status, string error, string secret)
        {
            using var closed = await _wallet.Http.GetAsync(WalletRoutes.OfferPath(id), Ct);
            var text = await closed.Content.ReadAsStringAsync(Ct);
            Assert.Equal(status, closed.StatusCode);
            Assert.Equal(error, (string?)JsonNode.Parse(text)!["error"]);
            Assert.DoesNotContain(secret, text);
        }
        var expired = await NewOfferAsync(host, award, configurations, expiresIn: TimeSpan.FromMinutes(-1));
        await AssertClosedAsync(expired.OfferId, HttpStatusCode.Gone, "offer_expired", expired.Secrets.PreAuthorizedCode);
        Assert.Equal(WalletOfferState.Expired, (await OfferAsync(expired.OfferId)).State);
        var used = await NewOfferAsync(host, award, configurations, WalletOfferState.TokenIssued);
        await AssertClosedAsync(used.OfferId, HttpStatusCode.Gone, "offer_used", used.Secrets.PreAuthorizedCode);
        var refused = await NewOfferAsync(host, award, configurations, WalletOfferState.Refused);
        await AssertClosedAsync(refused.OfferId, HttpStatusCode.Gone, "offer_refused", refused.Secrets.PreAuthorizedCode);
        await AssertClosedAsync(Guid.NewGuid(), HttpStatusCode.NotFound, "offer_not_found", "pre-authorized_code");
    }

    [Fact]
    public async Task Nonces_are_fresh_per_request_and_each_is_used_once()
    {
        var award = await NewAwardAsync(host);
        using var response = await _wallet.Http.PostAsync(WalletRoutes.NoncePath(award.Slug), null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var nonce = (string)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["c_nonce"]!;
        Assert.True(nonce.Length >= 40);
        Assert.NotEqual(nonce, await _wallet.NonceAsync(award.Slug));
        Assert.Equal(HttpStatusCode.NotFound, (await _wallet.Http.PostAsync(WalletRoutes.NoncePath("nowhere"), null, Ct)).StatusCode);

        var token = Token(award, null);
        var configuration = award.Configuration(WalletCredentialFormat.SdJwtVc);
        var (ok, _) = await _wallet.RequestAsync(award.Slug, token, CredentialRequest(configuration, Proof(_wallet.NewKey(), IssuerId(award.Slug), nonce)));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // The same nonce again (a replayed or copied proof, even with another key): refused, with a fresh nonce to retry.
        var (replay, body) = await _wallet.RequestAsync(award.Slug, token, CredentialRequest(configuration, Proof(_wallet.NewKey(), IssuerId(award.Slug), nonce)));
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("invalid_nonce", (string?)body!["error"]);
        var fresh = (string?)body["c_nonce"];
        Assert.False(string.IsNullOrEmpty(fresh));
        Assert.Single(await CopiesAsync(award.AwardId));
        var (retry, _) = await _wallet.RequestAsync(award.Slug, token, CredentialRequest(configuration, Proof(_wallet.NewKey(), IssuerId(award.Slug), fresh)));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
    }

    [Fact]
    public async Task Two_requests_racing_with_one_nonce_get_one_credential()
    {
        var award = await NewAwardAsync(host);
        var configuration = award.Configuration(WalletCredentialFormat.SdJwtVc);
        var token = Token(award, null);
        var nonce = await _wallet.NonceAsync(award.Slug);
        // Two wallets (or two app nodes) at once with the same nonce: the database lets exactly one use it.
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            _wallet.RequestAsync(award.Slug, token, CredentialRequest(configuration, Proof(_wallet.NewKey(), IssuerId(award.Slug), nonce)))));
        Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.OK);
        Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.BadRequest && (string?)r.Body!["error"] == "invalid_nonce");
        Assert.Single(await CopiesAsync(award.AwardId));
    }

    [Fact]
    public async Task One_proof_gives_one_bound_copy_and_the_offer_becomes_issued()
    {
        var award = await NewAwardAsync(host);
        var configuration = award.Configuration(WalletCredentialFormat.SdJwtVc);
        var (offerId, _) = await NewOfferAsync(host, award, [configuration], WalletOfferState.TokenIssued);
        var key = _wallet.NewKey();
        var (response, body) = await _wallet.RequestAsync(award.Slug, Token(award, offerId, WalletCredentialFormat.SdJwtVc),
            CredentialRequest(configuration, Proof(key, IssuerId(award.Slug), await _wallet.NonceAsync(award.Slug))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var credential = (string)body!["credentials"]![0]!["credential"]!;
        Assert.Contains(key.Thumbprint(), credential);
        Assert.StartsWith($"fake-SdJwtVc~{award.AwardId}~", credential);
        var copy = Assert.Single(await CopiesAsync(award.AwardId));
        Assert.Equal(key.Thumbprint(), copy.HolderKeyThumbprint);
        Assert.Equal("pre-authorized_code", copy.Protocol);
        Assert.Equal(offerId, copy.OfferId);
        Assert.Equal(WalletCredentialFormat.SdJwtVc, copy.Format);
        Assert.Equal(FakeWalletStatus.TokenList, copy.TokenStatusListId);
        Assert.NotNull(copy.TokenStatusIndex);
        Assert.StartsWith((string)body["notification_id"]! + ".", copy.NotificationId);
        var offer = await OfferAsync(offerId);
        Assert.Equal(WalletOfferState.Issued, offer.State);
        Assert.NotNull(offer.IssuedAt);
    }

    [Fact]
    public async Task Several_proofs_give_a_batch_of_copies_each_with_its_own_key_and_status_index()
    {
        var award = await NewAwardAsync(host);
        var configuration = award.Configuration(WalletCredentialFormat.LdpVc);
        var nonce = await _wallet.NonceAsync(award.Slug);
        var issuer = IssuerId(award.Slug);
        var (jwkKey, didKeyKey, didJwkKey, p256DidKey) = (_wallet.NewKey(), _wallet.NewKey(es256: false), _wallet.NewKey(), _wallet.NewKey());
        var (response, body) = await _wallet.RequestAsync(award.Slug, Token(award, null), CredentialRequest(configuration,
            Proof(jwkKey, issuer, nonce), Proof(didKeyKey, issuer, nonce, ProofKeyStyle.DidKey), Proof(didJwkKey, issuer, nonce, ProofKeyStyle.DidJwk),
            Proof(p256DidKey, issuer, nonce, ProofKeyStyle.DidKey)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var credentials = body!["credentials"]!.AsArray();
        Assert.Equal(4, credentials.Count);
        Assert.StartsWith("did:key:zDn", DidOf(p256DidKey, ProofKeyStyle.DidKey));
        Assert.Equal([DidOf(jwkKey, ProofKeyStyle.DidJwk), DidOf(didKeyKey, ProofKeyStyle.DidKey), DidOf(didJwkKey, ProofKeyStyle.DidJwk),
            DidOf(p256DidKey, ProofKeyStyle.DidKey)],
            credentials.Select(c => (string?)c!["credential"]!["credentialSubject"]!["id"]));
        var copies = await CopiesAsync(award.AwardId);
        Assert.Equal(4, copies.Count);
        Assert.Equal(4, copies.Select(c => c.StatusIndex).Distinct().Count());
        Assert.Equal(4, copies.Select(c => c.NotificationId).Distinct().Count());
        Assert.Equal([jwkKey.Thumbprint(), didKeyKey.Thumbprint(), didJwkKey.Thumbprint(), p256DidKey.Thumbprint()], copies.Select(c => c.HolderKeyThumbprint));
        Assert.Equal(DidOf(didKeyKey, ProofKeyStyle.DidKey), copies[1].HolderDid);
        Assert.All(copies, c => Assert.Equal("authorization_code", c.Protocol));
    }

    [Fact]
    public async Task Every_bad_request_is_refused_by_its_OpenID4VCI_error_and_issues_nothing()
    {
        var award = await NewAwardAsync(host);
        var slug = award.Slug;
        var issuer = IssuerId(slug);
        var sdJwt = award.Configuration(WalletCredentialFormat.SdJwtVc);
        var ldp = award.Configuration(WalletCredentialFormat.LdpVc);
        var (offerId, _) = await NewOfferAsync(host, award, [sdJwt, ldp], WalletOfferState.TokenIssued);
        var token = Token(award, offerId, WalletCredentialFormat.SdJwtVc, WalletCredentialFormat.LdpVc);
        var nonce = await _wallet.NonceAsync(slug);
        var key = _wallet.NewKey();
        var good = Proof(key, issuer, nonce);
        var tampered = good[..^6] + (good[^6] == 'A' ? "B" : "A") + good[^5..];

        async Task RefusedAsync(string? withToken, JsonObject request, HttpStatusCode status, string error, string because)
        {
            var (response, body) = await _wallet.RequestAsync(slug, withToken, request);
            Assert.True(status == response.StatusCode && error == (string?)body?["error"],
                $"{because}: expected {(int)status} {error}, got {(int)response.StatusCode} {body?.ToJsonString()}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }

        await RefusedAsync(null, CredentialRequest(sdJwt, good), HttpStatusCode.Unauthorized, "invalid_token", "no access token");
        await RefusedAsync("not-a-token", CredentialRequest(sdJwt, good), HttpStatusCode.Unauthorized, "invalid_token", "unknown access token");
        await RefusedAsync(token, CredentialRequest(sdJwt, tampered), HttpStatusCode.BadRequest, "invalid_proof", "a proof whose signature fails");
        await RefusedAsync(token, CredentialRequest(ldp, Proof(_wallet.NewKey(), issuer, nonce), tampered), HttpStatusCode.BadRequest, "invalid_proof",
            "a batch with one bad proof");
        await RefusedAsync(token, CredentialRequest(sdJwt, Proof(key, "https://other.example/oid4vci/uu", nonce)), HttpStatusCode.BadRequest, "invalid_proof",
            "a proof for another issuer (aud)");
        await RefusedAsync(token, CredentialRequest(sdJwt, Proof(key, issuer, nonce, typ: "JWT")), HttpStatusCode.BadRequest, "invalid_proof", "a proof with the wrong typ");
        await RefusedAsync(token, CredentialRequest(sdJwt, Proof(key, issuer, nonce, issuedAt: DateTimeOffset.UtcNow.AddHours(-1))), HttpStatusCode.BadRequest,
            "invalid_proof", "a proof made an hour ago (iat)");
        await RefusedAsync(token, CredentialRequest(sdJwt, Proof(key, issuer, null)), HttpStatusCode.BadRequest, "invalid_proof", "a proof without nonce");
        await RefusedAsync(token, CredentialRequest(sdJwt, Proof(key, issuer, nonce, ProofKeyStyle.DidKey)), HttpStatusCode.BadRequest, "invalid_proof",
            "a did:key proof for an SD-JWT VC (binding is jwk)");
        await RefusedAsync(token, CredentialRequest(ldp, good, Proof(key, issuer, nonce, ProofKeyStyle.DidJwk)), HttpStatusCode.BadRequest, "invalid_proof",
            "the same key twice in a batch");
        await RefusedAsync(token, new JsonObject { ["credential_configuration_id"] = sdJwt }, HttpStatusCode.BadRequest, "invalid_proof", "no proofs");
        await RefusedAsync(token, CredentialRequest(sdJwt, Proof(key, issuer, "made-up-nonce")), HttpStatusCode.BadRequest, "invalid_nonce", "an unknown nonce");
        await RefusedAsync(token, CredentialRequest(WalletConfigurationId.For(Guid.NewGuid(), WalletCredentialFormat.SdJwtVc), good), HttpStatusCode.BadRequest,
            "unknown_credential_configuration", "a configuration nobody offers");
        await RefusedAsync(token, CredentialRequest("OpenBadgeCredential_ldp_vc", good), HttpStatusCode.BadRequest, "unknown_credential_configuration",
            "a configuration id that is not ours");
        await RefusedAsync(token, new JsonObject { ["format"] = "dc+sd-jwt", ["proof"] = new JsonObject { ["proof_type"] = "jwt", ["jwt"] = good } },
            HttpStatusCode.BadRequest, "invalid_credential_request", "the draft request form (format + proof)");
        await RefusedAsync(token, new JsonObject { ["proofs"] = new JsonObject { ["jwt"] = new JsonArray(good) } }, HttpStatusCode.BadRequest,
            "invalid_credential_request", "no credential_configuration_id");
        await RefusedAsync(token, CredentialRequest(sdJwt, [.. Enumerable.Range(0, 11).Select(_ => Proof(_wallet.NewKey(), issuer, nonce))]),
            HttpStatusCode.BadRequest, "invalid_credential_request", "more proofs than batch_size");
        await RefusedAsync(token, CredentialRequest(sdJwt, good, new string('a', 200_000)), HttpStatusCode.RequestEntityTooLarge, "invalid_credential_request",
            "a body over the size limit");
        var jwtOnly = Token(award, offerId, WalletCredentialFormat.JwtVcJson);
        await RefusedAsync(jwtOnly, CredentialRequest(sdJwt, good), HttpStatusCode.Forbidden, "insufficient_scope", "a token for another configuration");

        // Nothing was issued, the offer did not move, and the nonce is still unused: the good proof works now.
        Assert.Empty(await CopiesAsync(award.AwardId));
        Assert.Equal(WalletOfferState.TokenIssued, (await OfferAsync(offerId)).State);
        var (accepted, _) = await _wallet.RequestAsync(slug, token, CredentialRequest(sdJwt, good));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task A_token_refusal_names_the_error_in_WWW_Authenticate()
    {
        var award = await NewAwardAsync(host);
        var (response, _) = await _wallet.RequestAsync(award.Slug, "expired-or-made-up",
            CredentialRequest(award.Configuration(WalletCredentialFormat.SdJwtVc), "x.y.z"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter);
    }

    [Theory]
    [InlineData(AwardState.Suspended)]
    [InlineData(AwardState.Revoked)]
    [InlineData(AwardState.Withdrawn)]
    public async Task Only_an_issued_award_gives_a_credential(AwardState state)
    {
        var award = await NewAwardAsync(host, state);
        var configuration = award.Configuration(WalletCredentialFormat.LdpVc);
        var (offerId, _) = await NewOfferAsync(host, award, [configuration], WalletOfferState.TokenIssued);
        var (response, body) = await _wallet.RequestAsync(award.Slug, Token(award, offerId),
            CredentialRequest(configuration, Proof(_wallet.NewKey(), IssuerId(award.Slug), await _wallet.NonceAsync(award.Slug))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("credential_request_denied", (string?)body!["error"]);
        Assert.Empty(await CopiesAsync(award.AwardId));
        Assert.Equal(WalletOfferState.TokenIssued, (await OfferAsync(offerId)).State);
    }

    [Fact]
    public async Task Someone_elses_offer_gives_nothing()
    {
        var award = await NewAwardAsync(host);
        var thief = await NewAwardAsync(host);
        var configuration = award.Configuration(WalletCredentialFormat.LdpVc);
        var (offerId, _) = await NewOfferAsync(host, award, [configuration], WalletOfferState.TokenIssued);
        // A token for the other learner that (wrongly) names this offer: the offer's owner decides.
        var token = host.Tokens.Issue(new WalletGrant(thief.PersonId, offerId, [configuration], null, "pre-authorized_code"));
        var (response, body) = await _wallet.RequestAsync(award.Slug, token,
            CredentialRequest(configuration, Proof(_wallet.NewKey(), IssuerId(award.Slug), await _wallet.NonceAsync(award.Slug))));
        Assert.Equal("credential_request_denied", (string?)body!["error"]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await CopiesAsync(award.AwardId));
    }

    [Fact]
    public async Task Notifications_update_the_copies_and_acknowledge_the_offer()
    {
        var award = await NewAwardAsync(host);
        var configuration = award.Configuration(WalletCredentialFormat.JwtVcJson);
        var (offerId, _) = await NewOfferAsync(host, award, [configuration], WalletOfferState.TokenIssued);
        var token = Token(award, offerId);
        var nonce = await _wallet.NonceAsync(award.Slug);
        var (issued, body) = await _wallet.RequestAsync(award.Slug, token, CredentialRequest(configuration,
            Proof(_wallet.NewKey(), IssuerId(award.Slug), nonce), Proof(_wallet.NewKey(es256: false), IssuerId(award.Slug), nonce)));
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var notificationId = (string)body!["notification_id"]!;

        async Task<(HttpStatusCode Status, string? Error)> NotifyAsync(string withToken, JsonObject notification)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, WalletRoutes.NotificationPath(award.Slug))
            {
                Content = new StringContent(notification.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            message.Headers.Authorization = new("Bearer", withToken);
            using var response = await _wallet.Http.SendAsync(message, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            return (response.StatusCode, text.Length == 0 ? null : (string?)JsonNode.Parse(text)!["error"]);
        }

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_notification_id"),
            await NotifyAsync(token, new JsonObject { ["notification_id"] = "0123456789abcdef0123456789abcdef", ["event"] = "credential_accepted" }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_notification_request"),
            await NotifyAsync(token, new JsonObject { ["notification_id"] = notificationId, ["event"] = "credential_liked" }));
        var stranger = await NewAwardAsync(host);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_notification_id"),
            await NotifyAsync(Token(stranger, null), new JsonObject { ["notification_id"] = notificationId, ["event"] = "credential_deleted" }));
        Assert.All(await CopiesAsync(award.AwardId), c => Assert.Null(c.LastNotificationEvent));

        Assert.Equal((HttpStatusCode.NoContent, null),
            await NotifyAsync(token, new JsonObject { ["notification_id"] = notificationId, ["event"] = "credential_accepted" }));
        Assert.All(await CopiesAsync(award.AwardId), c => Assert.Equal("credential_accepted", c.LastNotificationEvent));
        var offer = await OfferAsync(offerId);
        Assert.Equal(WalletOfferState.Acknowledged, offer.State);
        Assert.NotNull(offer.AcknowledgedAt);
        Assert.Equal((HttpStatusCode.NoContent, null),
            await NotifyAsync(token, new JsonObject { ["notification_id"] = notificationId, ["event"] = "credential_deleted" }));
        Assert.All(await CopiesAsync(award.AwardId), c => Assert.Equal("credential_deleted", c.LastNotificationEvent));
    }
}

public sealed class WalletIssuerTestsOnSqlite(WalletIssuerSqliteHost host) : WalletIssuerTests(host), IClassFixture<WalletIssuerSqliteHost>;

public sealed class WalletIssuerTestsOnPostgres(WalletIssuerPostgresHost host) : WalletIssuerTests(host), IClassFixture<WalletIssuerPostgresHost>;
