namespace Laurel.Features.Awards;

/// <summary>
/// What a caller asks to award (staff page, VC-API, later bulk/CSV, claims, requests and the results API).
/// The recipient is a known person, found by the caller; the identity hashed into the credential is
/// <see cref="RecipientIdentity"/> of type <see cref="RecipientIdentityType"/>.
/// </summary>
public sealed record AwardRequest
{
    public required Guid AchievementId { get; init; }
    public Guid? RecipientPersonId { get; init; }
    /// <summary>eduID subject (type <c>identifier</c>), e-mail address (type <c>emailAddress</c>) or EPPN (type <see cref="RecipientTypes.Eppn"/>).</summary>
    public string? RecipientIdentity { get; init; }
    public string RecipientIdentityType { get; init; } = RecipientTypes.EmailAddress;
    public DateOnly? CompletedOn { get; init; }
    public string? Grade { get; init; }
    public string? Narrative { get; init; }
    public IReadOnlyList<AwardEvidence> Evidence { get; init; } = [];
    /// <summary>A future date: the award is stored as scheduled and signed, with that issue date, when the date arrives.</summary>
    public DateOnly? ScheduledFor { get; init; }
    /// <summary>The award row says whether the learner is an initial student (null: decide from the identity provider's affiliations).</summary>
    public bool? InitialStudent { get; init; }
    /// <summary>Where the request came from, for the audit trail: <c>web</c>, <c>api</c>, …</summary>
    public string Client { get; init; } = "web";
}

/// <summary>OB 3.0 identity types Laurel hashes into credentials.</summary>
public static class RecipientTypes
{
    public const string EmailAddress = "emailAddress";
    /// <summary>The eduID subject (a stable, pseudonymous identifier).</summary>
    public const string Identifier = "identifier";
    /// <summary>An institution account (eduPersonPrincipalName); an OB 3.0 extension identity type.</summary>
    public const string Eppn = "ext:eduPersonPrincipalName";

    /// <summary>The form stored and hashed: e-mail addresses and EPPNs in lower case, trimmed.</summary>
    public static string Normalize(string type, string identity) => type switch
    {
        EmailAddress => Laurel.Credentials.OpenBadges.IdentityHash.NormalizeEmail(identity),
        Eppn => identity.Trim().ToLowerInvariant(),
        _ => identity.Trim(),
    };
}

/// <summary>The stored award, or every problem (field → messages) in the caller's language.</summary>
public sealed record AwardOutcome(Award? Award, Dictionary<string, List<string>> Errors)
{
    public bool Succeeded => Award is not null && Errors.Count == 0;
}
