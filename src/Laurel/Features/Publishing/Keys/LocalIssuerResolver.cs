using System.Collections.Concurrent;
using Laurel.Credentials.DataIntegrity;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Keys;

/// <summary>
/// Resolves verification methods of this Laurel's own institution DIDs straight from the database (retired keys
/// included, no HTTP round trip to itself) and hands every other id to <paramref name="fallback"/>
/// (typically the library's DidVerificationMethodResolver with a guarded fetcher).
/// </summary>
public sealed class LocalIssuerResolver(IServiceScopeFactory scopes, PublicOrigin origin, IssuerKeyRing ring,
    IVerificationMethodResolver fallback) : IVerificationMethodResolver
{
    private static readonly string[] Relationships = ["assertionMethod"];

    // did:web:{host}:institutions: — every institution DID of this Laurel starts with it.
    private readonly string _prefix = origin.InstitutionDid("");
    // Keys are never deleted or changed, so a found method can be cached for good; misses are not cached.
    private readonly ConcurrentDictionary<string, VerificationMethod> _found = new(StringComparer.Ordinal);

    public async Task<VerificationMethod?> ResolveAsync(string verificationMethodId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verificationMethodId);
        if (!verificationMethodId.StartsWith(_prefix, StringComparison.Ordinal))
            return await fallback.ResolveAsync(verificationMethodId, cancellationToken);
        if (_found.TryGetValue(verificationMethodId, out var cached)) return cached;

        var hash = verificationMethodId.IndexOf('#');
        if (hash < 0) return null;
        var did = verificationMethodId[..hash];
        var slug = did[_prefix.Length..];
        var fragment = verificationMethodId[(hash + 1)..];
        if (slug.Length == 0 || slug.Contains(':') || fragment.Length == 0) return null;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var found = await (
            from key in db.Set<IssuerKey>()
            join institution in db.Institutions on key.InstitutionId equals institution.Id
            where institution.Slug == slug && key.KeyId == fragment
            select new { key.PublicKeyMultibase, key.Algorithm }).SingleOrDefaultAsync(cancellationToken);
        if (found is null) return null;

        var method = found.Algorithm == IssuerKeyAlgorithm.Es256
            ? new VerificationMethod(verificationMethodId, did, null, Relationships) { P256PublicKey = ring.PublicP256Key(found.PublicKeyMultibase) }
            : new VerificationMethod(verificationMethodId, did, ring.PublicKey(found.PublicKeyMultibase), Relationships);
        _found.TryAdd(verificationMethodId, method);
        return method;
    }
}
