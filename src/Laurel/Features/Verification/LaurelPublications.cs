using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Verification;

/// <summary>Laurel's own institution keys (<see cref="LocalIssuerResolver"/>) and status lists (<see cref="StatusListService"/>), from the database.</summary>
public sealed class LaurelPublications(PublicOrigin origin, LocalIssuerResolver issuers, StatusListService statusLists, LaurelDb db) : ILocalPublications
{
    // A compiled query belongs to one model; each provider has its own model, so one per provider (a process may run both).
    private static readonly Func<SqliteLaurelDb, Guid, CancellationToken, Task<int?>> SqliteVersionOf = EF.CompileAsyncQuery(
        (SqliteLaurelDb db, Guid id, CancellationToken ct) => db.Set<StatusList>().Where(l => l.Id == id).Select(l => (int?)l.Version).FirstOrDefault());
    private static readonly Func<PostgresLaurelDb, Guid, CancellationToken, Task<int?>> PostgresVersionOf = EF.CompileAsyncQuery(
        (PostgresLaurelDb db, Guid id, CancellationToken ct) => db.Set<StatusList>().Where(l => l.Id == id).Select(l => (int?)l.Version).FirstOrDefault());

    private static Task<int?> VersionOf(LaurelDb db, Guid id, CancellationToken ct) => db switch
    {
        SqliteLaurelDb sqlite => SqliteVersionOf(sqlite, id, ct),
        PostgresLaurelDb postgres => PostgresVersionOf(postgres, id, ct),
        _ => db.Set<StatusList>().Where(l => l.Id == id).Select(l => (int?)l.Version).FirstOrDefaultAsync(ct),
    };

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
        var text = new System.Text.StringBuilder();
        foreach (var id in ids)
        {
            // One primary-key lookup per list (a credential has one or two): a precompiled query, as this runs on every
            // cached verification.
            if (await VersionOf(db, id, ct) is not { } version) return null; // an unknown list: let the verifier report it
            text.Append(id.ToString("N")).Append('=').Append(version).Append(';');
        }
        return text.ToString();
    }

    /// <summary>The list id of <c>{PublicBaseUrl}/status/{id}</c>; null for any other URL.</summary>
    private Guid? ListId(Uri url)
    {
        var text = url.AbsoluteUri;
        return text.StartsWith(_statusPrefix, StringComparison.Ordinal) && Guid.TryParse(text.AsSpan(_statusPrefix.Length), out var id) ? id : null;
    }
}
