using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Laurel.Infrastructure.Web;

namespace Laurel.Infrastructure.Net;

/// <summary>A fetch the SSRF guard refused or that broke a limit; the message is safe to show to the person verifying.</summary>
public sealed class FetchRefusedException(string message, Exception? inner = null, bool privateAddress = false) : Exception(message, inner)
{
    /// <summary>True when the address is one the SSRF guard never fetches from (private, loopback, link-local, …).</summary>
    public bool PrivateAddress { get; } = privateAddress;
}

/// <summary>
/// Fetches documents (DID documents, status lists, hosted assertions, credentials given by URL) for the verifier without
/// letting a URL reach Laurel's own network: http(s) only; the host is resolved and every private, loopback, link-local,
/// multicast, unspecified or CGNAT address refused (<see cref="AddressRules"/>), unless its host:port is on
/// <c>Laurel:Verification:AllowedFetchHosts</c>. The socket connects to the address that was checked, so a DNS answer
/// that changes between check and connect (rebinding) cannot redirect it. At most 3 redirects, each checked again;
/// 2 MB, 5 s in total, no cookies, no credentials, no proxy, no decompression.
/// </summary>
public sealed class SafeFetcher : IDisposable
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRedirects = 3;
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> _allowedHosts;
    private readonly HttpClient _client;

    public SafeFetcher(IConfiguration configuration)
    {
        _allowedHosts = new HashSet<string>(
            ConfigurationList.Read(configuration.GetSection("Laurel:Verification:AllowedFetchHosts")).Select(h => h.ToLowerInvariant()),
            StringComparer.Ordinal);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            Credentials = null,
            PreAuthenticate = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TotalTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxResponseHeadersLength = 64,
            ConnectCallback = CheckedConnect.Callback(() => _allowedHosts,
                (message, inner, privateAddress) => new FetchRefusedException(message, inner, privateAddress), "the verifier does not fetch from it"),
        };
        ExtraTrustedRoot.Apply(handler, configuration);
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Laurel-Verifier/1.0");
    }

    /// <summary>The document at <paramref name="url"/> as text (UTF-8).</summary>
    public async Task<string> FetchStringAsync(Uri url, CancellationToken ct)
    {
        var bytes = await FetchAsync(url, ct);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The document at <paramref name="url"/>; throws <see cref="FetchRefusedException"/> for every refusal or failure.</summary>
    public Task<byte[]> FetchAsync(Uri url, CancellationToken ct) => FetchAsync(url, accept: null, ct);

    /// <summary>
    /// As <see cref="FetchAsync(Uri, CancellationToken)"/> with the caller's <c>Accept</c> header (e.g. a verifier asking a
    /// badge page for its credential); null sends the default JSON/JSON-LD/DID preference.
    /// </summary>
    public Task<byte[]> FetchAsync(Uri url, string? accept, CancellationToken ct) => FetchAsync(url, accept, sameOrigin: false, ct);

    /// <summary>
    /// As <see cref="FetchStringAsync"/>, but a redirect may not leave the URL's origin (scheme, host and port; http may become
    /// https on the same host). For documents whose address is what proves who speaks (did:web and https controller documents,
    /// hosted OB 2.0 assertions): an open redirect on a trusted host must not let another host answer in its name.
    /// </summary>
    public async Task<string> FetchStringSameOriginAsync(Uri url, CancellationToken ct) =>
        Encoding.UTF8.GetString(await FetchAsync(url, accept: null, sameOrigin: true, ct));

    private async Task<byte[]> FetchAsync(Uri url, string? accept, bool sameOrigin, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TotalTimeout);
        try
        {
            var current = url;
            for (var hop = 0; ; hop++)
            {
                CheckUrl(current);
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
                else
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/ld+json"));
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/did+json"));
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.1));
                }
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (IsRedirect(response.StatusCode))
                {
                    if (hop >= MaxRedirects) throw new FetchRefusedException($"{url} redirects more than {MaxRedirects} times.");
                    var location = response.Headers.Location ?? throw new FetchRefusedException($"{current} redirects without a location.");
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (sameOrigin && !SameOrigin(url, next))
                        throw new FetchRefusedException($"{url} redirects to another origin ({next.GetLeftPart(UriPartial.Authority)}), which cannot speak for it.");
                    current = next;
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    throw new FetchRefusedException($"{current} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                return await ReadLimitedAsync(response, current, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new FetchRefusedException($"{url} did not answer within {TotalTimeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException e)
        {
            // The connect callback's refusal arrives wrapped; show it as the reason.
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
                if (inner is FetchRefusedException refused) throw refused;
            throw new FetchRefusedException($"{url} could not be fetched: {e.Message}", e);
        }
    }

    /// <summary>Scheme and literal-address checks that need no network, so refusals are clear and immediate.</summary>
    public void CheckUrl(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new FetchRefusedException($"Only http and https addresses are fetched, not '{url}'.");
        if (!string.IsNullOrEmpty(url.UserInfo)) throw new FetchRefusedException("Addresses with a user name or password are not fetched.");
        if (IsAllowListed(url.IdnHost, url.Port)) return;
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal) && AddressRules.RefusalReason(literal) is { } reason)
            throw new FetchRefusedException($"{url.Host} is a {reason} address; the verifier does not fetch from it.", privateAddress: true);
    }

    private bool IsAllowListed(string host, int port) => CheckedConnect.IsAllowListed(_allowedHosts, host, port);

    private static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, Uri url, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > MaxBytes) throw TooLarge(url);
        if (response.Content.Headers.ContentEncoding.Count > 0)
            throw new FetchRefusedException($"{url} sent compressed content ({string.Join(", ", response.Content.Headers.ContentEncoding)}), which is not accepted.");
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var content = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            if (content.Length + read > MaxBytes) throw TooLarge(url);
            content.Write(buffer, 0, read);
        }
        return content.ToArray();
    }

    private static FetchRefusedException TooLarge(Uri url) => new($"{url} is larger than {MaxBytes / 1024 / 1024} MB.");

    private static bool SameOrigin(Uri first, Uri next) =>
        string.Equals(first.IdnHost, next.IdnHost, StringComparison.OrdinalIgnoreCase)
        && ((first.Scheme == next.Scheme && first.Port == next.Port)
            || (first.Scheme == Uri.UriSchemeHttp && first.IsDefaultPort && next.Scheme == Uri.UriSchemeHttps && next.IsDefaultPort));

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    public void Dispose() => _client.Dispose();
}
