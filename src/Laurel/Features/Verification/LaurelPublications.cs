using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Features.Publishing;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Verification;

/// <summary>Laurel's own institution keys (<see cref="LocalIssuerResolver"/>) and status lists (<see cref="StatusListService"/>), from the database.</summary>
public sealed class LaurelPublications(PublicOrigin origin, LocalIssuerResolver issuers, StatusListService statusLists, LaurelDb db) : ILocalPublications
{
    private readonly string _didPrefix = origin.InstitutionDid("");
    private readonly string _statusPrefix = origin.Url("/status/");

    public async Task<(bool IsLocal, VerificationMethod? Method)> ResolveAsync(string verificationMethodId, CancellationToken ct) =>
        verificationMethodId.StartsWith(_didPrefix, StringComparison.Ordinal)
            ? (true, await issuers.ResolveAsync(verificationMethodId, ct))
            : (false, null);

    public async Task<(bool IsLocal, JsonObject? List)> StatusListAsync(Uri url, CancellationToken ct) =>
        ListId(url) is { } id ? (true, await statusLists.GetSignedListCredentialAsync(id, ct)) : (false, null);

    public async Task<string?> StatusListVersionsAsync(IReadOnlyList<Uri> urls, CancellationToken ct)
    {
        var ids = new List<Guid>(urls.Count);
        foreach (var url in urls)
        {
            if (ListId(url) is not { } id) return null;
            ids.Add(id);
        }
        var versions = await db.Set<StatusList>().AsNoTracking().Where(l => ids.Contains(l.Id))
            .Select(l => new { l.Id, l.Version }).ToListAsync(ct);
        if (versions.Count != ids.Distinct().Count()) return null; // an unknown list id: let the verifier report it
        return string.Join(";", versions.OrderBy(v => v.Id).Select(v => $"{v.Id:N}={v.Version}"));
    }

    /// <summary>The list id of <c>{PublicBaseUrl}/status/{id}</c>; null for any other URL.</summary>
    private Guid? ListId(Uri url)
    {
        var text = url.AbsoluteUri;
        return text.StartsWith(_statusPrefix, StringComparison.Ordinal) && Guid.TryParse(text.AsSpan(_statusPrefix.Length), out var id) ? id : null;
    }
}
