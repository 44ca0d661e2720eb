using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
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
        if (options.CurrentValue.ExtraTrustedRootPath is { Length: > 0 } rootPath)
        {
            var root = X509Certificate2.CreateFromPem(File.ReadAllText(rootPath));
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, chain, errors) => TrustedBy(root, certificate, chain, errors) };
        }
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

    // The system's verdict, or else a chain to the configured extra root; a wrong host name is never accepted.
    private static bool TrustedBy(X509Certificate2 root, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(root);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null) custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        return custom.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
    }

    public void Dispose() => _client.Dispose();
}
