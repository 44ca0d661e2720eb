using System.Net.Http.Headers;
using System.Text;

namespace Laurel.Credentials.Dids;

/// <summary>Creates the fetch delegate <see cref="DidVerificationMethodResolver"/> uses, on top of an <see cref="HttpClient"/>.</summary>
public static class DocumentFetcher
{
    /// <summary>The default maximum size of a fetched DID or controller document (256 KiB).</summary>
    public const int DefaultMaxBytes = 256 * 1024;

    /// <summary>Returns a delegate that GETs https URLs only and stops reading past <paramref name="maxBytes"/>.</summary>
    public static Func<Uri, CancellationToken, Task<string>> ForHttpClient(HttpClient client, int maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(client);
        return async (url, ct) =>
        {
            if (url.Scheme != Uri.UriSchemeHttps) throw new HttpRequestException($"Only https is fetched, not '{url}'.");
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/did+json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            if (response.Content.Headers.ContentLength > maxBytes) throw new HttpRequestException($"'{url}' is larger than {maxBytes} bytes.");
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
            using var content = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                if (content.Length + read > maxBytes) throw new HttpRequestException($"'{url}' is larger than {maxBytes} bytes.");
                content.Write(buffer, 0, read);
            }
            return Encoding.UTF8.GetString(content.GetBuffer(), 0, (int)content.Length);
        };
    }
}
