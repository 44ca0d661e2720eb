using System.Security.Claims;
using Laurel.Features.Identity;

namespace Laurel.Tests.Identity;

/// <summary>When a sign-in provider's word makes an address verified (and so able to take awards sent to it).</summary>
public sealed class ProviderVouchesTests
{
    private static ClaimsPrincipal With(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData(" true ", true)]
    [InlineData("false", false)]
    [InlineData("", false)]
    [InlineData(" ", false)]
    [InlineData("0", false)]
    [InlineData("1", false)]
    [InlineData("yes", false)]
    public void An_email_verified_claim_vouches_only_when_it_says_true_even_for_a_provider_trusted_without_one(string value, bool vouches)
    {
        var trusted = new IdentityProviderOptions { Name = "sso", EmailsAreVerified = true };
        var untrusted = new IdentityProviderOptions { Name = "eduid" };
        var principal = With(("email", "a@example.org"), ("email_verified", value));
        Assert.Equal(vouches, EmailVerificationRules.ProviderVouches(trusted, principal));
        Assert.Equal(vouches, EmailVerificationRules.ProviderVouches(untrusted, principal));
    }

    [Fact]
    public void Without_the_claim_the_providers_setting_decides()
    {
        var principal = With(("email", "a@example.org"));
        Assert.True(EmailVerificationRules.ProviderVouches(new IdentityProviderOptions { Name = "sso", EmailsAreVerified = true }, principal));
        Assert.False(EmailVerificationRules.ProviderVouches(new IdentityProviderOptions { Name = "eduid" }, principal));
    }
}
