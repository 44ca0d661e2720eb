using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Laurel.Infrastructure.Net;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Standards.ObConnect;

/// <summary>A call to another host that failed or broke a budget; the message is safe to show to the learner.</summary>
public sealed class ObHostException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A host's answer within budget: status, the headers Laurel reads, and the body.</summary>
public sealed record ObResponse(HttpStatusCode Status, string? ContentType, string Body, string? Link, string? TotalCount, Uri Url);

/// <summary>
/// Outbound HTTP to other Open Badges hosts, with the SSRF guard of <see cref="SafeFetcher"/>: https only (http and
/// private addresses only for host:port pairs on <c>Laurel:Verification:AllowedFetchHosts</c>, as tests and other
/// outbound features use), the socket connects to the checked address (no DNS rebinding), no cookies, no proxy, no
/// decompression. Budgets: 2 MB per response, 10 s per request, GET follows at most 3 redirects (each checked again), other
/// methods follow none.
/// </summary>
public sealed class ObHttp : IDisposable
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRedirects = 3;
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly HashSet<string> _allowedHosts;
    private readonly HttpClient _client;

    public ObHttp(IConfiguration configuration)
    {
        _allowedHosts = new HashSet<string>(
            ConfigurationList.Read(configuration.GetSection("Laurel:Verification:AllowedFetchHosts")).Select(h => h.ToLowerInvariant()),
            StringComparer.Ordinal);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseCookies = false, UseProxy = false, Credentials = null, PreAuthenticate = false,
            AutomaticDecompression = DecompressionMethods.None, ConnectTimeout = RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxResponseHeadersLength = 64, ConnectCallback = ConnectAsync,
        };
        ExtraTrustedRoot.Apply(handler, configuration);
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Laurel-OB-Connect/1.0");
    }

    /// <summary>Throws <see cref="ObHostException"/> for an address Laurel does not call (scheme, user info, private literal).</summary>
    public void CheckUrl(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            throw new ObHostException($"Only https addresses are used, not '{url}'.");
        if (!string.IsNullOrEmpty(url.UserInfo)) throw new ObHostException("Addresses with a user name or password are not used.");
        if (IsAllowListed(url)) return;
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal) && AddressRules.RefusalReason(literal) is { } reason)
            throw new ObHostException($"{url.Host} is a {reason} address; Laurel does not connect to it.");
        // OB3-7.7: every URL of the exchange is HTTPS.
        if (url.Scheme != Uri.UriSchemeHttps) throw new ObHostException($"{url.GetLeftPart(UriPartial.Authority)} is not https.");
    }

    public Task<ObResponse> GetAsync(Uri url, string? bearer, CancellationToken ct) => SendAsync(HttpMethod.Get, url, null, bearer, null, ct);

    public async Task<ObResponse> SendAsync(HttpMethod method, Uri url, HttpContent? content, string? bearer, AuthenticationHeaderValue? auth,
        CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        var current = url;
        try
        {
            for (var hop = 0; ; hop++)
            {
                CheckUrl(current);
                using var request = new HttpRequestMessage(method, current) { Content = content };
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                else if (auth is not null) request.Headers.Authorization = auth;
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if ((int)response.StatusCode is 301 or 302 or 303 or 307 or 308)
                {
                    if (method != HttpMethod.Get) throw new ObHostException($"{current.GetLeftPart(UriPartial.Path)} redirected a {method} request; Laurel does not follow that.");
                    if (hop >= MaxRedirects) throw new ObHostException($"{url.GetLeftPart(UriPartial.Path)} redirects more than {MaxRedirects} times.");
                    var location = response.Headers.Location ?? throw new ObHostException($"{current.GetLeftPart(UriPartial.Path)} redirects without a location.");
                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    continue;
                }
                var text = await ReadLimitedAsync(response, current, timeout.Token);
                return new(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text,
                    response.Headers.TryGetValues("Link", out var link) ? string.Join(", ", link) : null,
                    response.Headers.TryGetValues("X-Total-Count", out var total) ? total.FirstOrDefault() : null, current);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ObHostException($"{current.GetLeftPart(UriPartial.Authority)} did not answer within {RequestTimeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException e)
        {
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
                if (inner is ObHostException refused) throw refused;
            throw new ObHostException($"{current.GetLeftPart(UriPartial.Authority)} could not be reached: {e.Message}", e);
        }
    }

    private bool IsAllowListed(Uri url) => _allowedHosts.Contains($"{url.IdnHost.Trim('[', ']').ToLowerInvariant()}:{url.Port}");

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        IPAddress[] candidates;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) candidates = [literal];
        else
        {
            try
            {
                candidates = await Dns.GetHostAddressesAsync(host, ct);
            }
            catch (SocketException e)
            {
                throw new ObHostException($"{host} could not be found.", e);
            }
            if (candidates.Length == 0) throw new ObHostException($"{host} has no address.");
        }
        if (!_allowedHosts.Contains($"{host.Trim('[', ']').ToLowerInvariant()}:{port}")
            && candidates.Select(AddressRules.RefusalReason).FirstOrDefault(r => r is not null) is { } reason)
            throw new ObHostException($"{host} resolves to a {reason} address; Laurel does not connect to it.");
        return await AddressRules.ConnectAsync(candidates, port, ct);
    }

    private static async Task<string> ReadLimitedAsync(HttpResponseMessage response, Uri url, CancellationToken ct)
    {
        var where = url.GetLeftPart(UriPartial.Authority);
        if (response.Content.Headers.ContentLength > MaxBytes) throw TooLarge(where);
        if (response.Content.Headers.ContentEncoding.Count > 0) throw new ObHostException($"{where} sent compressed content, which is not accepted.");
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var content = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            if (content.Length + read > MaxBytes) throw TooLarge(where);
            content.Write(buffer, 0, read);
        }
        try
        {
            return new System.Text.UTF8Encoding(false, true).GetString(content.GetBuffer(), 0, (int)content.Length);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new ObHostException($"{where} sent text that is not UTF-8.", e);
        }
    }

    private static ObHostException TooLarge(string where) => new($"{where} sent more than {MaxBytes / 1024 / 1024} MB in one answer.");

    public void Dispose() => _client.Dispose();
}
