namespace Laurel.Features.Wallets;

/// <summary>Wallets: OpenID4VCI issuance (SD-JWT VC, Data Integrity, VC-JWT), Token Status List and VC-API exchanges.</summary>
public static class WalletsFeature
{
    public static IServiceCollection AddWalletsFeature(this IServiceCollection services)
    {
        // Each part registers its services here (one line each).
        Status.WalletCopyStatus.Register(services);
        services.AddScoped<IWalletCredentialFactory, Formats.WalletCredentialFactory>();
        Exchanges.VcApiExchange.AddVcApiExchange(services);
        Authorization.WalletAuthorizationServer.AddWalletAuthorization(services);
        Issuance.IssuanceEndpoints.AddWalletIssuance(services);
        Offers.OffersFeature.AddWalletOffers(services);
        return services;
    }

    public static IEndpointRouteBuilder MapWalletsFeature(this IEndpointRouteBuilder app)
    {
        // Each part maps its endpoints here (one line each).
        Formats.TypeMetadata.MapTypeMetadata(app);
        Exchanges.VcApiExchange.MapVcApiExchange(app);
        Authorization.WalletAuthorizationServer.MapWalletAuthorization(app);
        Issuance.IssuanceEndpoints.MapWalletIssuance(app);
        return app;
    }
}
