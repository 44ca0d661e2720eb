using System.Text.Json.Nodes;
using Laurel.Tests.Pathways;
using Laurel.Tests.Standards;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Interop;

/// <summary>
/// Issue 19's "a CLR of the demo pathway verifies with Laurel's verifier and its inner credentials with the independent npm
/// verifiers": the demo data exactly as <c>dotnet run</c> seeds it (the graduate who completed "Data &amp; AI for
/// professionals"), over https so the npm verifiers resolve the did:web keys and status lists themselves.
/// </summary>
public sealed class DemoClrInteropTests(DemoClrInteropTests.HttpsDemoHost host) : IClassFixture<DemoClrInteropTests.HttpsDemoHost>, IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Laurel on SQLite over https with the sample awards of the README's run command.</summary>
    public sealed class HttpsDemoHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithHttps().WithSetting("Laurel:Demo:SampleAwards", "true"))
    {
        public TestCertificates Certificates => AddOn<HttpsAddOn>().Certificates;
        public string Origin => AddOn<HttpsAddOn>().Origin;
    }

    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-demo-clr-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_demo_graduates_CLR_verifies_with_Laurel_and_it_and_its_components_with_the_npm_verifiers()
    {
        await host.AwardEventsProcessedAsync();
        var completion = await host.DbAsync(db => db.Awards.AsNoTracking()
            .Where(a => db.LinkedIdentities.Any(i => i.PersonId == a.RecipientPersonId && i.Subject == "graduate")
                && a.Achievement!.Name == "Data & AI for Professionals (pathway)")
            .Select(a => a.Id).SingleAsync(Ct));
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer(), UseCookies = true,
        };
        using var graduate = new HttpClient(handler) { BaseAddress = new Uri(host.Origin) };
        var signIn = await graduate.GetStringAsync("/account/sign-in", Ct);
        using (var response = await graduate.PostAsync("/account/sign-in?handler=Demo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["persona"] = "graduate", ["returnUrl"] = "/", ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(signIn),
        }), Ct))
            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);

        var (download, body) = await graduate.GetClrAsync(completion);
        using (download) Assert.True(download.IsSuccessStatusCode, body);
        var report = await host.VerifyAsync(body);
        Assert.True(report.Verdict == Laurel.Credentials.Verification.Verdict.Valid, ClrTestKit.Describe(report));
        Assert.Equal(2, report.Components.Count);

        var clr = Path.Combine(_dir, "demo-clr.json");
        await File.WriteAllTextAsync(clr, body, Ct);
        var components = new List<string>();
        foreach (var (component, i) in ClrTestKit.Components(JsonNode.Parse(body)!).Select((c, i) => (c, i)))
        {
            var path = Path.Combine(_dir, $"demo-component-{i + 1}.json");
            await File.WriteAllTextAsync(path, component!.ToJsonString(), Ct);
            components.Add(path);
        }
        Assert.Equal(2, components.Count);

        var output = await InteropNode.VerifyAsync(host.Origin, host.Certificates.CaPemPath, [clr, .. components]);
        var results = output["results"]!.AsArray().ToDictionary(r => (string)r!["file"]!, r => r!.AsObject());
        foreach (var file in components.Prepend(clr))
        {
            var digitalbazaar = results[file]["digitalbazaar"]!;
            Assert.True((bool)digitalbazaar["verified"]!, $"digitalbazaar rejected {Path.GetFileName(file)}: {digitalbazaar.ToJsonString()}");
            Assert.True((bool)digitalbazaar["statusChecked"]! && !(bool)digitalbazaar["revoked"]!, $"digitalbazaar status of {Path.GetFileName(file)}: {digitalbazaar.ToJsonString()}");
        }
        foreach (var file in components)
        {
            var dcc = results[file]["dcc"]!;
            Assert.True((bool)dcc["signature"]!, $"verifier-core rejected {Path.GetFileName(file)}: {dcc.ToJsonString()}");
            Assert.True((bool)dcc["statusChecked"]! && !(bool)dcc["revoked"]!, $"verifier-core status of {Path.GetFileName(file)}: {dcc.ToJsonString()}");
        }
        var schema = await NodeScript.RunAsync("validate-clr-schema.mjs", [clr], ["ajv-draft-04", "ajv-formats"], ct: Ct);
        Assert.All(schema["results"]!.AsArray(), r => Assert.True((bool)r!["valid"]!, r.ToJsonString()));
    }
}
