namespace Laurel.Features.Wallets.Issuance;

/// <summary>Marker for the issuer endpoints' texts (IssuanceText.resx, IssuanceText.nl.resx).</summary>
public sealed class IssuanceText;
