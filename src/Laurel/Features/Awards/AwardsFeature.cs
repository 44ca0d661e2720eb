using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Awards;

/// <summary>Awards: the award and its changes (AwardService, RevokeAndSuspend), the issuing core (Issuing/), staff award pages and
/// scheduled awards (Manage/), the signed credential download and the VC-API issue/status endpoints.</summary>
public static class AwardsFeature
{
    public static IServiceCollection AddAwardsFeature(this IServiceCollection services)
    {
        services.AddOptions<Events.AwardEventOptions>().BindConfiguration("Laurel:AwardEvents");
        return services
            .AddAwardIssuing()
            .AddSingleton<Events.AwardEventProcessor>()
            .AddHostedService<Events.AwardEventWorker>()
            .AddScoped<AwardService>()
            .AddScoped<RevokeAndSuspend>()
            .AddScoped<VcApi.IssuerRights>()
            .AddScoped<VcApi.GenericIssuer>()
            .AddScoped<VcApi.GenericStatus>()
            .AddScoped<Manage.ScheduledAwards>()
            .AddScoped<Events.AwardEvents>()
            .AddScoped<Events.IAwardEventSubscriber, Events.AwardAuditSubscriber>()
            .AddScoped<Events.IAwardEventSubscriber, Events.AwardMailSubscriber>();
    }

    public static IEndpointRouteBuilder MapAwardsFeature(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/manage/awards/{id:guid}/credential.json", DownloadAsync).WithTags(OpenApiDocs.StaffFilesTag)
            .WithName("StaffCredentialDownload")
            .WithSummary("The stored credential of an award exactly as signed (OB3-5.3 media type), for staff with the view right on its definition")
            .RequiresSession()
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/vc+ld+json")
            .ProducesRedirect(StatusCodes.Status302Found, "the sign-in page, for a caller without a session.")
            .ProducesErrorPage(StatusCodes.Status403Forbidden, "signed in without the view right on the award's definition.")
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no such award.");
        VocabularyEndpoint.Map(endpoints);
        CredentialsApi.Map(endpoints);
        return endpoints;
    }

    // Staff download of the credential exactly as signed (OB3-5.3 media type).
    private static async Task<IResult> DownloadAsync(Guid id, HttpContext context, LaurelDb db)
    {
        if (StaffAccess.PersonId(context.User) is null) return TypedResults.Challenge();
        var award = await db.Awards.Where(a => a.Id == id).Select(a => new { a.AchievementId, a.CredentialJson }).FirstOrDefaultAsync(context.RequestAborted);
        if (award is null) return TypedResults.NotFound();
        return await StaffAuthorization.DecideAsync(context, StaffRight.View, ScopeLevel.Achievement, award.AchievementId) switch
        {
            StaffDecision.Allowed => TypedResults.Text(award.CredentialJson, "application/vc+ld+json"),
            StaffDecision.SignInRequired => TypedResults.Challenge(),
            StaffDecision.Forbidden => TypedResults.StatusCode(StatusCodes.Status403Forbidden),
            _ => TypedResults.NotFound(),
        };
    }
}
