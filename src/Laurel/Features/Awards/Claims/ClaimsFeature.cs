using Microsoft.AspNetCore.Authentication.Cookies;

namespace Laurel.Features.Awards.Claims;

/// <summary>Claims: awards waiting for a learner (matching at sign-in, accept/decline, reminders, expiry) and the time-driven award job.</summary>
public static class ClaimsFeature
{
    public static IServiceCollection AddAwardClaimsFeature(this IServiceCollection services)
    {
        services.AddScoped<ClaimMessages>().AddScoped<ClaimService>()
            .AddScoped<ScheduledAwardJob>().AddScoped<ClaimExpiryJob>().AddScoped<ClaimReminderJob>().AddScoped<Housekeeping>()
            .AddHostedService<HousekeepingWorker>();
        // Awards waiting for a learner's address find them the moment they sign in.
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            var previous = o.Events.OnSignedIn;
            o.Events.OnSignedIn = async context =>
            {
                await previous(context);
                if (context.Principal is null) return;
                try
                {
                    await context.HttpContext.RequestServices.GetRequiredService<ClaimService>().MatchAsync(context.Principal, context.HttpContext.RequestAborted);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Signing in matters more; the pending-awards page matches again.
                    context.HttpContext.RequestServices.GetRequiredService<ILogger<ClaimService>>().LogError(e, "Matching claims at sign-in failed");
                }
            };
        });
        return services;
    }
}
