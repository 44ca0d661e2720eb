using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Presentations;
using Laurel.Features.Wallets;
using Laurel.Tests.Wallets;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Presentations.Exchanges;

/// <summary>
/// A presentation request answered over a VC-API exchange by a script acting as the DCC Learner Credential Wallet (did:key holder,
/// digitalbazaar's vc + eddsa-rdfc-2022): the holder first receives a Laurel badge bound to its DID through the issuance exchange,
/// then presents it. A valid answer is verified and stored; a replay, a wrong domain, a revoked or suspended badge, someone else's
/// badge and an answer to a closed request are each refused with a clear reason and store nothing.
/// </summary>
public abstract class VcApiPresentationExchangeTests(LaurelHost host) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-vcapi-present-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string ExchangeUrl(Guid requestId) => host.BaseUrl + PresentationRoutes.VcApiExchange(requestId);

    private static Task<JsonObject> NodeAsync(params string[] args) =>
        NodeScript.RunAsync("dcc-wallet-present.mjs", args, ["@digitalbazaar/vc", "@digitalbazaar/did-method-key"], null, TimeSpan.FromSeconds(180), Ct);

    /// <summary>A learner's wallet holding one badge issued to its did:key through Laurel's issuance exchange; returns the wallet file.</summary>
    private async Task<(string WalletFile, string Did, JsonObject Credential, Guid AwardId)> WalletWithBadgeAsync()
    {
        var awardId = await host.AwardThroughServiceAsync();
        var offerId = await WalletTestKit.OfferAsync(host, awardId);
        var file = Path.Combine(_dir, $"wallet-{Guid.NewGuid():N}.json");
        var received = await NodeAsync("receive", host.BaseUrl + WalletRoutes.ExchangePath(offerId), file);
        Assert.True(received["credential"] is JsonObject, received.ToJsonString());
        return (file, (string)received["did"]!, received["credential"]!.AsObject(), awardId);
    }

    private Task<Guid> RequestAsync(string? achievementId = null) => host.DbAsync(async db =>
    {
        var owner = await db.Persons.Select(p => p.Id).FirstAsync(Ct);
        var now = DateTime.UtcNow;
        var request = new PresentationRequest
        {
            Id = Guid.CreateVersion7(), OwnerPersonId = owner, Title = "Data analyst vacancy", PurposeNl = "Toon je badge voor de vacature.",
            PurposeEn = "Show your badge for the vacancy.", Criteria = new BadgeCriteria { AchievementIds = achievementId is null ? [] : [achievementId] },
            CreatedAt = now, UpdatedAt = now,
        };
        db.Add(request);
        await db.SaveChangesAsync(Ct);
        return request.Id;
    });

    private Task<List<PresentationResponse>> ResponsesAsync(Guid requestId) =>
        host.DbAsync(db => db.Set<PresentationResponse>().AsNoTracking().Where(r => r.RequestId == requestId).ToListAsync(Ct));

    private Task<List<PresentationSession>> SessionsAsync(Guid requestId) =>
        host.DbAsync(db => db.Set<PresentationSession>().AsNoTracking().Where(s => s.RequestId == requestId).ToListAsync(Ct));

    private static string AchievementId(JsonObject credential) => (string)credential["credentialSubject"]!["achievement"]!["id"]!;

    private static string Code(JsonNode? body) => (string?)body?["code"] ?? "";

    [Fact]
    public async Task Lcw_answer_with_its_own_badge_is_verified_and_stored_once_and_a_replay_is_refused()
    {
        var (wallet, did, credential, _) = await WalletWithBadgeAsync();
        var requestId = await RequestAsync(AchievementId(credential));

        var output = await NodeAsync("present", wallet, ExchangeUrl(requestId), "replay");

        // The request the wallet got: a badge by example (this achievement), DID authentication, challenge, domain, where to answer.
        var vpr = output["request"]!;
        var session = Assert.Single(await SessionsAsync(requestId));
        Assert.Equal("QueryByExample", (string?)vpr["query"]![0]!["type"]);
        var query = vpr["query"]![0]!["credentialQuery"]!;
        Assert.Equal("Show your badge for the vacancy.", (string?)query["reason"]);
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], query["example"]!["type"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(AchievementId(credential), (string?)query["example"]!["credentialSubject"]!["achievement"]!["id"]);
        Assert.Equal("DIDAuthentication", (string?)vpr["query"]![1]!["type"]);
        Assert.Equal(session.Nonce, (string?)vpr["challenge"]);
        Assert.Equal(host.BaseUrl, (string?)vpr["domain"]);
        Assert.Equal(host.BaseUrl + PresentationRoutes.VcApiExchangeStep(requestId, session.Id), (string?)vpr["interact"]!["service"]![0]!["serviceEndpoint"]);
        Assert.Equal(1, (int)output["matched"]!);

        Assert.True(200 == (int)output["status"]!, output["body"]!.ToJsonString());
        Assert.Empty(output["body"]!.AsObject());
        var response = Assert.Single(await ResponsesAsync(requestId));
        Assert.Equal((did, PresentationChannel.VcApi, 1), (response.HolderKey, response.Channel, response.AnswerCount));
        var presented = Assert.Single(response.Credentials);
        Assert.True(presented.BoundToHolder && presented.Valid, string.Join(", ", presented.Checks.Select(c => c.Code)));
        Assert.Equal("holder.subject_id", presented.BindingCode);
        Assert.Equal(AchievementId(credential), presented.Facts.AchievementId);
        Assert.Equal("8", presented.Disclosed.GetValueOrDefault(DisclosedFact.Grade));
        Assert.Equal(response.Id, (await SessionsAsync(requestId)).Single().ResponseId);

        // The same signed presentation again: its challenge was used; nothing changes.
        var replay = output["replay"]!;
        Assert.Equal(400, (int)replay["status"]!);
        Assert.Equal("nonce.replayed", Code(replay["body"]));
        Assert.Contains("already used", (string?)replay["body"]!["detail"]);
        Assert.Equal(1, Assert.Single(await ResponsesAsync(requestId)).AnswerCount);
    }

    [Theory]
    [InlineData("wrong-domain", "presentation.invalid")]
    [InlineData("other-holder", "credential.not_holders")]
    [InlineData("revoked", "credential.invalid")]
    [InlineData("suspended", "credential.invalid")]
    public async Task Answer_that_is_not_a_valid_badge_of_the_presenter_for_this_exchange_is_refused_and_nothing_is_stored(string mode, string code)
    {
        var (wallet, _, credential, awardId) = await WalletWithBadgeAsync();
        var requestId = await RequestAsync(AchievementId(credential));
        if (mode is "revoked") await host.ChangeAsync(awardId, AwardStatusAction.Revoke);
        if (mode is "suspended") await host.ChangeAsync(awardId, AwardStatusAction.Suspend);

        var output = await NodeAsync("present", wallet, ExchangeUrl(requestId), mode is "revoked" or "suspended" ? "ok" : mode);

        Assert.True(400 == (int)output["status"]!, output["body"]!.ToJsonString());
        Assert.Equal(code, Code(output["body"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)output["body"]!["detail"]));
        if (mode is "revoked" or "suspended") Assert.Contains("status", (string?)output["body"]!["reason"]);
        Assert.Empty(await ResponsesAsync(requestId));
        Assert.Equal(code, Assert.Single(await SessionsAsync(requestId)).RefusalCode);
    }

    [Fact]
    public async Task Answer_to_a_request_closed_after_the_wallet_fetched_it_is_refused_and_a_closed_request_starts_no_exchange()
    {
        var (wallet, _, credential, _) = await WalletWithBadgeAsync();
        var requestId = await RequestAsync(AchievementId(credential));
        using var client = host.CreateClient();
        var start = await client.PostAsync(PresentationRoutes.VcApiExchange(requestId), Json("{}"), Ct);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var vpr = JsonNode.Parse(await start.Content.ReadAsStringAsync(Ct))!["verifiablePresentationRequest"]!;
        var requestFile = Path.Combine(_dir, "vpr.json");
        await File.WriteAllTextAsync(requestFile, vpr.ToJsonString(), Ct);
        await host.DbAsync(db => db.Set<PresentationRequest>().Where(r => r.Id == requestId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClosedAt, DateTime.UtcNow), Ct));

        var output = await NodeAsync("present", wallet, ExchangeUrl(requestId), "ok", requestFile);
        Assert.Equal(410, (int)output["status"]!);
        Assert.Equal("request.closed", Code(output["body"]));
        Assert.Empty(await ResponsesAsync(requestId));

        var again = await client.PostAsync(PresentationRoutes.VcApiExchange(requestId), Json("{}"), Ct);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("request.closed", await again.Content.ReadAsStringAsync(Ct));
        Assert.Single(await SessionsAsync(requestId));
    }

    [Fact]
    public async Task Wallet_that_answers_at_the_exchange_url_is_matched_to_its_session_by_the_challenge()
    {
        var (wallet, did, credential, _) = await WalletWithBadgeAsync();
        var requestId = await RequestAsync(AchievementId(credential));
        var output = await NodeAsync("present", wallet, ExchangeUrl(requestId), "to-exchange");
        Assert.True(200 == (int)output["status"]!, output["body"]!.ToJsonString());
        Assert.Equal(did, Assert.Single(await ResponsesAsync(requestId)).HolderKey);
    }

    [Fact]
    public async Task Interaction_url_gives_wallets_the_protocols_and_sends_browsers_to_the_ask_page()
    {
        var requestId = await RequestAsync();
        using var client = host.CreateClient();
        async Task<HttpResponseMessage> Get(Guid id, string accept)
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, PresentationRoutes.Interaction(id));
            message.Headers.TryAddWithoutValidation("Accept", accept);
            return await client.SendAsync(message, Ct);
        }

        var json = await Get(requestId, "application/json");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var protocols = JsonNode.Parse(await json.Content.ReadAsStringAsync(Ct))!["protocols"]!;
        Assert.Equal(host.BaseUrl + PresentationRoutes.VcApiExchange(requestId), (string?)protocols["vcapi"]);
        Assert.StartsWith("openid4vp://?client_id=", (string?)protocols["OID4VP"]);
        Assert.Contains(Uri.EscapeDataString(host.BaseUrl + PresentationRoutes.Oid4VpRequestUri(requestId)), (string?)protocols["OID4VP"]);

        var browser = await Get(requestId, "text/html,application/xhtml+xml,*/*;q=0.8");
        Assert.Equal(HttpStatusCode.Redirect, browser.StatusCode);
        Assert.Equal(PresentationRoutes.Ask(requestId), browser.Headers.Location?.OriginalString);

        Assert.Equal(HttpStatusCode.NotFound, (await Get(Guid.NewGuid(), "application/json")).StatusCode);
        await host.DbAsync(db => db.Set<PresentationRequest>().Where(r => r.Id == requestId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClosedAt, DateTime.UtcNow), Ct));
        var closed = await Get(requestId, "application/json");
        Assert.Equal(HttpStatusCode.Gone, closed.StatusCode);
        Assert.Contains("request.closed", await closed.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Oversized_deep_garbage_and_unknown_exchange_messages_get_a_fast_4xx_and_store_nothing()
    {
        var requestId = await RequestAsync();
        using var client = host.CreateClient();
        async Task<(HttpStatusCode, string)> Post(string path, HttpContent content)
        {
            var response = await client.PostAsync(path, content, Ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        }
        var exchange = PresentationRoutes.VcApiExchange(requestId);
        var step = PresentationRoutes.VcApiExchangeStep(requestId, Guid.NewGuid());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge,
            (await Post(exchange, Json("{\"verifiablePresentation\":\"" + new string('a', 600_000) + "\"}"))).Item1);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(exchange, Json(new string('[', 500) + new string(']', 500)))).Item1);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(exchange, Json("{\"verifiablePresentation\":"))).Item1);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Post(exchange, new StringContent("{}", Encoding.UTF8, "text/plain"))).Item1);
        var (status, body) = await Post(exchange, Json("[1]"));
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, body.Contains("exchange.malformed")));
        (status, body) = await Post(exchange, Json("{\"verifiablePresentation\":{\"proof\":{\"challenge\":\"guessed\"}}}"));
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, body.Contains("exchange.challenge-invalid")));
        (status, body) = await Post(PresentationRoutes.VcApiExchange(Guid.NewGuid()), Json("{}"));
        Assert.Equal((HttpStatusCode.NotFound, true), (status, body.Contains("exchange.unknown")));
        (status, _) = await Post("/presentations/exchanges/not-a-request", Json("{}"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, body) = await Post(step, Json("{\"verifiablePresentation\":{}}"));
        Assert.Equal((HttpStatusCode.NotFound, true), (status, body.Contains("exchange.unknown")));

        // A real session: a presentation that is a string, or one that is no presentation at all, is refused with its reason.
        var start = await client.PostAsync(exchange, Json("{}"), Ct);
        var endpoint = (string)JsonNode.Parse(await start.Content.ReadAsStringAsync(Ct))!["verifiablePresentationRequest"]!["interact"]!["service"]![0]!["serviceEndpoint"]!;
        (status, body) = await Post(endpoint, Json("{\"verifiablePresentation\":\"eyJhbGciOi.x.y\"}"));
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, body.Contains("exchange.presentation-invalid")));
        (status, body) = await Post(endpoint, Json("{\"verifiablePresentation\":{\"type\":\"Nonsense\",\"verifiableCredential\":[1,\"x\",null]}}"));
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, body.Contains("presentation.invalid")));
        Assert.Empty(await ResponsesAsync(requestId));
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}

public sealed class VcApiPresentationExchangeSqliteTests(WalletSqliteHost host) : VcApiPresentationExchangeTests(host), IClassFixture<WalletSqliteHost>;

public sealed class VcApiPresentationExchangePostgresTests(WalletPostgresHost host) : VcApiPresentationExchangeTests(host), IClassFixture<WalletPostgresHost>;
