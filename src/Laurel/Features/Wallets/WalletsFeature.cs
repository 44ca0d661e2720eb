namespace Laurel.Features.Wallets;

/// <summary>Wallets: OpenID4VCI issuance (SD-JWT VC, Data Integrity, VC-JWT), Token Status List and VC-API exchanges.</summary>
public static class WalletsFeature
{
    public static IServiceCollection AddWalletsFeature(this IServiceCollection services)
    {
        // Each part registers its services here (one line each).
        Offers.OffersFeature.AddWalletOffers(services);
        return services;
    }

    public static IEndpointRouteBuilder MapWalletsFeature(this IEndpointRouteBuilder app)
    {
        // Each part maps its endpoints here (one line each).
        return app;
    }
}
