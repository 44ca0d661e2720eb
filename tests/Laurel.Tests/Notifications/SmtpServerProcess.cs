using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Laurel.Tests.Identity;
using MimeKit;

namespace Laurel.Tests.Notifications;

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
        var folder = Path.Combine(OidcProviderProcess.RepositoryRoot(), "tests", "Laurel.Tests", "node");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "smtp-server")))
            throw new InvalidOperationException($"Run `npm ci` in {folder} first (./test.sh does this).");
        var start = new ProcessStartInfo("node", "smtp-server.mjs")
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["PORT"] = port.ToString();
        if (user is not null) start.Environment["AUTH_USER"] = user;
        if (password is not null) start.Environment["AUTH_PASS"] = password;
        if (reject is not null) start.Environment["REJECT"] = reject;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            if (line.StartsWith("listening ")) return new SmtpServerProcess(process, port);
        throw new InvalidOperationException($"The SMTP server exited with code {(process.HasExited ? process.ExitCode : -1)}.");
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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        await _reader;
        _process.Dispose();
    }
}
