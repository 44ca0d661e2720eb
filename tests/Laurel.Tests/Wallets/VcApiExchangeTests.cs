using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Features.Wallets;
using Laurel.Tests.Interop;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Wallets.WalletTestKit;

namespace Laurel.Tests.Wallets;

/// <summary>
/// The VC-API exchange driven by a script acting as the DCC Learner Credential Wallet (did:key holder, DID authentication
/// presentation signed with digitalbazaar's vc + eddsa-rdfc-2022): the request, the credential bound to the wallet's DID,
/// verified by digitalbazaar and DCC verifiers; the copy recorded and the offer closed; and every refusal changes nothing.
/// </summary>
public sealed class VcApiExchangeTests(WalletHttpsHost host) : IClassFixture<WalletHttpsHost>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-vcapi-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string ExchangeUrl(Guid offerId) => host.Origin + WalletRoutes.ExchangePath(offerId);

    private Task<JsonObject> WalletAsync(Guid offerId, string mode = "ok", Guid? other = null) =>
        NodeAsync(host.Certificates.CaPemPath, "dcc-wallet-exchange.mjs", [ExchangeUrl(offerId), mode, .. other is { } o ? [ExchangeUrl(o)] : Array.Empty<string>()]);

    private Task<WalletOffer> OfferRowAsync(Guid id) => host.DbAsync(db => db.WalletOffers.AsNoTracking().SingleAsync(o => o.Id == id));

    private Task<List<WalletCopy>> CopiesAsync(Guid awardId) => host.DbAsync(db => db.WalletCopies.AsNoTracking().Where(c => c.AwardId == awardId).ToListAsync());

    private static string Code(JsonObject output) => (string?)output["body"]!["code"] ?? "";

    [Fact]
    public async Task Dcc_wallet_gets_a_credential_bound_to_its_did_key_that_independent_verifiers_accept_once()
    {
        var awardId = await host.AwardThroughServiceAsync();
        var offerId = await OfferAsync(host, awardId);

        var output = await WalletAsync(offerId);
        var request = output["request"]!;
        Assert.Equal("DIDAuthentication", (string?)request["query"]![0]!["type"]);
        Assert.Contains(request["query"]![0]!["acceptedMethods"]!.AsArray(), m => (string?)m!["method"] == "key");
        Assert.Equal(host.Origin, (string?)request["domain"]);
        Assert.True(200 == (int)output["status"]!, output.ToJsonString());
        var did = (string)output["did"]!;
        var vp = output["body"]!["verifiablePresentation"]!;
        Assert.Contains("VerifiablePresentation", vp["type"]!.AsArray().Select(t => (string?)t));
        var credential = vp["verifiableCredential"]![0]!.AsObject();
        Assert.Equal(did, (string?)credential["credentialSubject"]!["id"]);

        var file = Path.Combine(_dir, "from-exchange.json");
        await File.WriteAllTextAsync(file, credential.ToJsonString(), Ct);
        var verified = (await InteropNode.VerifyAsync(host.Origin, host.Certificates.CaPemPath, file))["results"]![0]!;
        Assert.True((bool)verified["digitalbazaar"]!["verified"]!, "digitalbazaar: " + verified["digitalbazaar"]!.ToJsonString());
        Assert.True((bool)verified["digitalbazaar"]!["statusChecked"]! && !(bool)verified["digitalbazaar"]!["revoked"]!);
        Assert.True((bool)verified["dcc"]!["signature"]!, "verifier-core: " + verified["dcc"]!.ToJsonString());

        var offer = await OfferRowAsync(offerId);
        Assert.Equal(WalletOfferState.Issued, offer.State);
        var copy = Assert.Single(await CopiesAsync(awardId));
        Assert.Equal(("vcapi", did, WalletCredentialFormat.LdpVc, offerId), (copy.Protocol, copy.HolderDid, copy.Format, copy.OfferId));
        Assert.Equal(copy.StatusIndex.ToString(), (string?)credential["credentialStatus"]![0]!["statusListIndex"]);

        // The same signed presentation again: the exchange is used up, nothing more is issued.
        using var client = HttpsClient(host.Origin, host.Certificates.CaPemPath);
        var replay = await client.PostAsync(WalletRoutes.ExchangePath(offerId), Json(new JsonObject { ["verifiablePresentation"] = output["presentation"]!.DeepClone() }), Ct);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("exchange.used", await replay.Content.ReadAsStringAsync(Ct));
        Assert.Single(await CopiesAsync(awardId));
    }

    [Theory]
    [InlineData("wrong-challenge", "exchange.challenge-invalid")]
    [InlineData("unsigned", "exchange.challenge-invalid")]
    [InlineData("wrong-domain", "exchange.presentation-invalid")]
    public async Task A_presentation_without_this_exchanges_signed_challenge_and_domain_gets_nothing(string mode, string code)
    {
        var awardId = await host.AwardThroughServiceAsync();
        var offerId = await OfferAsync(host, awardId);
        var otherId = await OfferAsync(host, await host.AwardThroughServiceAsync());

        var output = await WalletAsync(offerId, mode, otherId);
        Assert.True(400 == (int)output["status"]!, output.ToJsonString());
        Assert.Equal(code, Code(output));
        Assert.Equal(WalletOfferState.Offered, (await OfferRowAsync(offerId)).State);
        Assert.Empty(await CopiesAsync(awardId));
    }

    [Fact]
    public async Task Expired_unknown_and_used_offers_and_oversized_bodies_are_refused_with_clear_problems()
    {
        using var client = HttpsClient(host.Origin, host.Certificates.CaPemPath);
        var expired = await OfferAsync(host, await host.AwardThroughServiceAsync(), expiresIn: TimeSpan.FromSeconds(-1));
        var taken = await OfferAsync(host, await host.AwardThroughServiceAsync(), state: WalletOfferState.TokenIssued);
        var open = await OfferAsync(host, await host.AwardThroughServiceAsync());
        var sdJwtOnly = await OfferAsync(host, await host.AwardThroughServiceAsync(), formats: WalletCredentialFormat.SdJwtVc);

        async Task<(HttpStatusCode, string)> Post(string path, HttpContent content)
        {
            var response = await client.PostAsync(path, content, Ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        }
        var (status, body) = await Post(WalletRoutes.ExchangePath(expired), Json([]));
        Assert.Equal((HttpStatusCode.Gone, true), (status, body.Contains("exchange.expired")));
        (status, body) = await Post(WalletRoutes.ExchangePath(Guid.NewGuid()), Json([]));
        Assert.Equal((HttpStatusCode.NotFound, true), (status, body.Contains("exchange.unknown")));
        (status, body) = await Post("/wallet/exchanges/not-an-offer", Json([]));
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, body) = await Post(WalletRoutes.ExchangePath(taken), Json([]));
        Assert.Equal((HttpStatusCode.Conflict, true), (status, body.Contains("exchange.used")));
        (status, _) = await Post(WalletRoutes.ExchangePath(open), new StringContent("{\"verifiablePresentation\":\"" + new string('a', 70_000) + "\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        (status, body) = await Post(WalletRoutes.ExchangePath(open), new StringContent("[1]", Encoding.UTF8, "application/json"));
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, body.Contains("exchange.malformed")));
        (status, body) = await Post(WalletRoutes.ExchangePath(open), Json(new JsonObject { ["verifiablePresentation"] = "eyJhbGciOi.x.y" }));
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, body.Contains("exchange.presentation-invalid")));
        Assert.Equal(WalletOfferState.Offered, (await OfferRowAsync(open)).State);

        // An offer without the Data Integrity form: the wallet authenticates, but nothing is issued.
        var output = await WalletAsync(sdJwtOnly);
        Assert.True(409 == (int)output["status"]!, output.ToJsonString());
        Assert.Equal("exchange.not-issuable", Code(output));
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
