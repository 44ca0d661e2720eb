namespace Laurel.Features.Identity;

/// <summary>Anyone who signs in: a learner, a staff member, or both.</summary>
public class Person
{
    public Guid Id { get; set; }
    /// <summary>
    /// The name Laurel shows everywhere (staff lists, awards, e-mails): the learner's self-asserted name when they gave one on
    /// /account, otherwise the validated name, otherwise whatever name the provider sent. Kept as a stored column because the
    /// rest of the app reads and queries it; <see cref="ApplyNames"/> keeps it in step with the two sources below.
    /// </summary>
    public required string DisplayName { get; set; }
    /// <summary>The name eduID validated (e.g. against a passport), as eduID last sent it; null when the provider did not validate it.</summary>
    public string? ValidatedName { get; set; }
    /// <summary>The name the learner chose on their account page (self-asserted); null means "use the validated name".</summary>
    public string? SelfAssertedName { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public string? Email { get; set; }
    /// <summary>Whether <see cref="Email"/> is proven to be this person's: only a verified address matches awards (issue 12).</summary>
    public EmailVerification EmailVerification { get; set; }
    /// <summary>Changes at sign-out (and whenever every session must end): a session cookie carrying another stamp is refused.</summary>
    public string? SecurityStamp { get; set; }
    /// <summary>True when <see cref="DisplayName"/> is a validated name (eduID verified), not self-asserted.</summary>
    public bool NameVerified { get; set; }
    /// <summary>Preferred UI language (nl or en).</summary>
    public string? Language { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public List<LinkedIdentity> Identities { get; set; } = [];
    public List<StaffMembership> Memberships { get; set; } = [];

    public const int MaxNameLength = 200;

    /// <summary>Recomputes the shown name from the self-asserted and validated names; <paramref name="providerName"/> is the
    /// fallback when neither exists (a provider that does not validate names, e.g. institution SSO).</summary>
    public void ApplyNames(string? providerName = null)
    {
        if (SelfAssertedName is { Length: > 0 } chosen)
        {
            DisplayName = chosen;
            NameVerified = false;
        }
        else if (ValidatedName is { Length: > 0 } validated)
        {
            DisplayName = validated;
            NameVerified = true;
        }
        else if (providerName is { Length: > 0 })
        {
            DisplayName = providerName;
            NameVerified = false;
        }
    }
}

/// <summary>An external account linked to a person: the eduID subject or an institution account (EPPN).</summary>
public class LinkedIdentity
{
    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    /// <summary>Configured provider name, e.g. <c>eduid</c> or <c>surfconext</c>.</summary>
    public required string Provider { get; set; }
    /// <summary>The provider's stable subject identifier.</summary>
    public required string Subject { get; set; }
    public string? Eppn { get; set; }
    /// <summary>SCHAC home organisation of an institution account.</summary>
    public string? HomeOrganisation { get; set; }
    public string? Email { get; set; }
    /// <summary>Whether <see cref="Email"/> is proven to belong to this account (provider claim, provider setting or Laurel's link).</summary>
    public EmailVerification EmailVerification { get; set; }
    /// <summary>eduPersonAffiliation values, e.g. <c>student</c>, <c>employee</c>.</summary>
    public List<string> Affiliations { get; set; } = [];
    public DateTime LinkedAt { get; set; }
}

/// <summary>Who vouches for an e-mail address. Only <see cref="Provider"/> and <see cref="Laurel"/> let it match awards.</summary>
public enum EmailVerification
{
    /// <summary>Nobody: the provider said email_verified=false, or sent no claim and is not configured EmailsAreVerified.</summary>
    None,
    /// <summary>The sign-in provider (email_verified=true, or the provider is configured EmailsAreVerified).</summary>
    Provider,
    /// <summary>The person followed a verification link Laurel sent to the address.</summary>
    Laurel,
    /// <summary>Stored before Laurel recorded verification; decided once at start-up (<see cref="EmailVerificationBackfill"/>), never matches.</summary>
    NotRecorded,
}

public static class EmailVerificationRules
{
    public static bool IsVerified(this EmailVerification v) => v is EmailVerification.Provider or EmailVerification.Laurel;

    /// <summary>
    /// What a provider's claim says about the address it sent: an explicit email_verified wins (a "false" even over the
    /// provider's EmailsAreVerified setting); without the claim the setting decides.
    /// </summary>
    public static bool ProviderVouches(IdentityProviderOptions provider, System.Security.Claims.ClaimsPrincipal principal)
    {
        // A claim that is present but blank or anything but "true" is the provider declining to vouch, not silence.
        var claim = provider.Claims.EmailVerified is { } name ? principal.FindFirst(name) : null;
        if (claim is null) return provider.EmailsAreVerified;
        return string.Equals(claim.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The verification of an address after a provider sent <paramref name="newAddress"/>: the provider's word when it vouches,
    /// otherwise Laurel's own earlier proof for the same address survives; a changed or unvouched address is unverified.
    /// </summary>
    public static EmailVerification Next(string? oldAddress, EmailVerification old, string? newAddress, bool providerVouches)
    {
        if (string.IsNullOrEmpty(newAddress)) return EmailVerification.None;
        if (providerVouches) return EmailVerification.Provider;
        return old == EmailVerification.Laurel && string.Equals(oldAddress?.Trim(), newAddress.Trim(), StringComparison.OrdinalIgnoreCase)
            ? EmailVerification.Laurel : EmailVerification.None;
    }
}
