using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Laurel.Features.Demo;
using Laurel.Tests.Awards;

namespace Laurel.Tests.Interop;

/// <summary>
/// A VC 2.0 credential signed through POST /credentials/issue, checked by digitalbazaar's vc and the DCC's verifier-core over
/// https on loopback: valid as issued, and digitalbazaar sees the suspension bit set after POST /credentials/status.
/// </summary>
public sealed class VcApiIssuedInteropTests(HttpsSqliteHost host) : IClassFixture<HttpsSqliteHost>, IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-vcapi-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Independent_verifiers_accept_a_generic_credential_and_see_its_suspension()
    {
        // The test certificate is not trusted by this process; the npm verifiers trust it through NODE_EXTRA_CA_CERTS.
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(host.Origin) };
        var token = await client.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = DemoData.DemoApiClientId, ["client_secret"] = DemoData.DemoApiClientSecret,
        }), Ct);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (string)JsonNode.Parse(await token.Content.ReadAsStringAsync(Ct))!["access_token"]!);
        var credential = VcApiIssuerTests.Credential();
        var response = await client.PostAsJsonAsync("/credentials/issue", new JsonObject { ["credential"] = credential, ["options"] = new JsonObject() }, Ct);
        var vc = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["verifiableCredential"]!;
        var file = Path.Combine(_dir, "issued.json");
        await File.WriteAllTextAsync(file, vc.ToJsonString(), Ct);

        var issued = (await InteropNode.VerifyAsync(host.Origin, host.Certificates.CaPemPath, file))["results"]![0]!;
        Assert.True((bool)issued["digitalbazaar"]!["verified"]!, issued["digitalbazaar"]!.ToJsonString());
        Assert.Equal(2, issued["digitalbazaar"]!["statuses"]!.AsArray().Count);
        Assert.DoesNotContain(issued["digitalbazaar"]!["statuses"]!.AsArray(), s => (bool)s!["set"]!);
        Assert.True((bool)issued["dcc"]!["signature"]!, issued["dcc"]!.ToJsonString());
        Assert.False((bool)issued["dcc"]!["revoked"]!);

        var suspend = await client.PostAsJsonAsync("/credentials/status", new JsonObject
        {
            ["credentialId"] = (string)credential["id"]!,
            ["credentialStatus"] = new JsonObject { ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "suspension" },
        }, Ct);
        suspend.EnsureSuccessStatusCode();
        var suspended = (await InteropNode.VerifyAsync(host.Origin, host.Certificates.CaPemPath, file))["results"]![0]!;
        var statuses = suspended["digitalbazaar"]!["statuses"]!.AsArray();
        Assert.Contains(statuses, s => (string?)s!["purpose"] == "suspension" && (bool)s["set"]!);
        Assert.Contains(statuses, s => (string?)s!["purpose"] == "revocation" && !(bool)s["set"]!);
    }
}
