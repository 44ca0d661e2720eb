using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Features.Publishing.Issuers;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;

namespace Laurel.Features.Publishing;

/// <summary>Issuer identity: did:web documents, signing keys, status lists, issuer profiles.</summary>
public static class PublishingFeature
{
    public static IServiceCollection AddPublishingFeature(this IServiceCollection services)
    {
        services.AddSingleton<IssuerKeyRing>();
        services.AddScoped<IssuerKeys>();
        services.AddScoped<IssuerSigner>();
        services.AddScoped<CredentialResigner>();
        services.AddScoped<InstitutionEs256Keys>();
        services.AddScoped<Wallets.IInstitutionEs256Keys>(sp => sp.GetRequiredService<InstitutionEs256Keys>());
        // Other DIDs go to the library resolver the verification feature registers (with its guarded fetcher);
        // without one, only did:key resolves besides Laurel's own DIDs.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<LocalIssuerResolver>(sp,
            (IVerificationMethodResolver?)sp.GetService<DidVerificationMethodResolver>() ?? new DidVerificationMethodResolver()));

        services.AddScoped<IssuerProfiles>();
        foreach (var page in (string[])["/Publishing/Issuers/InstitutionProfile", "/Publishing/Issuers/FacultyProfile", "/Publishing/Issuers/IssuerProfile"])
            services.AddSingleton<Laurel.Infrastructure.Web.IPublicPageTag>(new Issuers.ProfilePageTag(page));

        services.AddSingleton<SignedStatusListCache>();
        services.AddScoped<StatusListPublisher>();
        services.AddScoped<StatusListService>().AddSingleton<StatusIndexBlocks>();
        services.AddSingleton<SignedTokenStatusListCache>();
        services.AddScoped<TokenStatusListPublisher>();
        services.AddScoped<TokenStatusListService>();
        return services;
    }

    public static IEndpointRouteBuilder MapPublishingFeature(this IEndpointRouteBuilder endpoints)
    {
        DidDocumentEndpoint.Map(endpoints);
        StatusListEndpoint.Map(endpoints);
        JwtVcIssuerEndpoint.Map(endpoints);
        TokenStatusListEndpoint.Map(endpoints);
        ProfileEndpoints.Map(endpoints);
        return endpoints;
    }
}
