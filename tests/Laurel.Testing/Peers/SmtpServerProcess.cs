using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MimeKit;

namespace Laurel.Testing.Peers;

/// <summary>One message as the SMTP server received it: the envelope and the parsed MIME message.</summary>
public sealed record ReceivedMail(string From, string[] To, MimeMessage Message)
{
    public string Text => Message.TextBody ?? "";
    public string Html => Message.HtmlBody ?? "";
    public string? Language => Message.Body?.Headers[HeaderId.ContentLanguage];
}

/// <summary>The npm <c>smtp-server</c> (tests/Laurel.Tests/node/smtp-server.mjs) as a real process on loopback; collects
/// every message it accepts.</summary>
public sealed class SmtpServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private readonly Task _reader;

    public int Port { get; }

    private SmtpServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _reader = Task.Run(ReadAsync);
    }

    public IReadOnlyList<ReceivedMail> Received => [.. _received];

    public IReadOnlyList<ReceivedMail> To(string address) =>
        [.. _received.Where(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase))];

    /// <summary>Waits until at least <paramref name="count"/> messages to <paramref name="address"/> have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(string address, int count = 1, double seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (To(address) is { } mails && mails.Count >= count) return mails;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Expected {count} message(s) to {address} within {seconds} s; got {To(address).Count}.");
    }

    public static async Task<SmtpServerProcess> StartAsync(int port, string? user = null, string? password = null, string? reject = null)
    {
        var environment = new Dictionary<string, string> { ["PORT"] = port.ToString() };
        if (user is not null) environment["AUTH_USER"] = user;
        if (password is not null) environment["AUTH_PASS"] = password;
        if (reject is not null) environment["REJECT"] = reject;
        var (process, _) = await NodeProcess.StartAsync("smtp-server.mjs", "smtp-server", environment);
        return new SmtpServerProcess(process, port);
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("message ")) continue;
            using var json = JsonDocument.Parse(Convert.FromBase64String(line["message ".Length..]));
            var root = json.RootElement;
            var raw = Encoding.UTF8.GetBytes(root.GetProperty("raw").GetString()!);
            var message = await MimeMessage.LoadAsync(new MemoryStream(raw));
            _received.Enqueue(new ReceivedMail(root.GetProperty("from").GetString() ?? "",
                [.. root.GetProperty("to").EnumerateArray().Select(a => a.GetString()!)], message));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await NodeProcess.StopAsync(_process);
        await _reader;
        _process.Dispose();
    }
}
