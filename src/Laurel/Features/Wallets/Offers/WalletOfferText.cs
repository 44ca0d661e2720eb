namespace Laurel.Features.Wallets.Offers;

/// <summary>Marker for the "Add to wallet" texts (WalletOfferText.resx, WalletOfferText.nl.resx).</summary>
public sealed class WalletOfferText;
