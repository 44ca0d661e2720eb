using Laurel.Features.Notifications;

namespace Laurel.Features.Awards;

/// <summary>Awards: the signed credential of each award, staff award pages, revocation and suspension, the VC-API issue/status endpoints.</summary>
public static class AwardsFeature
{
    public static IServiceCollection AddAwardsFeature(this IServiceCollection services) => services
        .AddSingleton<CredentialBuilder>()
        .AddScoped<AwardService>()
        .AddScoped<RevokeAndSuspend>()
        .AddScoped<NotificationService>();

    public static IEndpointRouteBuilder MapAwardsFeature(this IEndpointRouteBuilder endpoints) => endpoints;
}
