using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;

namespace Laurel.Features.Verification;

/// <summary>
/// What Laurel publishes itself (institution DIDs, status list credentials), answered from the database instead of
/// over the network: faster, and it works when the public base URL is not reachable from the server itself.
/// </summary>
public interface ILocalPublications
{
    /// <summary>The key for one of Laurel's own verification methods; null when <paramref name="verificationMethodId"/> is not Laurel's.</summary>
    Task<(bool IsLocal, VerificationMethod? Method)> ResolveAsync(string verificationMethodId, CancellationToken ct);

    /// <summary>The signed status list credential at one of Laurel's own status URLs; IsLocal false for any other URL.</summary>
    Task<(bool IsLocal, JsonObject? List)> StatusListAsync(Uri url, CancellationToken ct);

    /// <summary>
    /// The signed status list at <paramref name="url"/> without a query: only when this instance has already read the list's
    /// head (<see cref="StatusListVersionsAsync(IReadOnlyList{Uri}, CancellationToken)"/> earlier in the same request) and holds the
    /// signed copy of that version; null otherwise (then ask <see cref="StatusListAsync"/>).
    /// </summary>
    JsonObject? StatusListAlreadyRead(Uri url) => null;

    /// <summary>
    /// A text that changes whenever one of Laurel's own status lists at <paramref name="urls"/> changes (a bit set or
    /// cleared); null when any of the URLs is not one of Laurel's lists.
    /// </summary>
    Task<string?> StatusListVersionsAsync(IReadOnlyList<Uri> urls, CancellationToken ct);

    /// <summary>The same for an award's revocation and suspension list, read in one query; null when either list is unknown.</summary>
    Task<string?> StatusListVersionsAsync(Guid revocationListId, Guid suspensionListId, CancellationToken ct);

    /// <summary>The id of one of Laurel's own status lists at <paramref name="url"/>; null for any other URL.</summary>
    Guid? LocalListId(Uri url);
}
