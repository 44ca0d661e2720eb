using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Laurel.Tests.Standards;

/// <summary>
/// The stand-in for the 1EdTech OB 3.0 test system (node/ob-host.mjs) as a real process on loopback, serving real signed
/// credentials from <see cref="ForeignIssuer"/> (three Data Integrity JSON credentials and one VC-JWT), whose status lists
/// live on the foreign issuer's server. Both are on Laurel's fetch allow-list, so Laurel connects over plain loopback http.
/// </summary>
public sealed class ObHostStandIn : HostAddOn
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly HttpClient _control = new();
    private Process? _process;
    private string? _file;
    private ForeignIssuer? _issuer;

    public ForeignIssuer Issuer => Started(_issuer);
    public string Origin { get; private set; } = "";
    public List<string> Names { get; } = [];

    public override async Task StartAsync()
    {
        _issuer = await ForeignIssuer.StartAsync();
        var credentials = new JsonArray();
        foreach (var name in new[] { "Data Literacy", "Academic Writing", "Lab Safety" })
        {
            credentials.Add(_issuer.Credential(change: c => c["credentialSubject"]!["achievement"]!["name"] = name));
            Names.Add(name);
        }
        _file = Path.Combine(Path.GetTempPath(), $"ob-host-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(_file, new JsonObject { ["credential"] = credentials, ["compactJwsString"] = new JsonArray(_issuer.Jwt()) }.ToJsonString());
        // Plain node:http: no package needed, so no node_modules check.
        var start = new ProcessStartInfo("node", "ob-host.mjs")
        {
            WorkingDirectory = TestPaths.NodeFolder(), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["PORT"] = "0";
        start.Environment["CREDENTIALS_FILE"] = _file;
        start.Environment["PAGE_CAP"] = "2";
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                Origin = line["listening ".Length..].Trim();
                return;
            }
        throw new InvalidOperationException("ob-host.mjs did not start.");
    }

    public override void Configure(Dictionary<string, string?> settings)
    {
        AllowFetch(settings, Issuer.Server.HostAndPort);
        AllowFetch(settings, new Uri(Origin).Authority);
        AllowFetch(settings, new Uri(LocalhostOrigin).Authority);
    }

    /// <summary>The same stand-in by another name (localhost): a discovery address no other test uses, for SDD cache tests.</summary>
    public string LocalhostOrigin => Origin.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

    /// <summary>The next <paramref name="count"/> API calls answer 429 with <paramref name="retryAfter"/> (null: no Retry-After).</summary>
    public async Task BusyAsync(int count, string? retryAfter) =>
        (await _control.PostAsync(Origin + "/_control/busy", new StringContent(new JsonObject { ["count"] = count, ["retryAfter"] = retryAfter }.ToJsonString()), Ct)).EnsureSuccessStatusCode();

    /// <summary>Switches the stand-in's behaviour: normal, nopaging, endless, huge, malformed, server-error, slow, redirect-private, bad-sdd, deny, upsert-reject, sdd-fresh.</summary>
    public async Task ModeAsync(string mode) =>
        (await _control.PostAsync(Origin + "/_control/mode", new StringContent(mode), Ct)).EnsureSuccessStatusCode();

    /// <summary>Forgets every access token it issued (as a host that revokes early), so the next call must refresh.</summary>
    public async Task ExpireTokensAsync() =>
        (await _control.PostAsync(Origin + "/_control/expire-tokens", null, Ct)).EnsureSuccessStatusCode();

    public async Task AddAsync(string credentialText) =>
        (await _control.PostAsync(Origin + "/_control/add", new StringContent(credentialText), Ct)).EnsureSuccessStatusCode();

    /// <summary>What the stand-in saw: registrations, authorizations, token requests, credential requests, upserts, revocations.</summary>
    public async Task<JsonObject> SeenAsync() => (await _control.GetFromJsonAsync<JsonObject>(Origin + "/_control/state", Ct))!;

    public override async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
        if (_issuer is not null) await _issuer.DisposeAsync();
        if (_file is not null) File.Delete(_file);
        _control.Dispose();
    }
}

public interface IObConnectHost
{
    LaurelHost Laurel { get; }
    ObHostStandIn Host { get; }
}

public sealed class ObConnectSqliteHost() : LaurelHost(new TestHostOptions(Db.Sqlite).With(() => new ObHostStandIn())), IObConnectHost
{
    public ObHostStandIn Host => AddOn<ObHostStandIn>();
}

public sealed class ObConnectPostgresHost() : LaurelHost(new TestHostOptions(Db.Postgres).With(() => new ObHostStandIn())), IObConnectHost
{
    public ObHostStandIn Host => AddOn<ObHostStandIn>();
}
