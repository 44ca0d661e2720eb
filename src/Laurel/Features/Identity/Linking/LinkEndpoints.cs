using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Laurel.Features.Identity.Linking;

/// <summary>The link-mode callback: the provider's account joins the person who is signed in; nobody is signed in anew.</summary>
public static class LinkEndpoints
{
    public static string StartUrl(IdentityProviderOptions provider) => $"/account/link/{provider.Name}";

    /// <summary>Challenge properties for link mode; the person id is checked again at the callback.</summary>
    public static AuthenticationProperties Challenge(IdentityProviderOptions provider, Guid personId)
    {
        // prompt=login: the learner must choose and prove the institution account now, never silently reuse a provider session
        // (which could belong to whoever used the browser before).
        var properties = new OpenIdConnectChallengeProperties { RedirectUri = $"/account/link/{provider.Name}/complete", Prompt = "login" };
        properties.Items[AccountLinks.LinkMarker] = personId.ToString();
        return properties;
    }

    public static IEndpointRouteBuilder MapAccountLinking(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/account/link/{provider}/complete", async (string provider, HttpContext context, IdentityProviders providers, AccountLinks links) =>
        {
            if (providers.Find(provider) is not { Kind: ProviderKind.Staff } options) return Results.NotFound();
            var result = await context.AuthenticateAsync(ExternalSignIn.ExternalScheme);
            await context.SignOutAsync(ExternalSignIn.ExternalScheme);
            var startedBy = result.Properties?.Items.TryGetValue(AccountLinks.LinkMarker, out var value) == true ? value : null;
            // Only the person who started the link may complete it (not a session that changed in between).
            if (!result.Succeeded || startedBy is null || startedBy != StaffAccess.PersonId(context.User)?.ToString())
                return Results.LocalRedirect("/account?link=" + LinkOutcome.Failed);
            var outcome = await links.LinkAsync(options, result.Principal!, context.User, context.RequestAborted);
            return Results.LocalRedirect("/account?link=" + outcome);
        }).RequireAuthorization().ExcludeFromDescription();
        return endpoints;
    }
}
