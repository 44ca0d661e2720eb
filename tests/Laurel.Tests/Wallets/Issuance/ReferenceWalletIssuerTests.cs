using System.Text.Json.Nodes;
using Laurel.Features.Wallets;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Wallets.Issuance;

/// <summary>
/// An independent wallet library (@openid4vc/openid4vci 0.4.6, tests/Laurel.Tests/node/oid4vci-issuer-client.mjs) takes a
/// Laurel offer by reference, reads the institution's metadata, makes its own jwt proofs and gets a batch of credentials.
/// The access token is the test's stand-in (<see cref="FakeWalletAccessTokens"/>) until the token endpoint is merged.
/// </summary>
public abstract class ReferenceWalletIssuerTests(WalletIssuerHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_openid4vc_client_resolves_the_offer_and_metadata_and_gets_a_batch()
    {
        var award = await TestWallet.NewAwardAsync(host);
        var configuration = award.Configuration(WalletCredentialFormat.SdJwtVc);
        var (offerId, secrets) = await TestWallet.NewOfferAsync(host, award, [configuration, award.Configuration(WalletCredentialFormat.LdpVc)]);
        var token = host.Tokens.Issue(new WalletGrant(award.PersonId, offerId, [configuration], null, "pre-authorized_code"));

        var result = await RunAsync(host.Origin + WalletRoutes.OfferPath(offerId), token);

        Assert.True(result["error"] is null, $"the reference wallet failed: {result.ToJsonString()}");
        Assert.Equal($"{host.Origin}/oid4vci/{award.Slug}", (string?)result["issuer"]);
        Assert.Equal("V1", (string?)result["version"]);
        Assert.Equal(secrets.PreAuthorizedCode,
            (string?)result["offer"]!["grants"]!["urn:ietf:params:oauth:grant-type:pre-authorized_code"]!["pre-authorized_code"]);
        // Every configuration Laurel lists is one the library understands (format-specific fields valid).
        Assert.Contains(configuration, result["configurations"]!.AsArray().Select(c => (string?)c));
        Assert.Contains(award.Configuration(WalletCredentialFormat.LdpVc), result["configurations"]!.AsArray().Select(c => (string?)c));
        Assert.Contains(award.Configuration(WalletCredentialFormat.JwtVcJson), result["configurations"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(2, result["credentials"]!.AsArray().Count);
        Assert.True((bool)result["notified"]!);

        var copies = await host.DbAsync(db => db.WalletCopies.AsNoTracking().Where(c => c.AwardId == award.AwardId).ToListAsync(Ct));
        Assert.Equal(2, copies.Count);
        Assert.All(copies, c => Assert.Equal("credential_accepted", c.LastNotificationEvent));
        Assert.Equal(WalletOfferState.Acknowledged, (await host.DbAsync(db => db.WalletOffers.SingleAsync(o => o.Id == offerId, Ct))).State);
    }

    private Task<JsonObject> RunAsync(params string[] args) =>
        NodeScript.RunAsync("oid4vci-issuer-client.mjs", args, ["@openid4vc/openid4vci"], host.CaPemPath, ct: Ct);
}

public sealed class ReferenceWalletIssuerTestsOnSqlite(WalletIssuerSqliteHost host) : ReferenceWalletIssuerTests(host), IClassFixture<WalletIssuerSqliteHost>;

public sealed class ReferenceWalletIssuerTestsOnPostgres(WalletIssuerPostgresHost host) : ReferenceWalletIssuerTests(host), IClassFixture<WalletIssuerPostgresHost>;
