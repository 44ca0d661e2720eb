using Laurel.Tests.Identity;
using Laurel.Tests.Infrastructure;

namespace Laurel.Tests.Notifications;

/// <summary>Laurel configured to send through a real SMTP server process on loopback (which requires a login). The
/// background worker is off: tests run their own dispatchers and workers so they control clocks and timing.</summary>
public interface IMailHost
{
    LaurelHost Laurel { get; }
    SmtpServerProcess Smtp { get; }
}

internal static class MailSettings
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
        settings["Laurel:Outbox:WorkerEnabled"] = "false";
        settings["Laurel:PublicBaseUrl"] = "https://badges.uu.example";
    }
}

public sealed class MailSqliteHost : SqliteHost, IMailHost, IAsyncLifetime
{
    private readonly int _port = OidcProviderProcess.FreePort();
    private SmtpServerProcess? _smtp;

    public LaurelHost Laurel => this;
    public SmtpServerProcess Smtp => _smtp ?? throw new InvalidOperationException("Not started.");

    protected override void Configure(Dictionary<string, string?> settings) => MailSettings.Add(settings, _port);

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        _smtp = await SmtpServerProcess.StartAsync(_port, MailSettings.User, MailSettings.Password, reject: "reject");
        await InitializeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        if (_smtp is not null) await _smtp.DisposeAsync();
    }
}

public sealed class MailPostgresHost : PostgresHost, IMailHost, IAsyncLifetime
{
    private readonly int _port = OidcProviderProcess.FreePort();
    private SmtpServerProcess? _smtp;

    public LaurelHost Laurel => this;
    public SmtpServerProcess Smtp => _smtp ?? throw new InvalidOperationException("Not started.");

    protected override void Configure(Dictionary<string, string?> settings) => MailSettings.Add(settings, _port);

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        _smtp = await SmtpServerProcess.StartAsync(_port, MailSettings.User, MailSettings.Password, reject: "reject");
        await InitializeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        if (_smtp is not null) await _smtp.DisposeAsync();
    }
}
