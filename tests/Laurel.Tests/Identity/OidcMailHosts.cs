using Laurel.Tests.Infrastructure;
using Laurel.Tests.Notifications;

namespace Laurel.Tests.Identity;

/// <summary>Laurel with the real OIDC provider process (eduid, surfconext) and the real SMTP server process: sign-in flows
/// whose e-mail a test reads as the addressee would. The e-mail worker is off; tests drain the outbox themselves.</summary>
public interface IOidcMailHost : IOidcHost
{
    SmtpServerProcess Smtp { get; }
}

internal static class OidcMailLifetime
{
    public static async Task<(OidcProviderProcess, SmtpServerProcess)> StartAsync(LaurelHost laurel, Func<ValueTask> initialize, int oidcPort, int smtpPort)
    {
        var smtp = await SmtpServerProcess.StartAsync(smtpPort, MailSettings.User, MailSettings.Password);
        await initialize();
        return (await OidcSettings.StartProviderAsync(laurel, oidcPort), smtp);
    }

    public static void Configure(Dictionary<string, string?> settings, int oidcPort, int smtpPort)
    {
        OidcSettings.Add(settings, oidcPort);
        MailSettings.Add(settings, smtpPort);
    }
}

public sealed class OidcMailSqliteHost : SqliteHost, IOidcMailHost, IAsyncLifetime
{
    private readonly int _oidcPort = OidcProviderProcess.FreePort(), _smtpPort = OidcProviderProcess.FreePort();
    private OidcProviderProcess? _provider;
    private SmtpServerProcess? _smtp;

    public LaurelHost Laurel => this;
    public OidcProviderProcess Provider => _provider ?? throw new InvalidOperationException("Not started.");
    public SmtpServerProcess Smtp => _smtp ?? throw new InvalidOperationException("Not started.");

    protected override void Configure(Dictionary<string, string?> settings) => OidcMailLifetime.Configure(settings, _oidcPort, _smtpPort);

    async ValueTask IAsyncLifetime.InitializeAsync() => (_provider, _smtp) = await OidcMailLifetime.StartAsync(this, InitializeAsync, _oidcPort, _smtpPort);

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
        await DisposeAsync();
        if (_smtp is not null) await _smtp.DisposeAsync();
    }
}

public sealed class OidcMailPostgresHost : PostgresHost, IOidcMailHost, IAsyncLifetime
{
    private readonly int _oidcPort = OidcProviderProcess.FreePort(), _smtpPort = OidcProviderProcess.FreePort();
    private OidcProviderProcess? _provider;
    private SmtpServerProcess? _smtp;

    public LaurelHost Laurel => this;
    public OidcProviderProcess Provider => _provider ?? throw new InvalidOperationException("Not started.");
    public SmtpServerProcess Smtp => _smtp ?? throw new InvalidOperationException("Not started.");

    protected override void Configure(Dictionary<string, string?> settings) => OidcMailLifetime.Configure(settings, _oidcPort, _smtpPort);

    async ValueTask IAsyncLifetime.InitializeAsync() => (_provider, _smtp) = await OidcMailLifetime.StartAsync(this, InitializeAsync, _oidcPort, _smtpPort);

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
        await DisposeAsync();
        if (_smtp is not null) await _smtp.DisposeAsync();
    }
}
