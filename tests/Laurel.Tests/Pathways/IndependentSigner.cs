using System.Diagnostics;
using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges;

namespace Laurel.Tests.Pathways;

/// <summary>
/// Signs an OB 3.0 credential outside Laurel, with digitalbazaar's stack and a fresh did:key (the interop signer
/// tests/Laurel.Credentials.Tests/node/sign.mjs, packages installed there by ./test.sh): what anyone can do at home.
/// </summary>
internal static class IndependentSigner
{
    private static readonly string Folder = Path.Combine(RepoRoot(), "tests", "Laurel.Credentials.Tests", "node");

    /// <summary>The signed credential text and the did:key that signed it (also its issuer id).</summary>
    public static async Task<(string Json, string Did)> SignAsync(string achievementId, string recipientEmail, string issuerName = "Totally Real University")
    {
        // Fail, not skip: a laundering test that silently signs nothing would prove nothing.
        Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules", "@digitalbazaar", "vc")),
            $"Node packages are missing in {Folder}: run ./test.sh (it runs npm ci there).");
        var credential = JsonNode.Parse(await File.ReadAllTextAsync(Fixtures.Constructed("ob3-microcredential.unsigned.json")))!.AsObject();
        credential["id"] = "urn:uuid:" + Guid.NewGuid();
        credential["issuer"]!["name"] = issuerName;
        credential["validFrom"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ");
        credential["awardedDate"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ");
        credential["credentialSubject"]!["achievement"]!["id"] = achievementId;
        credential["credentialSubject"]!["identifier"] = new JsonArray(new JsonObject
        {
            ["type"] = "IdentityObject", ["identityHash"] = IdentityHash.Compute(recipientEmail, "pepper"),
            ["identityType"] = "emailAddress", ["hashed"] = true, ["salt"] = "pepper",
        });
        // The fixture's status list lives on a host nobody serves; a home-made badge needs none.
        credential.Remove("credentialStatus");

        var dir = Directory.CreateTempSubdirectory("laurel-laundering-").FullName;
        try
        {
            var input = Path.Combine(dir, "unsigned.json");
            var output = Path.Combine(dir, "signed.json");
            await File.WriteAllTextAsync(input, credential.ToJsonString());
            var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("sign.mjs");
            start.ArgumentList.Add(input);
            start.ArgumentList.Add(output);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start node.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync(timeout.Token);
            var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(process.ExitCode == 0 && lines.Length > 0, $"sign.mjs failed (exit {process.ExitCode}): {await stderr}");
            var did = JsonNode.Parse(lines[^1])!["did"]!.GetValue<string>();
            return (await File.ReadAllTextAsync(output), did);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Laurel.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Cannot find the repository root (Laurel.slnx).");
    }
}
