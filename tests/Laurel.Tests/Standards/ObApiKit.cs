using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Features.Standards.ObApi;

namespace Laurel.Tests.Standards;

/// <summary>Raw-HTTP steps of the OB 3.0 API flow for the error-path tests (the happy path is also walked by openid-client).</summary>
public static class ObApiKit
{
    public const string RedirectUri = "https://client.example/cb";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static JsonObject Registration(string? scope = null) => new()
    {
        ["client_name"] = "Example Backpack", ["client_uri"] = "https://client.example/", ["logo_uri"] = "https://client.example/logo.png",
        ["tos_uri"] = "https://client.example/tos", ["policy_uri"] = "https://client.example/privacy", ["software_id"] = "example-backpack",
        ["software_version"] = "1.0", ["redirect_uris"] = new JsonArray(RedirectUri), ["scope"] = scope ?? string.Join(' ', ObScopes.All),
    };

    public static async Task<(string Id, string Secret)> RegisterAsync(this LaurelHost host, string? scope = null)
    {
        using var client = host.CreateClient();
        var response = await client.PostAsync(ObRoutes.Register, Json(Registration(scope)), Ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        return ((string)body["client_id"]!, (string)body["client_secret"]!);
    }

    public static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (verifier, challenge);
    }

    public static string AuthorizeUrl(string clientId, string challenge, string? scope = null, string state = "s-123", string redirectUri = RedirectUri,
        string method = "S256") =>
        $"{ObRoutes.Authorize}?response_type=code&client_id={clientId}&redirect_uri={Uri.EscapeDataString(redirectUri)}" +
        $"&scope={Uri.EscapeDataString(scope ?? string.Join(' ', ObScopes.All))}&state={state}&code_challenge={challenge}&code_challenge_method={method}";

    /// <summary>Opens the consent page as the signed-in <paramref name="browser"/> and answers; returns the redirect back to the client.</summary>
    public static async Task<Uri> ConsentAsync(HttpClient browser, string url, string decision = "allow")
    {
        var page = await browser.GetAsync(url, Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + url).Query);
        var form = query.AllKeys.ToDictionary(k => k!, k => query[k]!);
        form["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(html);
        form["decision"] = decision;
        var answer = await browser.PostAsync(ObRoutes.Authorize, new FormUrlEncodedContent(form), Ct);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return answer.Headers.Location!;
    }

    public static string Param(Uri redirect, string name) => System.Web.HttpUtility.ParseQueryString(redirect.Query)[name] ?? "";

    public static async Task<(HttpStatusCode Status, JsonObject Body)> TokenAsync(this LaurelHost host, string clientId, string secret, Dictionary<string, string> form)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, ObRoutes.Token) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + secret)));
        var response = await client.SendAsync(request, Ct);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject());
    }

    public static Dictionary<string, string> CodeForm(string code, string verifier, string redirectUri = RedirectUri) => new()
    {
        ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri, ["code_verifier"] = verifier,
    };

    /// <summary>Registers a client, has <paramref name="browser"/>'s person allow it, and redeems the code.</summary>
    public static async Task<(string ClientId, string Secret, JsonObject Tokens)> ConnectAsync(this LaurelHost host, HttpClient browser, string? scope = null)
    {
        var (id, secret) = await host.RegisterAsync();
        var (verifier, challenge) = Pkce();
        var redirect = await ConsentAsync(browser, AuthorizeUrl(id, challenge, scope));
        var (status, tokens) = await host.TokenAsync(id, secret, CodeForm(Param(redirect, "code"), verifier));
        Assert.True(status == HttpStatusCode.OK, tokens.ToJsonString());
        return (id, secret, tokens);
    }

    public static async Task<HttpResponseMessage> ApiAsync(this LaurelHost host, HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, Ct);
    }
}
