using System.Net;

namespace Laurel.Tests.Identity;

/// <summary>The signed-in person's account page and the sign-in page's texts in both languages.</summary>
public sealed class AccountPageTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Learner_sees_validated_name_email_and_linked_institution_account()
    {
        using var client = await host.SignInAsDemoAsync("learner");
        var html = await client.GetStringAsync("/account?culture=en", Ct);
        Assert.Contains("<span data-field=\"name\">Lotte de Vries</span>", html);
        Assert.Contains("data-field=\"name-status\">validated<", html);
        Assert.Contains("lotte@example.org", html);
        Assert.Contains("l.devries@students.uu.nl", html);
        Assert.Contains("<td>uu.nl</td>", html);
        Assert.Contains("<td>student</td>", html);
    }

    [Fact]
    public async Task Account_page_is_Dutch_by_default()
    {
        using var client = await host.SignInAsDemoAsync("awarder");
        var html = await client.GetStringAsync("/account", Ct);
        Assert.Contains("Je account", html);
        Assert.Contains("Gekoppelde accounts", html);
    }

    [Fact]
    public async Task Anonymous_visitor_is_sent_to_sign_in_and_back()
    {
        using var client = host.CreateClient();
        var response = await client.GetAsync("/account", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/sign-in?ReturnUrl=%2Faccount", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Failed_provider_sign_in_is_explained()
    {
        using var client = host.CreateClient();
        var html = await client.GetStringAsync("/account/sign-in?failed=true&culture=en", Ct);
        Assert.Contains("Signing in did not succeed or was cancelled", html);
    }

    [Theory]
    [InlineData("//evil.example/x", "/backpack")]
    [InlineData("https://evil.example/x", "/backpack")]
    [InlineData("/\\evil.example", "/backpack")]
    [InlineData("/backpack?tab=1", "/backpack?tab=1")]
    public async Task Demo_sign_in_only_returns_to_local_addresses(string returnUrl, string expected)
    {
        using var client = host.CreateClient();
        var page = await client.GetStringAsync("/account/sign-in", Ct);
        var response = await client.PostAsync("/account/sign-in?handler=Demo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["persona"] = "learner", ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(page),
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }
}
