namespace Laurel.Features.Identity;

/// <summary>Anyone who signs in: a learner, a staff member, or both.</summary>
public class Person
{
    public Guid Id { get; set; }
    public required string DisplayName { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public string? Email { get; set; }
    /// <summary>True when the name comes from a validated identity (eduID verified), not self-asserted.</summary>
    public bool NameVerified { get; set; }
    /// <summary>Preferred UI language (nl or en).</summary>
    public string? Language { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public List<LinkedIdentity> Identities { get; set; } = [];
    public List<StaffMembership> Memberships { get; set; } = [];
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
    /// <summary>eduPersonAffiliation values, e.g. <c>student</c>, <c>employee</c>.</summary>
    public List<string> Affiliations { get; set; } = [];
    public DateTime LinkedAt { get; set; }
}
