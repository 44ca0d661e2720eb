using Laurel.Credentials.Verification;
using Laurel.Features.Backpack.Imports;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Verification;

/// <summary>What this Laurel knows about the issuer a verification proved.</summary>
public enum IssuerKnowledge
{
    /// <summary>The proven issuer is the DID of an institution on this Laurel.</summary>
    LaurelInstitution,
    /// <summary>The proven issuer is on the operator's list (<c>Laurel:TrustedIssuers</c>).</summary>
    Trusted,
    /// <summary>The signing key is the issuer's own, but Laurel does not know that issuer: its name is its own claim.</summary>
    Unknown,
    /// <summary>Nothing ties the signature to the issuer the credential names (a urn:uuid issuer, a failed signature).</summary>
    Unproven,
}

/// <summary>The "issuer known" line of a verification: the proven issuer, and the name Laurel knows it by (null when it does not).</summary>
public sealed record KnownIssuer(IssuerKnowledge Knowledge, string? ProvenIssuer, string? KnownAs);

/// <summary>
/// Decides whether Laurel knows the issuer of a verified credential (issue 12 finding 1: "signature valid" is not "issuer
/// known"). It looks only at the issuer the verification proved (<see cref="ImportVerifier.ProvenIssuerOf"/>: the signing
/// key belongs to the issuer), never at the name the credential gives itself: anyone can sign with a fresh did:key and
/// call themselves a university.
/// </summary>
public sealed class KnownIssuers(LaurelDb db, PublicOrigin origin, TrustedIssuers trusted)
{
    /// <summary>Null when there is no credential to speak of (unreadable input, or input refused for exceeding a budget).</summary>
    public async Task<KnownIssuer?> DescribeAsync(VerificationReport report, CancellationToken ct)
    {
        if (report.Credential is null || report.ExceededLimit is not null || (report.IssuerId is null && report.IssuerName is null)) return null;
        if (ImportVerifier.ProvenIssuerOf(report) is not { } proven) return new(IssuerKnowledge.Unproven, null, null);

        // Laurel's own institutions sign with did:web:{host}:institutions:{slug} (PublicOrigin.InstitutionDid); the key
        // check already resolved that DID from the database, so the institution exists, but the name comes from there too.
        var prefix = origin.InstitutionDid("");
        if (proven.StartsWith(prefix, StringComparison.Ordinal) && proven[prefix.Length..] is { Length: > 0 } slug && !slug.Contains(':'))
        {
            var institution = await db.Institutions.AsNoTracking().Where(i => i.Slug == slug)
                .Select(i => new { i.NameNl, i.NameEn }).FirstOrDefaultAsync(ct);
            if (institution is not null)
                return new(IssuerKnowledge.LaurelInstitution, proven,
                    System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? institution.NameEn : institution.NameNl);
        }
        return trusted.Find(proven) is { } entry
            ? new(IssuerKnowledge.Trusted, proven, entry.Name)
            : new(IssuerKnowledge.Unknown, proven, null);
    }
}
