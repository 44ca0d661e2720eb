using Laurel.Features.Presentations.OpenId4Vp;

namespace Laurel.Features.Presentations;

/// <summary>Presentation requests: verifiers ask for badges (OpenID4VP 1.0, VC-API exchange, backpack) and see verified answers.</summary>
public static class PresentationsFeature
{
    public static IServiceCollection AddPresentationsFeature(this IServiceCollection services)
    {
        services.AddScoped<PresentationSessions>();
        services.AddScoped<IPresentationAnswers, PresentationAnswers>();
        services.AddScoped<IPresentedCredentialChecks, PresentedCredentialChecks>();
        services.AddScoped<BackpackCredentials>();
        services.AddScoped<PresentedIssuerCheck>();
        Exchanges.VcApiPresentationExchange.AddVcApiPresentationExchange(services);
        // Each part registers its services here (one line each).
        services.AddOpenId4VpVerifier();
        Requests.RequestEndpoints.AddRequestPages(services);
        Answers.AnswerPages.AddAnswerPages(services);
        Responses.ResultExports.AddResultPages(services);
        return services;
    }

    public static IEndpointRouteBuilder MapPresentationsFeature(this IEndpointRouteBuilder app)
    {
        // Each part maps its endpoints here (one line each).
        Exchanges.VcApiPresentationExchange.MapVcApiPresentationExchange(app);
        app.MapOpenId4VpVerifier();
        Requests.RequestEndpoints.MapRequestEndpoints(app);
        Responses.ResultExports.MapResultExports(app);
        return app;
    }
}
