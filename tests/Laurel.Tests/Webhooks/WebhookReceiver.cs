using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Laurel.Tests.Webhooks;

/// <summary>One POST as the receiver saw it.</summary>
public sealed record ReceivedWebhook(string Path, string? Event, string? Delivery, string? Signature, string Body, DateTime At);

/// <summary>
/// A real HTTP receiver on loopback (HttpListener) that records every request and answers each path with queued status codes
/// (200 once the queue is empty), so tests see exactly what an integrator's server would receive.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _answers = new();
    private readonly Task _loop;

    public int Port { get; }
    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public WebhookReceiver(int port)
    {
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
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

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Url!.AbsolutePath;
            _received.Enqueue(new(path, context.Request.Headers["Laurel-Event"], context.Request.Headers["Laurel-Delivery"],
                context.Request.Headers["Laurel-Signature"], body, DateTime.UtcNow));
            var status = _answers.TryGetValue(path, out var queue) && queue.TryDequeue(out var s) ? s : 200;
            context.Response.StatusCode = status;
            var answer = Encoding.UTF8.GetBytes(status == 200 ? "ok" : "receiver says no");
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try { await _loop; } catch (ObjectDisposedException) { }
    }
}
