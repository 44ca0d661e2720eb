using Laurel.Tests.Infrastructure;

namespace Laurel.Tests.Identity;

/// <summary>Laurel configured with two OIDC providers (eduid for learners, surfconext for staff), both served by one
/// real oidc-provider process on loopback that starts once Laurel's own address is known.</summary>
public interface IOidcHost
{
    LaurelHost Laurel { get; }
    OidcProviderProcess Provider { get; }
}

internal static class OidcSettings
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

    public static async Task<OidcProviderProcess> StartProviderAsync(LaurelHost laurel, int port) =>
        await OidcProviderProcess.StartAsync(port, ClientId, ClientSecret,
            [laurel.BaseUrl + "/signin-oidc-eduid", laurel.BaseUrl + "/signin-oidc-surfconext"]);
}

public sealed class OidcSqliteHost : SqliteHost, IOidcHost, IAsyncLifetime
{
    private readonly int _port = OidcProviderProcess.FreePort();
    private OidcProviderProcess? _provider;

    public LaurelHost Laurel => this;
    public OidcProviderProcess Provider => _provider ?? throw new InvalidOperationException("Not started.");

    protected override void Configure(Dictionary<string, string?> settings) => OidcSettings.Add(settings, _port);

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _provider = await OidcSettings.StartProviderAsync(this, _port);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
        await DisposeAsync();
    }
}

public sealed class OidcPostgresHost : PostgresHost, IOidcHost, IAsyncLifetime
{
    private readonly int _port = OidcProviderProcess.FreePort();
    private OidcProviderProcess? _provider;

    public LaurelHost Laurel => this;
    public OidcProviderProcess Provider => _provider ?? throw new InvalidOperationException("Not started.");

    protected override void Configure(Dictionary<string, string?> settings) => OidcSettings.Add(settings, _port);

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _provider = await OidcSettings.StartProviderAsync(this, _port);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
        await DisposeAsync();
    }
}
