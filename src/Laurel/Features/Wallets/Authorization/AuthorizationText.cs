namespace Laurel.Features.Wallets.Authorization;

/// <summary>Marker for the wallet authorization page's texts (AuthorizationText.resx, AuthorizationText.nl.resx).</summary>
public sealed class AuthorizationText;
