using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Laurel.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Testing.Data;

/// <summary>Who a test acts as: principals for service calls, and sign-ins and account links through the OIDC provider process.</summary>
public static partial class SignInKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The principal Laurel's cookie carries for a person (only the person id and name matter to services).</summary>
    public static ClaimsPrincipal Principal(Guid personId, string? name = null) => new(new ClaimsIdentity(
        name is null ? [new Claim(ClaimTypes.NameIdentifier, personId.ToString())]
            : [new Claim(ClaimTypes.NameIdentifier, personId.ToString()), new Claim(ClaimTypes.Name, name)], "test"));

    /// <summary>The principal a demo persona (or other demo-provider account) gets when signing in.</summary>
    public static Task<ClaimsPrincipal> PrincipalAsync(this LaurelHost host, string persona) => host.DbAsync(async db =>
    {
        var person = await db.LinkedIdentities.Where(i => i.Provider == SignInModel.DemoProvider && i.Subject == persona)
            .Select(i => i.Person!).SingleAsync(Ct);
        return Principal(person.Id, person.DisplayName);
    });

    /// <summary>A staff member as the award service sees them, by e-mail address (only their person id matters).</summary>
    public static async Task<ClaimsPrincipal> StaffAsync(this LaurelHost host, string email) =>
        Principal(await host.DbAsync(db => db.Persons.Where(p => p.Email == email).Select(p => p.Id).SingleAsync()));

    /// <summary>
    /// Answers the OIDC provider's own pages (login as <paramref name="login"/>, consent) until the flow comes back to Laurel;
    /// returns Laurel's final response and its HTML. With <paramref name="hiddenFields"/> every hidden field of a provider form
    /// is sent back too (a "sign out the current session first?" page carries an xsrf token).
    /// </summary>
    public static async Task<(HttpResponseMessage Final, string Html)> FollowProviderAsync(LaurelHost laurel, HttpClient client,
        HttpResponseMessage response, string login, bool hiddenFields = false)
    {
        for (var step = 0; step < 4; step++)
        {
            var html = await response.Content.ReadAsStringAsync(Ct);
            var url = response.RequestMessage!.RequestUri!;
            if (url.GetLeftPart(UriPartial.Authority) == laurel.BaseUrl) return (response, html);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} at {url}: {html}");
            var action = new Uri(url, WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value));
            var prompt = Prompt().Match(html).Groups[1].Value;
            var fields = hiddenFields
                ? HiddenInput().Matches(html).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value))
                : [];
            fields["prompt"] = prompt;
            if (prompt == "login")
            {
                fields["login"] = login;
                fields["password"] = "any password";
            }
            response = await client.PostAsync(action, new FormUrlEncodedContent(fields), Ct);
        }
        throw new InvalidOperationException("The flow did not come back to Laurel.");
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("name=\"prompt\" value=\"([^\"]+)\"")]
    private static partial Regex Prompt();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();
}

/// <summary>Drives a sign-in the way a browser would: follows every redirect with one cookie jar and fills in the
/// provider's own login and consent forms.</summary>
public static class OidcBrowser
{
    public sealed record Outcome(HttpClient Client, HttpResponseMessage Final, string Html);

    public static async Task<Outcome> SignInAsync(LaurelHost laurel, string provider, string login, string returnUrl = "/account", HttpClient? client = null)
    {
        client ??= laurel.CreateClient(followRedirects: true);
        var response = await client.GetAsync($"/account/sign-in/{provider}?returnUrl={Uri.EscapeDataString(returnUrl)}", TestContext.Current.CancellationToken);
        var (final, html) = await SignInKit.FollowProviderAsync(laurel, client, response, login);
        return new Outcome(client, final, html);
    }
}
