using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Laurel.Credentials.Verification;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Net;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Verification;

/// <summary>
/// <c>laurel verify FILE|URL [--json] [--recipient &lt;id&gt;]</c>: the same verification and report as /verify, on the console
/// (plain text in the current culture's language, or JSON). Exit code 0 only for a valid credential, 1 for any other
/// verdict, 2 for a usage or input/output error. Other <c>--Key=value</c> arguments configure Laurel as for <c>serve</c>,
/// so Laurel's own credentials are checked against its database.
/// </summary>
public static class VerifyCommand
{
    public const int Valid = 0, NotValid = 1, UsageOrIoError = 2;

    // The usage line is needed before Laurel's services exist (they are built only for a well-formed command).
    private static readonly System.Resources.ResourceManager Usage = new(typeof(VerificationText).FullName!, typeof(VerificationText).Assembly);

    private static readonly JsonSerializerOptions JsonOutput = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var input = new Argument<string?>("input") { Description = "A credential file (JSON, JWT, baked PNG/SVG) or an http(s) URL.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (VC-API verification result)." };
        var recipient = new Option<string?>("--recipient") { Description = "Check that the credential was issued to this e-mail address, DID or URL." };
        var command = new Command("verify", "Verify a credential file or URL and print every check.") { TreatUnmatchedTokensAsErrors = false };
        command.Arguments.Add(input);
        command.Options.Add(json);
        command.Options.Add(recipient);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(input), parse.GetValue(json), parse.GetValue(recipient),
            [.. parse.UnmatchedTokens], parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    private static async Task<int> RunAsync(string? input, bool asJson, string? recipient, string[] appArgs, TextWriter output, TextWriter error,
        CancellationToken ct)
    {
        // Without a FILE|URL, the parser hands the first --Key=value setting to the argument.
        if (input is { } setting && setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains('='))
        {
            appArgs = [setting, .. appArgs];
            input = null;
        }
        if (string.IsNullOrWhiteSpace(input) || appArgs.Any(a => !a.StartsWith("--", StringComparison.Ordinal) || !a.Contains('=')))
        {
            await error.WriteLineAsync(Usage.GetString("CliUsage", CultureInfo.CurrentUICulture));
            return UsageOrIoError;
        }

        await using var app = await AppAsync(appArgs, error);
        if (app is null) return UsageOrIoError;
        var request = string.IsNullOrWhiteSpace(recipient) ? null : new VerificationRequest { RecipientIdentity = recipient.Trim() };

        byte[] bytes;
        try
        {
            bytes = Uri.TryCreate(input, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? await app.Locator.FetchAsync(url, ct)
                : await ReadFileAsync(input, ct);
        }
        catch (Exception e) when (e is FetchRefusedException or NoCredentialOnPageException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(app.Presenter.Text("CliCannotRead", input, e.Message));
            return UsageOrIoError;
        }

        var report = await app.Verification.VerifyAsync(bytes, request, ct);
        if (asJson) await output.WriteLineAsync(JsonSerializer.Serialize(VerificationResult.From(report, ProblemTypes.Base(app.Services)), JsonOutput));
        else await WriteTextAsync(report, app.Presenter, output);
        return report.Verdict == Verdict.Valid ? Valid : NotValid;
    }

    private static async Task<byte[]> ReadFileAsync(string path, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException("The file does not exist.", path);
        if (info.Length > VerificationService.MaxInputBytes) throw new IOException($"The file is larger than {VerificationService.MaxInputBytes / 1024 / 1024} MB.");
        return await File.ReadAllBytesAsync(path, ct);
    }

    private static async Task WriteTextAsync(VerificationReport report, ReportPresenter presenter, TextWriter output)
    {
        await output.WriteLineAsync($"{presenter.Text("CliVerdict")}: {presenter.Verdict(report)}");
        await output.WriteLineAsync();
        foreach (var check in presenter.Checks(report))
        {
            var mark = check.Outcome switch { CheckOutcome.Passed => "[ok]", CheckOutcome.Failed => "[FAIL]", CheckOutcome.Warning => "[warn]", _ => "[--]" };
            await output.WriteLineAsync($"{mark} {check.Title}: {check.OutcomeText}");
            await output.WriteLineAsync($"     {check.Explanation}");
            await output.WriteLineAsync($"     ({check.Code}) {check.Detail}");
        }
        await output.WriteLineAsync();
        foreach (var fact in presenter.Facts(report)) await output.WriteLineAsync($"{fact.Label}: {fact.Value}");
    }

    /// <summary>Laurel's services (configuration, database, fetcher) without starting the web server; null when the configuration is unusable.</summary>
    private static async Task<CommandApp?> AppAsync(string[] appArgs, TextWriter error)
    {
        try
        {
            // Verifying protects nothing, so it needs no key protection (and may create no key).
            var app = LaurelApp.Build(appArgs, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning), createsKeys: false);
            return new CommandApp(app, app.Services.CreateAsyncScope());
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            await error.WriteLineAsync(e.Message);
            return null;
        }
    }

    private sealed class CommandApp(WebApplication app, AsyncServiceScope scope) : IAsyncDisposable
    {
        public VerificationService Verification => scope.ServiceProvider.GetRequiredService<VerificationService>();
        public CredentialLocator Locator => scope.ServiceProvider.GetRequiredService<CredentialLocator>();
        public ReportPresenter Presenter => scope.ServiceProvider.GetRequiredService<ReportPresenter>();
        public IServiceProvider Services => scope.ServiceProvider;

        public async ValueTask DisposeAsync()
        {
            await scope.DisposeAsync();
            await app.DisposeAsync();
        }
    }
}
