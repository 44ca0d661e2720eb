using System.Diagnostics;
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

    private async Task<JsonObject> RunAsync(params string[] args)
    {
        var folder = TestPaths.NodeFolder();
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@openid4vc", "openid4vci")),
            $"Node package @openid4vc/openid4vci is missing in {folder}: run ./test.sh (it runs npm ci there).");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("oid4vci-issuer-client.mjs");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["NODE_EXTRA_CA_CERTS"] = host.CaPemPath;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start node.");
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(process.ExitCode == 0 && lines.Length > 0, $"oid4vci-issuer-client.mjs failed (exit {process.ExitCode}): {await stderr}");
        return JsonNode.Parse(lines[^1])!.AsObject();
    }
}

public sealed class ReferenceWalletIssuerTestsOnSqlite(WalletIssuerSqliteHost host) : ReferenceWalletIssuerTests(host), IClassFixture<WalletIssuerSqliteHost>;

public sealed class ReferenceWalletIssuerTestsOnPostgres(WalletIssuerPostgresHost host) : ReferenceWalletIssuerTests(host), IClassFixture<WalletIssuerPostgresHost>;
