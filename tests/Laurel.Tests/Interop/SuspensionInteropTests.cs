using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Verification;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Interop;

/// <summary>
/// Issue 15 "suspension for everyone": credentials awarded through the real award service carry a revocation and a suspension
/// entry, so every verifier sees what staff did. At each step (issued, suspended, reinstated; revoked on a second credential,
/// revocation being final) digitalbazaar's vc, the DCC's verifier-core (both fetching Laurel's did:web document and status
/// lists over https on loopback, certificate made at test time), Laurel's <c>POST /credentials/verify</c>, <c>laurel verify</c>
/// and the /verify page give the same verdict.
/// </summary>
public sealed class SuspensionInteropTests(HttpsSqliteHost host) : IClassFixture<HttpsSqliteHost>, IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-suspension-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private enum Expected { Valid, Suspended, Revoked }

    [Fact]
    public async Task Every_verifier_reports_suspended_while_suspended_valid_once_reinstated_and_revoked_after_revocation()
    {
        Assert.StartsWith("https://", host.Origin);
        var suspendable = await AwardAsync();
        var revocable = await AwardAsync();
        foreach (var file in new[] { suspendable.File, revocable.File })
        {
            var entries = Assert.IsType<JsonArray>(JsonNode.Parse(await File.ReadAllTextAsync(file, Ct))!["credentialStatus"]);
            Assert.Equal(["revocation", "suspension"], entries.Select(e => (string?)e!["statusPurpose"]));
            Assert.All(entries, e => Assert.StartsWith(host.Origin + "/status/", (string?)e!["statusListCredential"]));
        }

        await AssertEveryVerifierAsync(suspendable.File, Expected.Valid, "when issued");
        await ChangeAsync(suspendable.Id, AwardStatusAction.Suspend);
        await AssertEveryVerifierAsync(suspendable.File, Expected.Suspended, "after suspending");
        await ChangeAsync(suspendable.Id, AwardStatusAction.Reinstate);
        await AssertEveryVerifierAsync(suspendable.File, Expected.Valid, "after reinstating");

        await AssertEveryVerifierAsync(revocable.File, Expected.Valid, "the second credential when issued");
        await ChangeAsync(revocable.Id, AwardStatusAction.Revoke);
        await AssertEveryVerifierAsync(revocable.File, Expected.Revoked, "after revoking");
    }

    private async Task<(Guid Id, string File)> AwardAsync()
    {
        var id = await host.AwardThroughServiceAsync();
        var json = await host.DbAsync(db => db.Awards.Where(a => a.Id == id).Select(a => a.CredentialJson).SingleAsync(Ct));
        var file = Path.Combine(_dir, $"{id}.json");
        await File.WriteAllTextAsync(file, json, Ct);
        return (id, file);
    }

    private async Task ChangeAsync(Guid awardId, AwardStatusAction action)
    {
        var awarder = await host.StaffAsync("a.bakker@uu.example");
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<RevokeAndSuspend>();
        var award = await service.FindAsync(awardId, Ct);
        var reason = action == AwardStatusAction.Reinstate ? null : "Interop test";
        Assert.Empty(await service.ApplyAsync(awarder, award!, action, reason, "web", Ct));
    }

    private async Task AssertEveryVerifierAsync(string file, Expected expected, string when)
    {
        // digitalbazaar and the DCC, fetching only from Laurel's https origin.
        var output = await InteropNode.VerifyAsync(host.Origin, host.Certificates.CaPemPath, file);
        Assert.All(output["fetched"]!.AsArray(), url => Assert.StartsWith(host.Origin + "/", (string?)url));
        var result = output["results"]!.AsArray().Single()!;
        var db = result["digitalbazaar"]!;
        var dcc = result["dcc"]!;
        Assert.True((bool)dcc["signature"]!, $"verifier-core rejected the signature {when}: {dcc.ToJsonString()}");
        Assert.True((bool)db["statusChecked"]!, $"digitalbazaar did not check the status {when}: {db.ToJsonString()}");
        Assert.Equal(2, db["statuses"]!.AsArray().Count);
        Assert.True(dcc["revocation"] is not null && dcc["suspension"] is not null, $"verifier-core did not check both entries {when}: {dcc.ToJsonString()}");
        foreach (var (name, verdict) in new[] { ("digitalbazaar", db), ("verifier-core", dcc) })
        {
            Assert.True((bool)verdict["suspended"]! == (expected == Expected.Suspended), $"{name} suspended {when}: {verdict.ToJsonString()}");
            Assert.True((bool)verdict["revoked"]! == (expected == Expected.Revoked), $"{name} revoked {when}: {verdict.ToJsonString()}");
        }
        // digitalbazaar's "verified" means proof and status lists checked out; the status bits it read are its verdict on status.
        Assert.True((bool)db["verified"]!, $"digitalbazaar {when}: {db.ToJsonString()}");

        var credential = await File.ReadAllTextAsync(file, Ct);
        await AssertApiAsync(credential, expected, when);
        await AssertCliAsync(file, expected, when);
        await AssertPageAsync(credential, expected, when);
    }

    private static string? StatusCode(Expected expected) => expected switch
    {
        Expected.Suspended => "status.suspended",
        Expected.Revoked => "status.revoked",
        _ => null,
    };

    private async Task AssertApiAsync(string credential, Expected expected, string when)
    {
        using var client = HttpsClient();
        using var response = await client.PostAsJsonAsync("/credentials/verify",
            new JsonObject { ["verifiableCredential"] = JsonNode.Parse(credential) }, Ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        if (expected == Expected.Valid)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/credentials/verify {when}: {body.ToJsonString()}");
            Assert.Equal("valid", (string?)body["verdict"]);
            return;
        }
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"/credentials/verify {when}: {body.ToJsonString()}");
        Assert.Contains(body["errors"]!.AsArray(), e => (string?)e!["code"] == StatusCode(expected));
    }

    private async Task AssertCliAsync(string file, Expected expected, string when)
    {
        var root = new RootCommand { TreatUnmatchedTokensAsErrors = false };
        root.Subcommands.Add(VerifyCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en");
        int exit;
        try
        {
            // A second node of the same deployment: same database and public address, so Laurel's own DID and lists are local.
            exit = await root.Parse(["verify", file, "--json", .. host.SecondNodeArgs(), $"--Laurel:PublicBaseUrl={host.Origin}"])
                .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, Ct);
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previous;
        }
        var text = output.ToString();
        Assert.True(exit == (expected == Expected.Valid ? VerifyCommand.Valid : VerifyCommand.NotValid), $"laurel verify {when}: exit {exit} {text} {error}");
        var report = JsonNode.Parse(text)!;
        if (StatusCode(expected) is { } code) Assert.Contains(report["errors"]!.AsArray(), e => (string?)e!["code"] == code);
        else Assert.Equal("valid", (string?)report["verdict"]);
    }

    private async Task AssertPageAsync(string credential, Expected expected, string when)
    {
        using var client = HttpsClient();
        var page = await client.GetStringAsync("/verify?culture=en", Ct);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(LaurelHost.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent(""), "Recipient" },
        };
        var upload = new ByteArrayContent(Encoding.UTF8.GetBytes(credential));
        upload.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(upload, "file", "badge.json");
        using var response = await client.PostAsync("/verify?handler=File&culture=en", form, Ct);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        var outcome = System.Text.RegularExpressions.Regex.Match(html, "data-check=\"status\" data-outcome=\"(\\w+)\"").Groups[1].Value;
        switch (expected)
        {
            case Expected.Valid:
                Assert.True(outcome == "Passed", $"/verify page status {when}: {outcome}");
                break;
            case Expected.Suspended:
                Assert.True(outcome == "Failed", $"/verify page status {when}: {outcome}");
                Assert.Contains("The issuer has suspended this credential.", html);
                break;
            case Expected.Revoked:
                Assert.True(outcome == "Failed", $"/verify page status {when}: {outcome}");
                Assert.Contains("The issuer has revoked this credential.", html);
                break;
        }
    }

    // Laurel over https with the test certificate: trust exactly the test CA, nothing else.
    private HttpClient HttpsClient()
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(host.Certificates.CaPemPath));
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer(),
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
