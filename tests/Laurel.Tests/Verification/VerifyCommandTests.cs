using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Features.Verification;
using Microsoft.Extensions.Configuration;

namespace Laurel.Tests.Verification;

/// <summary><c>laurel verify</c> run through System.CommandLine exactly as the CLI registers it, against the test host's database.</summary>
public sealed class VerifyCommandTests(VerifyHost host) : IClassFixture<VerifyHost>, IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _folder = Directory.CreateTempSubdirectory("laurel-verify-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string culture, params string[] args)
    {
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var root = new RootCommand { TreatUnmatchedTokensAsErrors = false };
        root.Subcommands.Add(VerifyCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        string[] all =
        [
            "verify", .. args,
            "--Laurel:Database:Provider=sqlite",
            "--Laurel:Database:ConnectionString=" + configuration["Laurel:Database:ConnectionString"],
            "--Laurel:Verification:AllowedFetchHosts=" + configuration["Laurel:Verification:AllowedFetchHosts"],
        ];
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            var exit = await root.Parse(all).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, Ct);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previous;
        }
    }

    private string Save(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task A_valid_Laurel_credential_exits_0_with_every_check_in_English()
    {
        var (credential, _) = await LaurelIssuing.IssueAsync(host);
        var (exit, output, error) = await RunAsync("en", Save("laurel.json", credential.ToJsonString()));
        Assert.True(exit == 0, output + error);
        Assert.Contains("Verdict: Valid: this credential is authentic and in force.", output);
        Assert.Contains("[ok] Signature: passed", output);
        Assert.Contains("[ok] Issuer identity: passed", output);
        Assert.Contains("The signing key belongs to the issuer did:web:localhost%3A5000:institutions:uu (Universiteit Utrecht).", output);
        Assert.Contains("[ok] Status: passed", output);
        Assert.Contains("Achievement: Data Literacy for Professionals", output);
    }

    [Fact]
    public async Task A_revoked_credential_exits_1_and_says_so_in_Dutch()
    {
        var (credential, status) = await LaurelIssuing.IssueAsync(host);
        await LaurelIssuing.SetStatusAsync(host, status.RevocationListId, status.Index, true);
        var (exit, output, _) = await RunAsync("nl", Save("revoked.json", credential.ToJsonString()));
        Assert.Equal(1, exit);
        Assert.Contains("Oordeel: Niet geldig", output);
        Assert.Contains("[FAIL] Status: mislukt", output);
        Assert.Contains("De uitgever heeft dit credential ingetrokken.", output);
    }

    [Theory]
    [InlineData("en", "[FAIL] Status: failed", "The issuer has suspended this credential.")]
    [InlineData("nl", "[FAIL] Status: mislukt", "De uitgever heeft dit credential opgeschort.")]
    public async Task A_suspended_credential_exits_1_and_says_suspended(string culture, string line, string explanation)
    {
        var path = Save("suspended.json", host.Issuer.SuspendableCredential(suspended: true).ToJsonString());
        var (exit, output, _) = await RunAsync(culture, path);
        Assert.Equal(1, exit);
        Assert.Contains(line, output);
        Assert.Contains(explanation, output);

        var (jsonExit, json, _) = await RunAsync("en", path, "--json");
        Assert.Equal(1, jsonExit);
        Assert.Equal("status.suspended", JsonNode.Parse(json)!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_output_is_the_VC_API_result_and_a_wrong_recipient_exits_1()
    {
        var path = Save("other.json", host.Issuer.Credential().ToJsonString());
        var (exit, output, _) = await RunAsync("en", path, "--json", "--recipient", OtherIssuer.RecipientEmail);
        Assert.Equal(0, exit);
        var result = JsonNode.Parse(output)!;
        Assert.Equal("valid", result["verdict"]!.GetValue<string>());
        Assert.Contains("recipient", result["checks"]!.AsArray().Select(c => c!.GetValue<string>()));

        var (wrongExit, wrongOutput, _) = await RunAsync("en", path, "--json", "--recipient", "nobody@example.org");
        Assert.Equal(1, wrongExit);
        Assert.Equal("recipient", JsonNode.Parse(wrongOutput)!["errors"]![0]!["check"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_url_is_fetched_through_the_guard()
    {
        var (exit, output, _) = await RunAsync("en", host.Issuer.DocumentUrl("/credential.json").AbsoluteUri);
        Assert.Equal(0, exit);
        Assert.Contains("[ok] Status: passed", output);

        var (refusedExit, _, error) = await RunAsync("en", "http://169.254.169.254/latest/meta-data/");
        Assert.Equal(2, refusedExit);
        Assert.Contains("link-local", error);
    }

    [Fact]
    public async Task Garbage_exits_1_and_usage_or_io_errors_exit_2()
    {
        var (garbageExit, garbageOutput, _) = await RunAsync("en", Save("garbage.txt", "not a credential"));
        Assert.Equal(1, garbageExit);
        Assert.Contains("[FAIL] Format: failed", garbageOutput);

        var (missingExit, _, missingError) = await RunAsync("en", Path.Combine(_folder, "does-not-exist.json"));
        Assert.Equal(2, missingExit);
        Assert.Contains("Cannot read", missingError);

        var (usageExit, _, usageError) = await RunAsync("nl");
        Assert.Equal(2, usageExit);
        Assert.Contains("Gebruik: laurel verify", usageError);
    }
}
