using Laurel.Tests.Identity;
using Laurel.Tests.Infrastructure;

namespace Laurel.Tests.Webhooks;

/// <summary>A Laurel host with a loopback webhook receiver; its port and a port where nothing listens are allow-listed.</summary>
public interface IWebhookHost
{
    LaurelHost Laurel { get; }
    WebhookReceiver Receiver { get; }
    /// <summary>An allow-listed loopback port with no server behind it (a receiver that is down).</summary>
    int DeadPort { get; }
}

internal static class WebhookSettings
{
    public static void Add(Dictionary<string, string?> settings, WebhookReceiver receiver, int deadPort)
    {
        var receiverPort = receiver.Port;
        settings["Laurel:Webhooks:ExtraTrustedRootPath"] = receiver.CaPemPath;
        settings["Laurel:Webhooks:AllowedHosts"] = $"127.0.0.1:{receiverPort},127.0.0.1:{deadPort}";
        // Tests drive dispatchers with their own clocks.
        settings["Laurel:Webhooks:WorkerEnabled"] = "false";
        settings["Laurel:Outbox:WorkerEnabled"] = "false";
        settings["Laurel:PublicBaseUrl"] = "https://badges.uu.example";
    }
}

public sealed class WebhookSqliteHost : SqliteHost, IWebhookHost, IAsyncLifetime
{
    private readonly WebhookReceiver _receiver = new(OidcProviderProcess.FreePort());
    public LaurelHost Laurel => this;
    public WebhookReceiver Receiver => _receiver;
    public int DeadPort { get; } = OidcProviderProcess.FreePort();
    protected override void Configure(Dictionary<string, string?> settings) => WebhookSettings.Add(settings, _receiver, DeadPort);

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await _receiver.StartAsync();
        await InitializeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await _receiver.DisposeAsync();
    }
}

public sealed class WebhookPostgresHost : PostgresHost, IWebhookHost, IAsyncLifetime
{
    private readonly WebhookReceiver _receiver = new(OidcProviderProcess.FreePort());
    public LaurelHost Laurel => this;
    public WebhookReceiver Receiver => _receiver;
    public int DeadPort { get; } = OidcProviderProcess.FreePort();
    protected override void Configure(Dictionary<string, string?> settings) => WebhookSettings.Add(settings, _receiver, DeadPort);

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await _receiver.StartAsync();
        await InitializeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await _receiver.DisposeAsync();
    }
}
