using System.Net;

namespace Laurel.Tests.Identity;

/// <summary>Issue 14: the Development mailbox and e-mail sign-in do not exist outside Development.</summary>
public sealed class DevToolsInProductionTests(ProductionSqliteHost host) : IClassFixture<ProductionSqliteHost>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_dev_mailbox_and_the_dev_e_mail_sign_in_answer_404()
    {
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/mail", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/dev/mail/{Guid.NewGuid()}", Ct)).StatusCode);
        var signIn = await client.GetStringAsync("/account/sign-in?culture=en", Ct);
        Assert.DoesNotContain("DevEmail", signIn);
        Assert.DoesNotContain("/dev/mail", signIn);
        var post = await client.PostAsync("/account/sign-in?handler=DevEmail",
            new FormUrlEncodedContent([new("email", "someone@example.org")]), Ct);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }
}
