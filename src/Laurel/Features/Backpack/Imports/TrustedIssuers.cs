namespace Laurel.Features.Backpack.Imports;

/// <summary>One entry of <c>Laurel:TrustedIssuers</c>: an exact issuer id or a domain, and the name Laurel shows for it.</summary>
public sealed record TrustedIssuer(string Entry, string Name);

/// <summary>
/// The operator's registry of issuers trusted for every external pathway item that names no accepted issuers of its own
/// (an item that names issuers accepts only those), shown as "known issuer" on imports,
/// from configuration: <c>Laurel:TrustedIssuers:0:Id</c> (a DID or issuer URL) or <c>…:Domain</c> (e.g. <c>example.edu</c>:
/// did:web DIDs without a path and https issuer ids on that host and its subdomains, default port), with <c>…:Name</c>. Empty by default: then only the
/// issuers a pathway itself accepts count. Invalid entries are left out and logged, never trusted.
/// </summary>
public sealed class TrustedIssuers
{
    public IReadOnlyList<TrustedIssuer> Entries { get; }

    public TrustedIssuers(IConfiguration configuration, ILogger<TrustedIssuers> log)
    {
        var entries = new List<TrustedIssuer>();
        foreach (var section in configuration.GetSection("Laurel:TrustedIssuers").GetChildren())
        {
            var id = section["Id"]?.Trim();
            var domain = section["Domain"]?.Trim().ToLowerInvariant();
            var name = section["Name"]?.Trim();
            var entry = !string.IsNullOrEmpty(id) ? id : domain;
            var valid = !string.IsNullOrEmpty(entry) && !string.IsNullOrEmpty(name) && IssuerMatcher.IsValidEntry(entry)
                && (string.IsNullOrEmpty(id) ? IssuerMatcher.IsDomain(entry) : !IssuerMatcher.IsDomain(entry));
            if (valid) entries.Add(new TrustedIssuer(entry!, name!));
            else log.LogWarning("Laurel:TrustedIssuers:{Key} is left out: it needs a Name and either an Id (a DID or issuer URL) or a Domain", section.Key);
        }
        Entries = entries;
    }

    /// <summary>The registry entry that trusts the proven issuer, or null.</summary>
    public TrustedIssuer? Find(string? provenIssuer) =>
        provenIssuer is null ? null : Entries.FirstOrDefault(e => IssuerMatcher.Matches(e.Entry, provenIssuer));
}
