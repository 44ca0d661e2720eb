using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Laurel.Tests.Platform;

/// <summary>
/// Issue 15: API error texts follow Accept-Language and default to English (an integrator's program sends no language),
/// while pages keep Dutch as their default; an explicit <c>?culture=</c> or the culture cookie still wins.
/// </summary>
public sealed class ApiLanguageTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private const string English = "Sign in as staff or send an API client's bearer token.";
    private const string Dutch = "Log in als medewerker of stuur het bearer-token van een API-client mee.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The title of the 401 an anonymous <c>POST /credentials/status</c> gets.</summary>
    private async Task<string> RefusalTitleAsync(string path = "/credentials/status", string? acceptLanguage = null, string? cookie = null)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        if (acceptLanguage is not null) request.Headers.Add("Accept-Language", acceptLanguage);
        if (cookie is not null) request.Headers.Add("Cookie", ".AspNetCore.Culture=" + Uri.EscapeDataString($"c={cookie}|uic={cookie}"));
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["title"]!;
    }

    [Fact]
    public async Task An_api_answers_in_English_when_the_client_names_no_language() =>
        Assert.Equal(English, await RefusalTitleAsync());

    [Fact]
    public async Task An_api_answers_in_English_when_the_client_asks_for_a_language_Laurel_does_not_have() =>
        Assert.Equal(English, await RefusalTitleAsync(acceptLanguage: "fr-FR, de;q=0.8"));

    [Fact]
    public async Task An_api_follows_Accept_Language()
    {
        Assert.Equal(Dutch, await RefusalTitleAsync(acceptLanguage: "nl-NL, en;q=0.5"));
        Assert.Equal(English, await RefusalTitleAsync(acceptLanguage: "en-GB, nl;q=0.5"));
    }

    [Fact]
    public async Task An_explicit_culture_wins_over_the_api_default()
    {
        Assert.Equal(Dutch, await RefusalTitleAsync("/credentials/status?culture=nl"));
        Assert.Equal(Dutch, await RefusalTitleAsync(cookie: "nl"));
        Assert.Equal(English, await RefusalTitleAsync("/credentials/status?culture=en", acceptLanguage: "nl"));
    }

    [Fact]
    public async Task Pages_keep_Dutch_as_their_default()
    {
        using var client = host.CreateClient();
        var page = await client.GetStringAsync("/verify", Ct);
        Assert.Contains("<html lang=\"nl\"", page);
    }
}
