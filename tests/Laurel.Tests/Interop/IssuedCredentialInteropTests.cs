using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using static Laurel.Tests.Publishing.PublishingTestKit;

namespace Laurel.Tests.Interop;

/// <summary>
/// Credentials issued by Laurel (IssuerSigner + StatusListService) verified by digitalbazaar's vc and the DCC's
/// verifier-core, both resolving Laurel's did:web document and status list over https on loopback: valid when issued,
/// revoked after the bit is set, and still valid (old and new) after a key rotation.
/// </summary>
public sealed class IssuedCredentialInteropTests(HttpsSqliteHost host) : IClassFixture<HttpsSqliteHost>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-issued-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(string File, StatusAllocation Status)> IssueAsync(Guid institutionId, string name)
    {
        var (signed, allocation) = await InScopeAsync(host, async sp =>
        {
            var statusLists = sp.GetRequiredService<StatusListService>();
            var allocation = await statusLists.AllocateAsync(institutionId, Ct);
            var did = await sp.GetRequiredService<IssuerKeys>().DidOfAsync(institutionId, Ct);
            var credential = MicroCredential(did);
            // As the awards feature does: both entries, revocation and suspension.
            credential["credentialStatus"] = statusLists.CredentialStatusEntries(allocation);
            return (await sp.GetRequiredService<IssuerSigner>().SignAsync(institutionId, credential, Ct), allocation);
        });
        var path = Path.Combine(_dir, name + ".json");
        await File.WriteAllTextAsync(path, signed.Credential.ToJsonString(), Ct);
        return (path, allocation);
    }

    private async Task<Dictionary<string, JsonObject>> VerifyAsync(params string[] files)
    {
        var output = await InteropNode.VerifyAsync(host.Origin, host.Certificates.CaPemPath, files);
        Assert.All(output["fetched"]!.AsArray(), url => Assert.StartsWith(host.Origin + "/", (string?)url));
        return output["results"]!.AsArray().ToDictionary(r => (string)r!["file"]!, r => r!.AsObject());
    }

    private static void AssertValid(JsonObject result, string what)
    {
        var db = result["digitalbazaar"]!;
        var dcc = result["dcc"]!;
        Assert.True((bool)db["verified"]!, $"digitalbazaar rejected {what}: {db.ToJsonString()}");
        Assert.True((bool)db["statusChecked"]! && !(bool)db["revoked"]!, $"digitalbazaar status of {what}: {db.ToJsonString()}");
        Assert.True((bool)dcc["signature"]!, $"verifier-core rejected the signature of {what}: {dcc.ToJsonString()}");
        Assert.True((bool)dcc["statusChecked"]! && !(bool)dcc["revoked"]!, $"verifier-core status of {what}: {dcc.ToJsonString()}");
    }

    [Fact]
    public async Task Both_npm_verifiers_accept_Laurel_credentials_see_revocation_and_survive_key_rotation()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var did = await InstitutionDidAsync(host, uu);
        Assert.StartsWith("did:web:localhost%3A", did);

        var (toRevoke, revokeStatus) = await IssueAsync(uu, "to-revoke");
        var (before, _) = await IssueAsync(uu, "before-rotation");
        var tampered = Path.Combine(_dir, "tampered.json");
        var altered = JsonNode.Parse(await File.ReadAllTextAsync(before, Ct))!;
        altered["credentialSubject"]!["achievement"]!["name"] = "Micro-credential: Rocket Science";
        await File.WriteAllTextAsync(tampered, altered.ToJsonString(), Ct);
        var issued = await VerifyAsync(toRevoke, before, tampered);
        AssertValid(issued[toRevoke], "a freshly issued credential");
        AssertValid(issued[before], "a second freshly issued credential");
        Assert.False((bool)issued[tampered]["digitalbazaar"]!["verified"]!, "digitalbazaar accepted a tampered credential");
        Assert.False((bool)issued[tampered]["dcc"]!["signature"]!, "verifier-core accepted a tampered credential");

        await InScopeAsync(host, async sp =>
        {
            await sp.GetRequiredService<StatusListService>().SetAsync(revokeStatus.RevocationListId, revokeStatus.Index, true, Ct);
            return 0;
        });
        var revoked = (await VerifyAsync(toRevoke))[toRevoke];
        Assert.True((bool)revoked["digitalbazaar"]!["revoked"]!, $"digitalbazaar missed the revocation: {revoked["digitalbazaar"]!.ToJsonString()}");
        Assert.True((bool)revoked["dcc"]!["revoked"]!, $"verifier-core missed the revocation: {revoked["dcc"]!.ToJsonString()}");
        Assert.True((bool)revoked["dcc"]!["signature"]!, "the signature itself stays valid after revocation");

        var (_, created) = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().RotateAsync(uu, null, "test", Ct));
        var (after, _) = await IssueAsync(uu, "after-rotation");
        var afterProof = JsonNode.Parse(await File.ReadAllTextAsync(after, Ct))!["proof"]![0]!;
        Assert.Equal(created.VerificationMethod, (string?)afterProof["verificationMethod"]);
        var rotated = await VerifyAsync(before, after);
        AssertValid(rotated[before], "a credential signed before the rotation");
        AssertValid(rotated[after], "a credential signed after the rotation");

        // Laurel's own check agrees, without fetching itself.
        var resolver = host.Services.GetRequiredService<LocalIssuerResolver>();
        foreach (var file in new[] { before, after })
            Assert.True((await DataIntegrityProofs.VerifyAsync(JsonNode.Parse(await File.ReadAllTextAsync(file, Ct))!.AsObject(), resolver, ct: Ct)).Verified);
    }
}
