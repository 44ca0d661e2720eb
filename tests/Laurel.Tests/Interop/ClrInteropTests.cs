using System.Text.Json.Nodes;
using Laurel.Tests.Standards;

namespace Laurel.Tests.Interop;

/// <summary>
/// Issue 19, CLR 2.0: the CLR of a completed demo pathway, as the learner downloads it, verifies with digitalbazaar's vc +
/// eddsa-rdfc-2022 (the CLR's own proof and status, with the CLR context served from Laurel's shipped copy), each credential
/// cut out of it verifies with both digitalbazaar and the DCC's verifier-core, all resolving Laurel's did:web document and
/// status lists over https; and it is valid against 1EdTech's CLR 2.0 JSON Schema (ajv-draft-04).
/// </summary>
public sealed class ClrInteropTests(HttpsSqliteHost host) : IClassFixture<HttpsSqliteHost>, IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-clr-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A client of the https origin (the test CA is not in the system store), signed in as the persona when one is given.</summary>
    private async Task<HttpClient> ClientAsync(string? persona = null)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer(), UseCookies = true,
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(host.Origin) };
        if (persona is null) return client;
        var page = await client.GetStringAsync("/account/sign-in", Ct);
        using var response = await client.PostAsync("/account/sign-in?handler=Demo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["persona"] = persona, ["returnUrl"] = "/", ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(page),
        }), Ct);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private async Task<(string Clr, string[] Components)> DownloadAsync(HttpClient client, Guid awardId, string name)
    {
        var (response, body) = await client.GetClrAsync(awardId);
        using (response) Assert.True(response.IsSuccessStatusCode, body);
        var clr = Path.Combine(_dir, name + ".json");
        await File.WriteAllTextAsync(clr, body, Ct);
        var components = new List<string>();
        foreach (var (component, i) in ClrTestKit.Components(JsonNode.Parse(body)!).Select((c, i) => (c, i)))
        {
            var path = Path.Combine(_dir, $"{name}-component-{i + 1}.json");
            await File.WriteAllTextAsync(path, component!.ToJsonString(), Ct);
            components.Add(path);
        }
        return (clr, [.. components]);
    }

    [Fact]
    public async Task The_npm_verifiers_accept_the_CLR_and_each_credential_inside_and_the_CLR_schema_accepts_it()
    {
        var done = await host.CompleteDemoPathwayAsync();
        using var learner = await ClientAsync(done.Persona);
        var (clr, components) = await DownloadAsync(learner, done.Completion, "learner");
        Assert.Equal(2, components.Length);

        var output = await InteropNode.VerifyAsync(host.Origin, host.Certificates.CaPemPath, [clr, .. components]);
        var results = output["results"]!.AsArray().ToDictionary(r => (string)r!["file"]!, r => r!.AsObject());
        foreach (var file in components.Prepend(clr))
        {
            var db = results[file]["digitalbazaar"]!;
            Assert.True((bool)db["verified"]!, $"digitalbazaar rejected {Path.GetFileName(file)}: {db.ToJsonString()}");
            Assert.True((bool)db["statusChecked"]! && !(bool)db["revoked"]!, $"digitalbazaar status of {Path.GetFileName(file)}: {db.ToJsonString()}");
        }
        foreach (var file in components)
        {
            var dcc = results[file]["dcc"]!;
            Assert.True((bool)dcc["signature"]!, $"verifier-core rejected {Path.GetFileName(file)}: {dcc.ToJsonString()}");
            Assert.True((bool)dcc["statusChecked"]! && !(bool)dcc["revoked"]!, $"verifier-core status of {Path.GetFileName(file)}: {dcc.ToJsonString()}");
        }

        // The public variant (completion and one component public, one private) too.
        await host.SetAsync(done.Completion, a => a.IsPublic = true);
        await host.SetAsync(done.DataLiteracy, a => { a.IsPublic = true; a.ShowGrade = false; });
        using var anonymous = await ClientAsync();
        var (publicClr, publicComponents) = await DownloadAsync(anonymous, done.Completion, "public");
        var schema = await NodeScript.RunAsync("validate-clr-schema.mjs", [clr, publicClr], ["ajv-draft-04", "ajv-formats"], ct: Ct);
        Assert.All(schema["results"]!.AsArray(), r => Assert.True((bool)r!["valid"]!, r.ToJsonString()));

        // A component revoked since: digitalbazaar sees the CLR still verify and the component revoked.
        await host.RevokeAsync(done.ResponsibleAi, "Fraude bij de toets");
        var (later, laterComponents) = await DownloadAsync(learner, done.Completion, "later");
        var after = await InteropNode.VerifyAsync(host.Origin, host.Certificates.CaPemPath, [later, publicClr, .. publicComponents, .. laterComponents]);
        var byFile = after["results"]!.AsArray().ToDictionary(r => (string)r!["file"]!, r => r!["digitalbazaar"]!);
        Assert.True((bool)byFile[later]["verified"]! && !(bool)byFile[later]["revoked"]!, byFile[later].ToJsonString());
        Assert.True((bool)byFile[publicClr]["verified"]!, byFile[publicClr].ToJsonString());
        Assert.True((bool)byFile[publicComponents[0]]["verified"]!, byFile[publicComponents[0]].ToJsonString());
        Assert.False((bool)byFile[laterComponents[0]]["revoked"]!);
        Assert.True((bool)byFile[laterComponents[1]]["revoked"]!, byFile[laterComponents[1]].ToJsonString());
    }
}
