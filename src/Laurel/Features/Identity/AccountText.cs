namespace Laurel.Features.Identity;

/// <summary>Marker for the texts of the account page: names, linked identities, linking and account deletion.</summary>
public sealed class AccountText;
