namespace Laurel.Features.Verification;

/// <summary>
/// Laurel's own public badge addresses, answered from the database instead of over the network (as
/// <see cref="ILocalPublications"/> does for DIDs and status lists): faster, and a pasted badge link works when the
/// public base URL is not reachable from the server itself.
/// </summary>
public interface ILocalBadgeLinks
{
    /// <summary>
    /// For <c>{PublicBaseUrl}/badges/{id}</c> and <c>…/credential.json</c>: IsLocal true, and the credential anyone may have
    /// (null when the badge is unknown or private, which a fetch would answer with 404). IsLocal false for any other URL.
    /// </summary>
    Task<(bool IsLocal, string? Json)> PublicCredentialAsync(Uri url, CancellationToken ct);
}
