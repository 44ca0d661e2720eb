using Laurel.Features.Identity.ApiClients;
using Laurel.Features.Identity.Deletion;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Laurel.Features.Identity;

/// <summary>Sign-in (OIDC providers from configuration; demo personas in Development only), session cookie, API clients, staff rights.</summary>
public static class IdentityFeature
{
    public static IServiceCollection AddIdentityFeature(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var providers = IdentityProviders.FromConfiguration(configuration);
        var authentication = services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "laurel.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/account/sign-in";
                o.AccessDeniedPath = "/error/403";
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
            })
            .AddOidcProviders(providers);
        services.AddAuthorization();
        services.AddApiClients(authentication);
        services.AddSingleton(providers);
        services.AddScoped<StaffAccess>();
        services.AddScoped<PersonSignIn>();
        services.AddScoped<ExternalAccounts>();
        services.AddScoped<Linking.AccountLinks>();
        services.AddAccountDeletion();
        services.AddSingleton(new DemoSignInOptions(environment.IsDevelopment()));
        return services;
    }

    public static IEndpointRouteBuilder MapIdentityFeature(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/sign-out", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/");
        });
        endpoints.MapExternalSignIn();
        endpoints.MapApiClients();
        return endpoints;
    }
}

/// <summary>Whether the demo persona sign-in exists; true only in the Development environment.</summary>
public sealed record DemoSignInOptions(bool Enabled);
