using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Laurel.Features.Identity;

/// <summary>Sign-in through configured OpenID Connect providers (authorization code + PKCE).</summary>
public static class ExternalSignIn
{
    /// <summary>Holds the provider's identity only between its callback and Laurel's own session cookie.</summary>
    public const string ExternalScheme = "laurel.external";

    public static AuthenticationBuilder AddOidcProviders(this AuthenticationBuilder builder, IdentityProviders providers)
    {
        builder.AddCookie(ExternalScheme, o =>
        {
            o.Cookie.Name = "laurel.external";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(10);
        });
        foreach (var provider in providers.All)
        {
            builder.AddOpenIdConnect(provider.Scheme, provider.Label("en"), o =>
            {
                o.SignInScheme = ExternalScheme;
                o.Authority = provider.Authority;
                o.ClientId = provider.ClientId;
                o.ClientSecret = provider.ClientSecret;
                o.RequireHttpsMetadata = provider.RequireHttpsMetadata;
                o.CallbackPath = provider.CallbackPath;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                // Query response mode lets the correlation and nonce cookies be SameSite=Lax (sent on the top-level
                // GET back from the provider), which browsers also accept on plain-http loopback test setups.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.MapInboundClaims = false;
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = provider.GetClaimsFromUserInfoEndpoint;
                o.Scope.Clear();
                foreach (var scope in provider.Scopes.Count > 0 ? provider.Scopes : ["openid", "profile", "email"])
                    o.Scope.Add(scope);
                var names = provider.Claims;
                foreach (var claim in new[] { names.Name, names.GivenName, names.FamilyName, names.Email, names.EmailVerified,
                             names.Eppn, names.HomeOrganisation, names.NameVerified, names.LinkedAccounts })
                    if (claim is not null) o.ClaimActions.MapUniqueJsonKey(claim, claim);
                o.ClaimActions.MapJsonKey(names.Affiliation, names.Affiliation);
                o.TokenValidationParameters.NameClaimType = names.Name;
                OnRemoteFailure(o);
            });
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapExternalSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/account/sign-in/{provider}", (string provider, string? returnUrl, IdentityProviders providers) =>
        {
            if (providers.Find(provider) is not { } options) return Results.NotFound();
            var callback = $"/account/sign-in/{options.Name}/complete?returnUrl={Uri.EscapeDataString(SignInModel.SafeReturnUrl(returnUrl))}";
            return Results.Challenge(new AuthenticationProperties { RedirectUri = callback }, [options.Scheme]);
        }).ExcludeFromDescription();

        endpoints.MapGet("/account/sign-in/{provider}/complete", async (string provider, string? returnUrl, HttpContext context,
            IdentityProviders providers, ExternalAccounts accounts, PersonSignIn signIn) =>
        {
            if (providers.Find(provider) is not { } options) return Results.NotFound();
            var result = await context.AuthenticateAsync(ExternalScheme);
            if (!result.Succeeded) return Results.LocalRedirect("/account/sign-in");
            await context.SignOutAsync(ExternalScheme);
            // A link-mode challenge never signs anyone in: it belongs to the link callback only.
            if (result.Properties?.Items.ContainsKey(Linking.AccountLinks.LinkMarker) == true) return Results.LocalRedirect("/account/sign-in?failed=true");
            var account = await accounts.SignedInAsync(options, result.Principal, context.RequestAborted);
            await signIn.SignInAsync(context, account.Person, options.Name, account.IdentityId);
            return Results.LocalRedirect(await signIn.LandingAsync(account.Person, returnUrl, context.RequestAborted));
        }).ExcludeFromDescription();
        Linking.LinkEndpoints.MapAccountLinking(endpoints);
        return endpoints;
    }

    /// <summary>Sends a failed or cancelled provider sign-in back to the sign-in page instead of an error page.</summary>
    internal static void OnRemoteFailure(OpenIdConnectOptions o) =>
        o.Events.OnRemoteFailure = context =>
        {
            context.HandleResponse();
            var linking = context.Properties?.Items.ContainsKey(Linking.AccountLinks.LinkMarker) == true;
            context.Response.Redirect(linking ? "/account?link=" + Linking.LinkOutcome.Failed : "/account/sign-in?failed=true");
            return Task.CompletedTask;
        };
}
