using System.Text.Json.Nodes;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Verification;
using Laurel.Features.Publishing.Status;
using Laurel.Features.Wallets;
using Laurel.Features.Wallets.Formats;
using Laurel.Tests.Interop;
using static Laurel.Tests.Wallets.WalletTestKit;

namespace Laurel.Tests.Wallets;

/// <summary>
/// The Data Integrity (ldp_vc) and VC-JWT forms of a wallet copy: the badge's OB 3.0 facts, bound to the holder's DID, with the
/// copy's own status entries. digitalbazaar's vc and the DCC's verifier-core accept the ldp_vc form and see the copy's own
/// revocation, while the award's stored credential stays valid.
/// </summary>
public sealed class WalletDataIntegrityTests(WalletHttpsHost host) : IClassFixture<WalletHttpsHost>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-ldp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<Dictionary<string, JsonObject>> VerifyAsync(params string[] files)
    {
        var output = await InteropNode.VerifyAsync(host.Origin, host.Certificates.CaPemPath, files);
        return output["results"]!.AsArray().ToDictionary(r => (string)r!["file"]!, r => r!.AsObject());
    }

    [Fact]
    public async Task Npm_verifiers_accept_the_holder_bound_copy_and_see_its_own_revocation_only()
    {
        var awardId = await host.AwardThroughServiceAsync(grade: "7");
        var award = await host.AwardAsync(awardId);
        using var wallet = Ed25519Key.Generate();
        var did = DidKey.FromPublicKey(wallet.PublicKeyBytes);
        var (node, status) = await IssueAsync(host, awardId, WalletCredentialFormat.LdpVc, Holder(Ed25519Jwk.Export(wallet), did));
        var credential = node.AsObject();

        var subject = credential["credentialSubject"]!;
        Assert.Equal(did, (string?)subject["id"]);
        Assert.NotNull(subject["identifier"]); // the learner's hashed identity stays beside the holder DID (VCI-6.4)
        Assert.Equal("7", (string?)subject["result"]![0]!["value"]);
        Assert.Equal(JsonNode.Parse(award.CredentialJson)!["credentialSubject"]!["achievement"]!.ToJsonString(), subject["achievement"]!.ToJsonString());
        var entries = credential["credentialStatus"]!.AsArray();
        Assert.All(entries, e => Assert.Equal(status.StatusIndex.ToString(), (string?)e!["statusListIndex"]));
        Assert.NotEqual(award.StatusIndex.ToString(), (string?)entries[0]!["statusListIndex"]);

        var copyFile = Path.Combine(_dir, "copy.json");
        var awardFile = Path.Combine(_dir, "award.json");
        await File.WriteAllTextAsync(copyFile, credential.ToJsonString(), Ct);
        await File.WriteAllTextAsync(awardFile, award.CredentialJson, Ct);
        var fresh = (await VerifyAsync(copyFile))[copyFile];
        Assert.True((bool)fresh["digitalbazaar"]!["verified"]!, "digitalbazaar rejected the wallet copy: " + fresh["digitalbazaar"]!.ToJsonString());
        Assert.True((bool)fresh["digitalbazaar"]!["statusChecked"]! && !(bool)fresh["digitalbazaar"]!["revoked"]!);
        Assert.True((bool)fresh["dcc"]!["signature"]!, "verifier-core rejected the wallet copy: " + fresh["dcc"]!.ToJsonString());
        Assert.True((bool)fresh["dcc"]!["statusChecked"]! && !(bool)fresh["dcc"]!["revoked"]!);

        // The learner stops this copy: only its own index is revoked.
        await host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<StatusListService>().SetAsync(status.RevocationListId!.Value, status.StatusIndex!.Value, true, Ct);
            return 0;
        });
        var after = await VerifyAsync(copyFile, awardFile);
        Assert.True((bool)after[copyFile]["digitalbazaar"]!["revoked"]!, "digitalbazaar missed the copy's revocation");
        Assert.True((bool)after[copyFile]["dcc"]!["revoked"]!, "verifier-core missed the copy's revocation");
        Assert.False((bool)after[awardFile]["digitalbazaar"]!["revoked"]!, "stopping a copy revoked the award itself");
        Assert.False((bool)after[awardFile]["dcc"]!["revoked"]!, "stopping a copy revoked the award itself");
    }

    [Fact]
    public async Task Vc_jwt_copy_names_the_holder_as_sub_and_Laurel_verifies_it()
    {
        var awardId = await host.AwardThroughServiceAsync();
        using var wallet = P256Key.Generate();
        var jwk = P256Jwk.Export(wallet);
        var (node, _) = await IssueAsync(host, awardId, WalletCredentialFormat.JwtVcJson, Holder(jwk));
        var jwt = node.GetValue<string>();

        var payload = JsonNode.Parse(Convert.FromBase64String(Pad(jwt.Split('.')[1])))!;
        var expectedDid = WalletCredentialFactory.HolderDid(Holder(jwk));
        Assert.StartsWith("did:jwk:", expectedDid);
        Assert.Equal(expectedDid, (string?)payload["sub"]);
        Assert.Equal(expectedDid, (string?)payload["credentialSubject"]!["id"]);
        var report = await host.VerifyWithLaurelAsync(System.Text.Encoding.UTF8.GetBytes(jwt));
        Assert.True(report.Verdict == Verdict.Valid, string.Join("; ", report.Checks.Select(c => $"{c.Id} {c.Outcome} {c.Detail}")));
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }
}
