using System.Net;

namespace Laurel.Tests.Platform;

/// <summary>Issue 12: a POST that no handler of the page accepts is the client's mistake — 400 with the friendly page, never a 500.</summary>
public sealed class MissingHandlerTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task AssertBadRequestAsync(HttpClient client, string page, string postTo)
    {
        var html = await client.GetStringAsync(page, Ct);
        var form = new Dictionary<string, string> { ["Text"] = "x" };
        // With a valid token where the page has a form: the refusal must come from the missing handler, not from anti-forgery.
        if (html.Contains("__RequestVerificationToken")) form["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(html);
        var response = await client.PostAsync(postTo, new FormUrlEncodedContent(form), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {postTo}: {(int)response.StatusCode}");
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(body.Contains("Verzoek niet begrepen"), body); // the friendly page, in the default language
    }

    [Theory]
    [InlineData("/?culture=en", "/")]
    [InlineData("/catalog?culture=en", "/catalog")]
    [InlineData("/pathways?culture=en", "/pathways")]
    [InlineData("/verify?culture=en", "/verify")]
    [InlineData("/verify?culture=en", "/verify?handler=Nonexistent")]
    [InlineData("/account/sign-in?culture=en", "/account/sign-in?handler=Nonexistent")]
    public async Task Anonymous_post_without_a_handler_answers_400(string page, string postTo)
    {
        using var client = host.CreateClient();
        await AssertBadRequestAsync(client, page, postTo);
    }

    [Theory]
    [InlineData("/backpack?culture=en", "/backpack")]
    [InlineData("/backpack/collections?culture=en", "/backpack/collections")]
    [InlineData("/account?culture=en", "/account?handler=Nonexistent")]
    [InlineData("/backpack/requests?culture=en", "/backpack/requests?handler=Nonexistent")]
    public async Task Signed_in_post_without_a_handler_answers_400(string page, string postTo)
    {
        using var client = await host.SignInAsDemoAsync("learner");
        await AssertBadRequestAsync(client, page, postTo);
    }
}
