namespace Laurel.Features.Wallets.Offers;

/// <summary>"Add to wallet" offers, the learner's wallet page and the VCALM interaction URL (the pages are Razor Pages here).</summary>
public static class OffersFeature
{
    public static IServiceCollection AddWalletOffers(IServiceCollection services)
    {
        services.AddOptions<WalletOfferOptions>().BindConfiguration(WalletOfferOptions.Section);
        services.AddScoped<WalletOfferService>();
        return services.AddScoped<WalletCopyStopper>();
    }
}
