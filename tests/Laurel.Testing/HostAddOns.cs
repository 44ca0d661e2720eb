namespace Laurel.Testing;

/// <summary>
/// Something a test host runs beside Laurel: a peer process or server and the settings that point Laurel at it. Peers that
/// Laurel calls start before Laurel (their ports are in its settings); peers that need Laurel's own address start after it.
/// </summary>
public abstract class HostAddOn : IAsyncDisposable
{
    public virtual Task StartAsync() => Task.CompletedTask;

    public abstract void Configure(Dictionary<string, string?> settings);

    public virtual Task StartAfterLaurelAsync(LaurelHost laurel) => Task.CompletedTask;

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected static T Started<T>(T? peer) where T : class => peer ?? throw new InvalidOperationException("Not started.");

    /// <summary>Adds a host:port to the verifier's fetch allow-list (comma-separated; other add-ons may add theirs).</summary>
    protected static void AllowFetch(Dictionary<string, string?> settings, string hostAndPort)
    {
        const string key = "Laurel:Verification:AllowedFetchHosts";
        settings[key] = settings.GetValueOrDefault(key) is { Length: > 0 } existing ? existing + "," + hostAndPort : hostAndPort;
    }
}

/// <summary>The OIDC client settings Laurel and the provider process share.</summary>
public static class OidcSettings
{
    public const string ClientId = "laurel-test";
    public const string ClientSecret = "laurel-test-secret-0123456789";

    public static void Add(Dictionary<string, string?> settings, int providerPort)
    {
        foreach (var (name, kind, nl, en) in new[] { ("eduid", "Learner", "eduID", "eduID"), ("surfconext", "Staff", "Instellingsaccount (SURFconext)", "Institution account (SURFconext)") })
        {
            var key = $"Laurel:Identity:Providers:{name}:";
            settings[key + "Authority"] = $"http://127.0.0.1:{providerPort}";
            settings[key + "ClientId"] = ClientId;
            settings[key + "ClientSecret"] = ClientSecret;
            settings[key + "RequireHttpsMetadata"] = "false";
            settings[key + "Kind"] = kind;
            settings[key + "DisplayName:nl"] = nl;
            settings[key + "DisplayName:en"] = en;
            settings[key + "Scopes:0"] = "openid";
            settings[key + "Scopes:1"] = "profile";
            settings[key + "Scopes:2"] = "email";
            settings[key + "Scopes:3"] = "eduperson";
            settings[key + "Claims:NameVerified"] = "validated_name";
        }
    }
}

/// <summary>Two OIDC providers (eduid for learners, surfconext for staff), both served by one real oidc-provider process on
/// loopback that starts once Laurel's own address (its redirect URIs) is known.</summary>
public sealed class OidcAddOn : HostAddOn
{
    private readonly int _port = TestPorts.Free();
    private OidcProviderProcess? _provider;

    public OidcProviderProcess Provider => Started(_provider);

    public override void Configure(Dictionary<string, string?> settings) => OidcSettings.Add(settings, _port);

    public override async Task StartAfterLaurelAsync(LaurelHost laurel) =>
        _provider = await OidcProviderProcess.StartAsync(_port, OidcSettings.ClientId, OidcSettings.ClientSecret,
            [laurel.BaseUrl + "/signin-oidc-eduid", laurel.BaseUrl + "/signin-oidc-surfconext"]);

    public override async ValueTask DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
    }
}

/// <summary>The SMTP login and sender Laurel is configured with.</summary>
public static class MailSettings
{
    public const string User = "laurel-mailer";
    public const string Password = "s3cret-smtp-Pa55word";
    public const string From = "badges@uu.example";

    public static void Add(Dictionary<string, string?> settings, int port)
    {
        settings["Laurel:Smtp:Host"] = "127.0.0.1";
        settings["Laurel:Smtp:Port"] = port.ToString();
        settings["Laurel:Smtp:Security"] = "None";
        settings["Laurel:Smtp:UserName"] = User;
        settings["Laurel:Smtp:Password"] = Password;
        settings["Laurel:Smtp:From"] = From;
        settings["Laurel:Smtp:FromName"] = "Laurel UU";
        settings["Laurel:Smtp:TimeoutSeconds"] = "10";
        // Tests run their own dispatchers and workers so they control clocks and timing.
        settings["Laurel:Outbox:WorkerEnabled"] = "false";
        settings["Laurel:PublicBaseUrl"] = "https://badges.uu.example";
    }
}

/// <summary>A real SMTP server process on loopback that requires a login.</summary>
public sealed class SmtpAddOn(string? reject) : HostAddOn
{
    private readonly int _port = TestPorts.Free();
    private SmtpServerProcess? _server;

    public SmtpServerProcess Server => Started(_server);

    public override async Task StartAsync() => _server = await SmtpServerProcess.StartAsync(_port, MailSettings.User, MailSettings.Password, reject);

    public override void Configure(Dictionary<string, string?> settings) => MailSettings.Add(settings, _port);

    public override async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>A loopback webhook receiver; its port and a port where nothing listens are allow-listed.</summary>
public sealed class WebhookAddOn : HostAddOn
{
    public WebhookReceiver Receiver { get; } = new(TestPorts.Free());

    /// <summary>An allow-listed loopback port with no server behind it (a receiver that is down).</summary>
    public int DeadPort { get; } = TestPorts.Free();

    public override Task StartAsync() => Receiver.StartAsync();

    public override void Configure(Dictionary<string, string?> settings)
    {
        settings["Laurel:Webhooks:ExtraTrustedRootPath"] = Receiver.CaPemPath;
        settings["Laurel:Webhooks:AllowedHosts"] = $"127.0.0.1:{Receiver.Port},127.0.0.1:{DeadPort}";
        // Tests drive dispatchers with their own clocks.
        settings["Laurel:Webhooks:WorkerEnabled"] = "false";
        settings["Laurel:Outbox:WorkerEnabled"] = "false";
        settings["Laurel:PublicBaseUrl"] = "https://badges.uu.example";
    }

    public override ValueTask DisposeAsync() => Receiver.DisposeAsync();
}

/// <summary>Another party's server on loopback (a <see cref="ForeignIssuer"/> or an <see cref="OtherIssuer"/>) that Laurel's
/// verifier may fetch from: its host:port goes on the fetch allow-list.</summary>
public sealed class FetchablePeerAddOn<T>(Func<Task<T>> start, Func<T, LoopbackServer> server) : HostAddOn where T : class, IAsyncDisposable
{
    private T? _peer;

    public T Peer => Started(_peer);

    public override async Task StartAsync() => _peer = await start();

    public override void Configure(Dictionary<string, string?> settings) => AllowFetch(settings, server(Peer).HostAndPort);

    public override async ValueTask DisposeAsync()
    {
        if (_peer is not null) await _peer.DisposeAsync();
    }
}

/// <summary>
/// Laurel on a loopback HTTPS port with a certificate made at test time, and <c>Laurel:PublicBaseUrl</c> set to that
/// address, so DIDs and status list URLs in issued credentials point back at this very server.
/// </summary>
/// <param name="host">The host name of the origin: <c>localhost</c>, or <c>127.0.0.1</c> where a peer insists on that address.</param>
public sealed class HttpsAddOn(string host = "localhost") : HostAddOn
{
    public TestCertificates Certificates { get; } = new();

    /// <summary>The public https origin, e.g. <c>https://localhost:41234</c>.</summary>
    public string Origin { get; } = $"https://{host}:{TestPorts.Free()}";

    public override void Configure(Dictionary<string, string?> settings)
    {
        settings["Laurel:PublicBaseUrl"] = Origin;
        // A configured Kestrel endpoint replaces the host's plain-http --urls.
        settings["Kestrel:Endpoints:Https:Url"] = Origin;
        settings["Kestrel:Endpoints:Https:Certificate:Path"] = Certificates.ServerPfxPath;
        settings["Kestrel:Endpoints:Https:Certificate:Password"] = Certificates.ServerPfxPassword;
    }

    public override ValueTask DisposeAsync()
    {
        Certificates.Dispose();
        return ValueTask.CompletedTask;
    }
}
