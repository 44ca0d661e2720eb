using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Features.Wallets;
using Laurel.Tests.Wallets;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Interop;

/// <summary>
/// Issue 16: wallet copies stay in step with the award for independent readers. The OpenWallet Foundation's
/// <c>@sd-jwt/jwt-status-list</c> (0.19.0) reads the served Token Status List (signature checked with node:crypto against the
/// jwt-vc-issuer key) and digitalbazaar's verifier checks the Bitstring entries of a Data Integrity copy, both over https.
/// </summary>
public sealed class WalletStatusInteropTests(HttpsSqliteHost host) : IClassFixture<HttpsSqliteHost>, IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-wallet-status-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Independent_readers_see_valid_suspended_valid_invalid_and_a_stopped_copy_alone_invalid()
    {
        var award = await host.AwardThroughServiceAsync();
        var sdJwt = await host.AddCopyAsync(award, WalletCredentialFormat.SdJwtVc);
        var other = await host.AddCopyAsync(award, WalletCredentialFormat.SdJwtVc);
        var ldp = await host.AddCopyAsync(award, WalletCredentialFormat.LdpVc);
        var ldpFile = await DataIntegrityCopyAsync(ldp);

        await AssertTokenAsync(sdJwt, 0, "when issued");
        await AssertBitstringAsync(ldpFile, suspended: false, revoked: false, "when issued");

        await host.ChangeAsync(award, AwardStatusAction.Suspend);
        await AssertTokenAsync(sdJwt, 2, "after suspending");
        await AssertBitstringAsync(ldpFile, suspended: true, revoked: false, "after suspending");

        await host.ChangeAsync(award, AwardStatusAction.Reinstate);
        await AssertTokenAsync(sdJwt, 0, "after reinstating");
        await AssertBitstringAsync(ldpFile, suspended: false, revoked: false, "after reinstating");

        // The learner stops one copy: only its own entry turns INVALID.
        await host.StopAsync(other.Id);
        await AssertTokenAsync(other, 1, "the stopped copy");
        await AssertTokenAsync(sdJwt, 0, "the other copy after stopping one");
        await AssertBitstringAsync(ldpFile, suspended: false, revoked: false, "the Data Integrity copy after stopping another");

        await host.ChangeAsync(award, AwardStatusAction.Revoke);
        await AssertTokenAsync(sdJwt, 1, "after revoking");
        await AssertBitstringAsync(ldpFile, suspended: false, revoked: true, "after revoking");
    }

    // The Data Integrity form of the copy: the award's credential with the copy's own status entries, signed by the institution.
    private async Task<string> DataIntegrityCopyAsync(WalletCopy copy)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var json = await sp.GetRequiredService<Laurel.Infrastructure.Database.LaurelDb>().Awards
            .Where(a => a.Id == copy.AwardId).Select(a => a.CredentialJson).SingleAsync(Ct);
        var credential = JsonNode.Parse(json)!.AsObject();
        credential.Remove("proof");
        credential["id"] = $"urn:uuid:{Guid.NewGuid()}";
        credential["credentialStatus"] = sp.GetRequiredService<StatusListService>()
            .CredentialStatusEntries(new StatusAllocation(copy.RevocationListId!.Value, copy.SuspensionListId!.Value, copy.StatusIndex!.Value));
        var signed = await sp.GetRequiredService<IssuerSigner>().SignAsync(copy.InstitutionId, credential, Ct);
        var file = Path.Combine(_dir, $"{copy.Id}.json");
        await File.WriteAllTextAsync(file, signed.Credential.ToJsonString(), Ct);
        return file;
    }

    private async Task AssertBitstringAsync(string file, bool suspended, bool revoked, string when)
    {
        var output = await InteropNode.VerifyAsync(host.Origin, host.Certificates.CaPemPath, file);
        var db = output["results"]!.AsArray().Single()!["digitalbazaar"]!;
        Assert.True((bool)db["statusChecked"]!, $"digitalbazaar did not check the status {when}: {db.ToJsonString()}");
        Assert.True((bool)db["suspended"]! == suspended, $"digitalbazaar suspended {when}: {db.ToJsonString()}");
        Assert.True((bool)db["revoked"]! == revoked, $"digitalbazaar revoked {when}: {db.ToJsonString()}");
    }

    private async Task AssertTokenAsync(WalletCopy copy, int expected, string when)
    {
        using var client = HttpsClient();
        var uri = $"{host.Origin}/status/tokens/{copy.TokenStatusListId}";
        using var response = await client.GetAsync(uri, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/statuslist+jwt", response.Content.Headers.ContentType!.MediaType);
        var tokenFile = Path.Combine(_dir, "token.jwt");
        await File.WriteAllTextAsync(tokenFile, await response.Content.ReadAsStringAsync(Ct), Ct);
        var slug = await host.DbAsync(db => db.Institutions.Where(i => i.Id == copy.InstitutionId).Select(i => i.Slug).SingleAsync(Ct));
        var metadata = JsonNode.Parse(await client.GetStringAsync($"/.well-known/jwt-vc-issuer{WalletRoutes.IssuerPath(slug)}", Ct))!;
        var jwksFile = Path.Combine(_dir, "jwks.json");
        await File.WriteAllTextAsync(jwksFile, metadata["jwks"]!.ToJsonString(), Ct);

        var result = await RunNodeAsync("token-status.mjs", tokenFile, jwksFile, copy.TokenStatusIndex!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True((bool)result["signature"]!, $"ES256 signature {when}: {result.ToJsonString()}");
        Assert.Equal("statuslist+jwt", (string?)result["typ"]);
        Assert.Equal(2, (int)result["bits"]!);
        Assert.Equal(uri, (string?)result["sub"]);
        Assert.Equal((string?)metadata["issuer"], (string?)result["iss"]);
        Assert.True((int)result["statuses"]![copy.TokenStatusIndex.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]! == expected,
            $"@sd-jwt/jwt-status-list {when}: {result.ToJsonString()}");
    }

    private static Task<JsonObject> RunNodeAsync(string script, params string[] args) =>
        NodeScript.RunAsync(script, args, ["@sd-jwt/jwt-status-list"], timeout: TimeSpan.FromSeconds(60), ct: Ct);

    // Laurel over https with the test certificate: trust exactly the test CA.
    private HttpClient HttpsClient()
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(host.Certificates.CaPemPath));
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(host.Origin) };
    }
}
