using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;

namespace Laurel.Features.Backpack;

/// <summary>Where a credential in the backpack stands, awards and imports alike (the filter and the state badges).</summary>
public enum BackpackState { AwaitingClaim, Issued, Suspended, Declined, Revoked, Expired, Invalid }

/// <summary>
/// One credential in the backpack: an award from a Laurel institution or a credential the learner imported. Imported
/// ones carry one issuer name (from the credential itself); awards carry the Dutch and English names of their issuer.
/// </summary>
public sealed record BackpackEntry
{
    public required Guid Id { get; init; }
    public required bool Imported { get; init; }
    public required string Name { get; init; }
    public required string IssuerNl { get; init; }
    public required string IssuerEn { get; init; }
    public required string InstitutionNl { get; init; }
    public required string InstitutionEn { get; init; }
    /// <summary>Filter key of the issuing organisation: the institution slug, or the issuer id/name of an import.</summary>
    public required string InstitutionKey { get; init; }
    public required DateTime Date { get; init; }
    public required BackpackState State { get; init; }
    public string? Reason { get; init; }
    public DateTime? StateSince { get; init; }
    public required bool IsMicroCredential { get; init; }
    /// <summary>Image address that the page's CSP allows (own origin or data: URI); null shows a plain placeholder.</summary>
    public string? ImageUrl { get; init; }
    public bool IsPublic { get; init; }
    public bool ShowGrade { get; init; }
    public bool ShowEvidence { get; init; }
    public bool HasGrade { get; init; }
    public bool HasEvidence { get; init; }
    /// <summary>Imports: signature, recipient and issuer, answered separately.</summary>
    public ImportVerdict? Verdict { get; init; }

    /// <summary>The learner's own page of this credential.</summary>
    public string DetailUrl => Imported ? $"/backpack/imports/{Id}" : $"/backpack/badges/{Id}";

    public string Issuer(string language) => language == "en" ? IssuerEn : IssuerNl;
    public string Institution(string language) => language == "en" ? InstitutionEn : InstitutionNl;

    /// <summary>States shown to the learner; scheduled awards have no credential yet and are not listed.</summary>
    public static BackpackState? StateOf(AwardState state, DateTime? validUntil, DateTime now) => state switch
    {
        AwardState.Issued when validUntil is { } until && until <= now => BackpackState.Expired,
        AwardState.Issued => BackpackState.Issued,
        AwardState.AwaitingClaim => BackpackState.AwaitingClaim,
        AwardState.Suspended => BackpackState.Suspended,
        AwardState.Declined => BackpackState.Declined,
        AwardState.Revoked => BackpackState.Revoked,
        AwardState.Expired => BackpackState.Expired,
        _ => null,
    };

    public static BackpackState StateOf(ImportStatus status) => status switch
    {
        ImportStatus.Valid => BackpackState.Issued,
        ImportStatus.Revoked => BackpackState.Revoked,
        ImportStatus.Suspended => BackpackState.Suspended,
        ImportStatus.Expired => BackpackState.Expired,
        _ => BackpackState.Invalid,
    };
}
