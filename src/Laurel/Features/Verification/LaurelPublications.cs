using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Verification;

/// <summary>Laurel's own institution keys (<see cref="LocalIssuerResolver"/>) and status lists (<see cref="StatusListService"/>), from the database.</summary>
public sealed class LaurelPublications(PublicOrigin origin, LocalIssuerResolver issuers, StatusListService statusLists, LaurelDb db,
    SignedStatusListCache signedLists, TimeProvider clock) : ILocalPublications
{
    /// <summary>What one verification needs to know of a list: its version and which version the stored signed copy is of.</summary>
    private sealed record Head(Guid Id, int Version, int? SignedVersion, DateTime? SignedAt);

    // One query for a list and the other list of its pair (a Laurel credential points at both, with the same index), in one round
    // trip, without the 16 KiB bits. Pairs point at each other (StatusListService), so the pair is the list whose PairedListId is
    // `first`. No subquery on the context: in a compiled query that made EF compile an expression (a DynamicMethod) on every
    // execution (issue 18, round 4 profile). Compiled, as it runs on every verification of a Laurel credential.
    // A compiled query belongs to one model; each provider has its own model, so one per provider (a process may run both).
    private static readonly Func<SqliteLaurelDb, Guid, Guid, IAsyncEnumerable<Head>> SqliteHeads = EF.CompileAsyncQuery(
        (SqliteLaurelDb db, Guid first, Guid second) => db.Set<StatusList>().AsNoTracking()
            .Where(l => l.Id == first || l.Id == second || l.PairedListId == first)
            .Select(l => new Head(l.Id, l.Version, l.SignedVersion, l.SignedAt)));
    private static readonly Func<PostgresLaurelDb, Guid, Guid, IAsyncEnumerable<Head>> PostgresHeads = EF.CompileAsyncQuery(
        (PostgresLaurelDb db, Guid first, Guid second) => db.Set<StatusList>().AsNoTracking()
            .Where(l => l.Id == first || l.Id == second || l.PairedListId == first)
            .Select(l => new Head(l.Id, l.Version, l.SignedVersion, l.SignedAt)));

    private static IAsyncEnumerable<Head> HeadsOf(LaurelDb db, Guid first, Guid second) => db switch
    {
        SqliteLaurelDb sqlite => SqliteHeads(sqlite, first, second),
        PostgresLaurelDb postgres => PostgresHeads(postgres, first, second),
        _ => db.Set<StatusList>().AsNoTracking()
            .Where(l => l.Id == first || l.Id == second || l.PairedListId == first)
            .Select(l => new Head(l.Id, l.Version, l.SignedVersion, l.SignedAt)).AsAsyncEnumerable(),
    };

    private readonly string _didPrefix = origin.InstitutionDid("");
    private readonly string _statusPrefix = origin.Url("/status/");
    // Read once per request (this service is scoped): the versions that decide a cached verdict and the signed list the verifier
    // checks come from the same read, so they cannot disagree, and a second list of the pair costs no second query.
    private readonly Dictionary<Guid, Head?> _heads = [];

    public async Task<(bool IsLocal, VerificationMethod? Method)> ResolveAsync(string verificationMethodId, CancellationToken ct) =>
        verificationMethodId.StartsWith(_didPrefix, StringComparison.Ordinal)
            ? (true, await issuers.ResolveAsync(verificationMethodId, ct))
            : (false, null);

    public async Task<(bool IsLocal, JsonObject? List)> StatusListAsync(Uri url, CancellationToken ct)
    {
        if (ListId(url) is not { } id) return (false, null);
        if (await HeadAsync(id, Guid.Empty, ct) is not { } head) return (true, null);
        if (SignedCopy(id, head) is { } json) return (true, JsonNode.Parse(json)!.AsObject());
        return (true, await statusLists.GetSignedListCredentialAsync(id, ct));
    }

    public JsonObject? StatusListAlreadyRead(Uri url) =>
        ListId(url) is { } id && _heads.TryGetValue(id, out var head) && head is not null && SignedCopy(id, head) is { } json
            ? JsonNode.Parse(json)!.AsObject()
            : null;

    /// <summary>
    /// The signed copy this node already holds when it is the one the publisher would serve: of the current version and young
    /// (the publisher re-signs after Validity / 2); anything else goes through the publisher, which signs when needed.
    /// </summary>
    private string? SignedCopy(Guid id, Head head) =>
        head.SignedVersion == head.Version && head.SignedAt is { } signedAt && clock.GetUtcNow().UtcDateTime - signedAt < StatusListPublisher.Validity / 2
        && signedLists.Entries.TryGetValue(id, out var signed) && signed.Version == head.Version && signed.SignedAt == signedAt
            ? signed.Json
            : null;

    public async Task<string?> StatusListVersionsAsync(IReadOnlyList<Uri> urls, CancellationToken ct)
    {
        var ids = new List<Guid>(urls.Count);
        foreach (var url in urls)
        {
            if (ListId(url) is not { } id) return null;
            ids.Add(id);
        }
        return await VersionsAsync(ids, ct);
    }

    public async Task<string?> StatusListVersionsAsync(Guid revocationListId, Guid suspensionListId, CancellationToken ct)
    {
        await HeadAsync(revocationListId, suspensionListId, ct);
        return await VersionsAsync([revocationListId, suspensionListId], ct);
    }

    public Guid? LocalListId(Uri url) => ListId(url);

    private async Task<string?> VersionsAsync(List<Guid> ids, CancellationToken ct)
    {
        var text = new System.Text.StringBuilder();
        foreach (var id in ids)
        {
            if (await HeadAsync(id, Guid.Empty, ct) is not { } head) return null; // an unknown list: let the verifier report it
            text.Append(id.ToString("N")).Append('=').Append(head.Version).Append(';');
        }
        return text.ToString();
    }

    /// <summary>The head of <paramref name="id"/>, loading it, its paired list and <paramref name="also"/> in one query when not read yet.</summary>
    private async Task<Head?> HeadAsync(Guid id, Guid also, CancellationToken ct)
    {
        if (_heads.TryGetValue(id, out var known) && (also == Guid.Empty || _heads.ContainsKey(also))) return known;
        _heads[id] = null;
        if (also != Guid.Empty) _heads[also] = null;
        await foreach (var head in HeadsOf(db, id, also).WithCancellation(ct)) _heads[head.Id] = head;
        return _heads[id];
    }

    /// <summary>The list id of <c>{PublicBaseUrl}/status/{id}</c>; null for any other URL.</summary>
    private Guid? ListId(Uri url)
    {
        var text = url.AbsoluteUri;
        return text.StartsWith(_statusPrefix, StringComparison.Ordinal) && Guid.TryParse(text.AsSpan(_statusPrefix.Length), out var id) ? id : null;
    }
}
