namespace Laurel.Tests.Interop;

/// <summary>
/// Issue 14: the public credential file of a badge, for both learner choices (grade and evidence shown: the file as issued;
/// hidden: the signed public variant), is accepted by digitalbazaar's vc and the DCC's verifier-core, both resolving
/// Laurel's did:web document and status list over https, and the variant carries no grade.
/// </summary>
public sealed class PublicCredentialInteropTests(HttpsSqliteHost host) : IClassFixture<HttpsSqliteHost>, IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-public-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The file an anonymous visitor downloads from the public badge page (the test CA is not in the system store).</summary>
    private async Task<string> DownloadAsync(Guid awardId, string name)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var anonymous = new HttpClient(handler) { BaseAddress = new Uri(host.Origin) };
        var json = await anonymous.GetStringAsync($"/badges/{awardId}/credential.json", Ct);
        var path = Path.Combine(_dir, name + ".json");
        await File.WriteAllTextAsync(path, json, Ct);
        return path;
    }

    [Fact]
    public async Task Both_npm_verifiers_accept_the_public_file_whatever_the_learner_shows()
    {
        var shown = await host.AwardThroughServiceAsync(grade: "9.25", isPublic: true, showGrade: true);
        var hidden = await host.AwardThroughServiceAsync(grade: "9.25", isPublic: true, showGrade: false);
        var shownFile = await DownloadAsync(shown, "shown");
        var hiddenFile = await DownloadAsync(hidden, "hidden");
        Assert.Contains("9.25", await File.ReadAllTextAsync(shownFile, Ct));
        Hidden.AssertAbsent("9.25", await File.ReadAllTextAsync(hiddenFile, Ct));

        var output = await InteropNode.VerifyAsync(host.Origin, host.Certificates.CaPemPath, shownFile, hiddenFile);
        var results = output["results"]!.AsArray().ToDictionary(r => (string)r!["file"]!, r => r!.AsObject());
        foreach (var (file, what) in new[] { (shownFile, "the file as issued"), (hiddenFile, "the public variant") })
        {
            var db = results[file]["digitalbazaar"]!;
            var dcc = results[file]["dcc"]!;
            Assert.True((bool)db["verified"]!, $"digitalbazaar rejected {what}: {db.ToJsonString()}");
            Assert.True((bool)db["statusChecked"]! && !(bool)db["revoked"]!, $"digitalbazaar status of {what}: {db.ToJsonString()}");
            Assert.True((bool)dcc["signature"]!, $"verifier-core rejected the signature of {what}: {dcc.ToJsonString()}");
            Assert.True((bool)dcc["statusChecked"]! && !(bool)dcc["revoked"]!, $"verifier-core status of {what}: {dcc.ToJsonString()}");
        }
    }
}
