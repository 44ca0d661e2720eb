namespace Laurel.Features.Wallets.Offers;

/// <summary>Limits of "Add to wallet" offers (<c>Laurel:Wallets:Offers</c>).</summary>
public sealed class WalletOfferOptions
{
    public const string Section = "Laurel:Wallets:Offers";

    /// <summary>How long a QR code and its tx_code can be redeemed (VCI-3.3: short-lived). Default 10 minutes.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Open (not yet redeemed) offers one award may have; making another expires the oldest. Default 3.</summary>
    public int MaxOpenPerAward { get; set; } = 3;

    /// <summary>Offers one award may get per hour, so a loop of clicks cannot fill the table. Default 20.</summary>
    public int MaxPerAwardPerHour { get; set; } = 20;
}
