using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Laurel.Testing.Peers;

/// <summary>One POST as the receiver saw it.</summary>
public sealed record ReceivedWebhook(string Path, string? Event, string? Delivery, string? Signature, string Body, DateTime At);

/// <summary>
/// A real HTTPS receiver on loopback (Kestrel with a certificate from a CA made at test time) that records every request and
/// answers each path with queued status codes (200 once the queue is empty), so tests see exactly what an integrator's
/// server would receive.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _answers = new();
    private readonly TestCertificates _certificates = new();
    private WebApplication? _app;

    public int Port { get; }
    /// <summary>The test CA (PEM) Laurel is told to trust through <c>Laurel:Webhooks:ExtraTrustedRootPath</c>.</summary>
    public string CaPemPath => _certificates.CaPemPath;
    public string Url(string path) => $"https://127.0.0.1:{Port}{path}";

    public WebhookReceiver(int port) => Port = port;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port, l => l.UseHttps(_certificates.ServerPfxPath, _certificates.ServerPfxPassword)));
        _app = builder.Build();
        _app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Path.Value ?? "/";
            _received.Enqueue(new(path, context.Request.Headers["Laurel-Event"], context.Request.Headers["Laurel-Delivery"],
                context.Request.Headers["Laurel-Signature"], body, DateTime.UtcNow));
            var status = _answers.TryGetValue(path, out var queue) && queue.TryDequeue(out var s) ? s : 200;
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(status == 200 ? "ok" : "receiver says no");
        });
        await _app.StartAsync();
    }

    /// <summary>Answers the next requests to <paramref name="path"/> with these status codes.</summary>
    public void AnswerWith(string path, params int[] statuses)
    {
        var queue = _answers.GetOrAdd(path, _ => new());
        foreach (var s in statuses) queue.Enqueue(s);
    }

    public IReadOnlyList<ReceivedWebhook> At(string path) => [.. _received.Where(r => r.Path == path)];

    public async Task<ReceivedWebhook> WaitForAsync(string path, Func<ReceivedWebhook, bool>? match = null, int seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (At(path).FirstOrDefault(r => match?.Invoke(r) ?? true) is { } hit) return hit;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No webhook arrived at {path}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _certificates.Dispose();
    }
}
