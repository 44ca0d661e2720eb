using System.Net;
using System.Net.Http.Headers;
using Laurel.Infrastructure.Net;
using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Standards.ObConnect;

/// <summary>A call to another host that failed or broke a budget; the message is safe to show to the learner.</summary>
public sealed class ObHostException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A host's answer within budget: status, the headers Laurel reads, and the body.</summary>
public sealed record ObResponse(HttpStatusCode Status, string? ContentType, string Body, string? Link, string? TotalCount, Uri Url)
{
    /// <summary>HTTP caching headers (RFC 9111), read for the SDD (OB3-7.6).</summary>
    public string? ETag { get; init; }
    public CacheControlHeaderValue? CacheControl { get; init; }
    public DateTimeOffset? Expires { get; init; }
    /// <summary>How long the host asked Laurel to wait (<c>Retry-After</c>, OB3-7.5), from seconds or a date.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>
/// Outbound HTTP to other Open Badges hosts, with the SSRF guard of <see cref="SafeFetcher"/>: https only (http and
/// private addresses only for host:port pairs on <c>Laurel:Verification:AllowedFetchHosts</c>, as tests and other
/// outbound features use), the socket connects to the checked address (no DNS rebinding), no cookies, no proxy, no
/// decompression. Budgets: 2 MB per response, 10 s per request, GET follows at most 3 redirects (each checked again), other
/// methods follow none. A <c>429 Too Many Requests</c> (OB3-7.5) is waited out and retried once when the host's
/// <c>Retry-After</c> is at most <see cref="MaxRetryWait"/>; otherwise the learner is told when to try again (no
/// <c>Retry-After</c> means 30 minutes, as OB3-7.5 says).
/// </summary>
public sealed class ObHttp : IDisposable
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRedirects = 3;
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    /// <summary>The longest <c>Retry-After</c> Laurel waits out while the learner waits for the page.</summary>
    public static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(3);
    /// <summary>OB3-7.5: without <c>Retry-After</c>, a client retries after 30 minutes.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromMinutes(30);

    private readonly HashSet<string> _allowedHosts;
    private readonly HttpClient _client;
    private readonly TimeProvider _time;
    private readonly IStringLocalizer<ObConnectText> _t;

    public ObHttp(IConfiguration configuration, TimeProvider time, IStringLocalizer<ObConnectText> t)
    {
        _time = time;
        _t = t;
        _allowedHosts = new HashSet<string>(
            ConfigurationList.Read(configuration.GetSection("Laurel:Verification:AllowedFetchHosts")).Select(h => h.ToLowerInvariant()),
            StringComparer.Ordinal);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseCookies = false, UseProxy = false, Credentials = null, PreAuthenticate = false,
            AutomaticDecompression = DecompressionMethods.None, ConnectTimeout = RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxResponseHeadersLength = 64, ConnectCallback = CheckedConnect.Callback(() => _allowedHosts,
                (message, inner, _) => new ObHostException(message, inner), "Laurel does not connect to it"),
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

    /// <summary>A conditional GET (<c>If-None-Match</c>) for revalidating a cached document.</summary>
    public Task<ObResponse> GetAsync(Uri url, string? ifNoneMatch, string? bearer, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, url, null, bearer, null, ct, ifNoneMatch);

    public async Task<ObResponse> SendAsync(HttpMethod method, Uri url, HttpContent? content, string? bearer, AuthenticationHeaderValue? auth,
        CancellationToken ct, string? ifNoneMatch = null)
    {
        // Buffered once, so a retry sends the same bytes (a request disposes its content).
        byte[]? body = content is null ? null : await content.ReadAsByteArrayAsync(ct);
        HttpContent? Content()
        {
            if (body is null) return null;
            var copy = new ByteArrayContent(body);
            foreach (var header in content!.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            return copy;
        }
        var response = await SendOnceAsync(method, url, Content, bearer, auth, ifNoneMatch, ct);
        if (response.Status != HttpStatusCode.TooManyRequests) return response;
        // OB3-7.5: a short wait is waited out once; a longer one is the learner's to wait.
        var wait = response.RetryAfter ?? DefaultRetryAfter;
        if (wait <= MaxRetryWait)
        {
            await Task.Delay(wait, _time, ct);
            response = await SendOnceAsync(method, url, Content, bearer, auth, ifNoneMatch, ct);
            if (response.Status != HttpStatusCode.TooManyRequests) return response;
            wait = response.RetryAfter ?? DefaultRetryAfter;
        }
        throw new ObHostException(Busy(url, wait));
    }

    /// <summary>"… try again in N minutes" in the learner's language, rounded up; hours from two hours on.</summary>
    private string Busy(Uri url, TimeSpan wait)
    {
        var host = url.GetLeftPart(UriPartial.Authority);
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return minutes == 1 ? _t["Busy_Minute", host].Value
            : minutes < 120 ? _t["Busy_Minutes", host, minutes].Value
            : _t["Busy_Hours", host, (int)Math.Ceiling(wait.TotalHours)].Value;
    }

    private async Task<ObResponse> SendOnceAsync(HttpMethod method, Uri url, Func<HttpContent?> content, string? bearer, AuthenticationHeaderValue? auth,
        string? ifNoneMatch, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        var current = url;
        try
        {
            for (var hop = 0; ; hop++)
            {
                CheckUrl(current);
                using var request = new HttpRequestMessage(method, current) { Content = content() };
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
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
                    response.Headers.TryGetValues("X-Total-Count", out var total) ? total.FirstOrDefault() : null, current)
                {
                    ETag = response.Headers.ETag?.ToString(), CacheControl = response.Headers.CacheControl, Expires = response.Content.Headers.Expires,
                    RetryAfter = RetryAfter(response.Headers.RetryAfter),
                };
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

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? value) => value switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date - _time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => null,
    };

    private bool IsAllowListed(Uri url) => CheckedConnect.IsAllowListed(_allowedHosts, url.IdnHost, url.Port);

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
