using System.Net;

namespace Laurel.Testing.Data;

/// <summary>Posting forms as a browser does: fetch the page for its anti-forgery token, then post.</summary>
public static class FormKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// GETs <paramref name="pageUrl"/> for its anti-forgery token (the token is per session) and POSTs the fields to
    /// <paramref name="postUrl"/> (the page itself unless given), with <c>handler=</c> added when <paramref name="handler"/> is given.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, IEnumerable<KeyValuePair<string, string>> fields,
        string? handler = null, string? postUrl = null)
    {
        var get = await client.GetAsync(pageUrl, Ct);
        if (!get.IsSuccessStatusCode) throw new InvalidOperationException($"GET {pageUrl}: {(int)get.StatusCode} {get.Headers.Location}");
        var page = await get.Content.ReadAsStringAsync(Ct);
        var content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page))]);
        var url = postUrl ?? pageUrl;
        if (handler is not null) url += (url.Contains('?') ? "&" : "?") + "handler=" + handler;
        return await client.PostAsync(url, content, Ct);
    }

    /// <summary>GETs <paramref name="formPage"/> for its anti-forgery token and POSTs the fields to <paramref name="action"/>.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string formPage, string action, params (string Name, string Value)[] fields) =>
        client.PostFormAsync(formPage, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)), postUrl: action);

    /// <summary>A page's HTML with entities decoded (what a reader sees in the source).</summary>
    public static async Task<string> PageAsync(this HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url, Ct));
}
