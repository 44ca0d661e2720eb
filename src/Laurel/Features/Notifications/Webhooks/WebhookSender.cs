using System.Net;
using System.Text;
using Laurel.Infrastructure.Net;
using Microsoft.Extensions.Options;

namespace Laurel.Features.Notifications.Webhooks;

/// <summary>The outcome of one POST: the status (null when there was no answer) and a short description for the log.</summary>
public sealed record WebhookAttempt(bool Delivered, int? Status, string? Error);

/// <summary>
/// POSTs one signed delivery. The URL rules are checked again at send time and the socket connects to the address that was
/// checked (a DNS answer that changes in between cannot redirect it); redirects are not followed; no cookies, proxy or
/// credentials; the answer is read for at most a short excerpt.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private const int ExcerptLength = 200;
    private readonly IOptionsMonitor<WebhookOptions> _options;
    private readonly HttpClient _client;

    public WebhookSender(IOptionsMonitor<WebhookOptions> options)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseCookies = false, UseProxy = false, Credentials = null, PreAuthenticate = false,
            AutomaticDecompression = DecompressionMethods.None, ConnectTimeout = TimeSpan.FromSeconds(options.CurrentValue.TimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxResponseHeadersLength = 64, ConnectCallback = CheckedConnect.Callback(CurrentAllowedHosts,
                (message, inner, privateAddress) => new FetchRefusedException(message, inner, privateAddress), "webhooks are not sent there"),
        };
        ExtraTrustedRoot.Apply(handler, options.CurrentValue.ExtraTrustedRootPath);
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Laurel-Webhooks/1.0");
    }

    public async Task<WebhookAttempt> SendAsync(string url, WebhookDelivery delivery, string secret, long unixSeconds, CancellationToken ct)
    {
        var o = _options.CurrentValue;
        if (WebhookUrlRules.Check(url, o.AllowedHostSet(), out var uri) is var problem && problem != WebhookUrlRules.Problem.None)
            return new(false, null, $"Refused address ({problem}).");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Laurel-Event", delivery.EventType);
        request.Headers.Add("Laurel-Delivery", delivery.Id.ToString());
        request.Headers.Add("Laurel-Signature", WebhookSecrets.SignatureHeader(secret, unixSeconds, delivery.Payload));
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return new(true, status, null);
            var excerpt = await ExcerptAsync(response, timeout.Token);
            return new(false, status, Short($"HTTP {status} {response.ReasonPhrase}{(excerpt.Length > 0 ? ": " + excerpt : "")}"));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(false, null, $"No answer within {o.TimeoutSeconds} seconds.");
        }
        catch (HttpRequestException e)
        {
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
                if (inner is FetchRefusedException refused) return new(false, null, Short(refused.Message));
            return new(false, null, Short(e.InnerException?.Message ?? e.Message));
        }
    }

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[ExcerptLength];
            var read = await stream.ReadAtLeastAsync(buffer, ExcerptLength, throwOnEndOfStream: false, ct);
            return Encoding.UTF8.GetString(buffer, 0, read).ReplaceLineEndings(" ").Trim();
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return "";
        }
    }

    private static string Short(string text) => text.Length <= WebhookDelivery.MaxErrorLength ? text : text[..WebhookDelivery.MaxErrorLength];

    // Read per connection, so a changed allow-list applies without a restart.
    private HashSet<string> CurrentAllowedHosts() => _options.CurrentValue.AllowedHostSet();

    public void Dispose() => _client.Dispose();
}
