using System.Net;
using System.Text.RegularExpressions;

namespace Laurel.Tests.Identity;

/// <summary>Drives a sign-in the way a browser would: follows every redirect with one cookie jar and fills in the
/// provider's own login and consent forms.</summary>
public static partial class OidcBrowser
{
    public sealed record Outcome(HttpClient Client, HttpResponseMessage Final, string Html);

    public static async Task<Outcome> SignInAsync(LaurelHost laurel, string provider, string login, string returnUrl = "/account", HttpClient? client = null)
    {
        client ??= laurel.CreateClient(followRedirects: true);
        var ct = TestContext.Current.CancellationToken;
        var response = await client.GetAsync($"/account/sign-in/{provider}?returnUrl={Uri.EscapeDataString(returnUrl)}", ct);
        for (var step = 0; step < 4; step++)
        {
            var html = await response.Content.ReadAsStringAsync(ct);
            var url = response.RequestMessage!.RequestUri!;
            if (url.GetLeftPart(UriPartial.Authority) == laurel.BaseUrl) return new Outcome(client, response, html);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var action = new Uri(url, WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value));
            var prompt = Prompt().Match(html).Groups[1].Value;
            var fields = new Dictionary<string, string> { ["prompt"] = prompt };
            if (prompt == "login")
            {
                fields["login"] = login;
                fields["password"] = "any password";
            }
            response = await client.PostAsync(action, new FormUrlEncodedContent(fields), ct);
        }
        throw new InvalidOperationException("The sign-in did not come back to Laurel.");
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("name=\"prompt\" value=\"([^\"]+)\"")]
    private static partial Regex Prompt();
}
