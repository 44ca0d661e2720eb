using Laurel.Features.Identity.ApiClients;
using Laurel.Features.Identity.Deletion;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Laurel.Features.Identity;

/// <summary>Sign-in (OIDC providers from configuration; demo personas in Development only), session cookie, API clients, staff rights.</summary>
public static class IdentityFeature
{
    public static IServiceCollection AddIdentityFeature(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var providers = IdentityProviders.FromConfiguration(configuration);
        // Cookies belong to a host name, not to a port: two Laurels on one host name (a staging and a live one on two ports,
        // or two institutions' test instances) would sign each other out. Laurel:Cookies:Prefix gives each its own names.
        if (configuration["Laurel:Cookies:Prefix"] is { Length: > 0 } prefix)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(prefix, "^[a-z][a-z0-9-]{0,31}$"))
                throw new InvalidOperationException("Laurel:Cookies:Prefix must be 1–32 lower-case letters, digits or hyphens, starting with a letter.");
            services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o => o.Cookie.Name = prefix + ".session");
            services.PostConfigure<CookieAuthenticationOptions>(ExternalSignIn.ExternalScheme, o => o.Cookie.Name = prefix + ".external");
            services.PostConfigure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(o => o.Cookie.Name = prefix + ".af");
        }
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
                o.Events.OnValidatePrincipal = SessionRevocation.ValidateAsync;
                o.Events.OnRedirectToLogin = SessionRevocation.RedirectToLoginAsync;
            })
            .AddOidcProviders(providers);
        services.AddAuthorization();
        services.AddApiClients(authentication);
        services.AddSingleton(providers);
        services.AddScoped<StaffAccess>();
        // Resource-based authorization: one handler answers every staff requirement (pages, endpoints, services).
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, Authorization.StaffRightHandler>();
        services.AddScoped<Authorization.StaffAuthorizer>();
        services.AddScoped<PersonSignIn>();
        services.AddScoped<ExternalAccounts>();
        services.AddScoped<Linking.AccountLinks>();
        services.AddAccountDeletion();
        services.AddScoped<EmailVerifications>();
        services.AddHostedService<EmailVerificationBackfill>();
        services.AddSingleton(new DemoSignInOptions(environment.IsDevelopment()));
        return services;
    }

    public static IEndpointRouteBuilder MapIdentityFeature(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/sign-out", async (HttpContext context, IAntiforgery antiforgery, LaurelDb db) =>
        {
            // A session that is already gone (or never was) has nothing to sign out of.
            if (StaffAccess.PersonId(context.User) is not { } personId) return Results.LocalRedirect("/");
            // A cross-site form must not end the session: only Laurel's own sign-out form carries the token.
            if (!await antiforgery.IsRequestValidAsync(context)) return Results.BadRequest();
            // Revoked server-side, so a copy of the cookie stops working too (and every other session of this person).
            await SessionRevocation.RevokeAsync(db, personId, context.RequestAborted);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/");
        }).DisableAntiforgery().ExcludeFromDescription();
        endpoints.MapGet("/account/verify-email", EmailVerifications.FollowLinkAsync).RequireAuthorization().ExcludeFromDescription();
        endpoints.MapExternalSignIn();
        endpoints.MapApiClients();
        endpoints.MapPersonalDataExport();
        return endpoints;
    }
}

/// <summary>Whether the demo persona sign-in exists; true only in the Development environment.</summary>
public sealed record DemoSignInOptions(bool Enabled);
