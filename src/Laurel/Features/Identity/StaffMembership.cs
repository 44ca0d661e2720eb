namespace Laurel.Features.Identity;

/// <summary>Staff roles; rights granted at a level are inherited by everything below it.</summary>
public enum StaffRole { InstitutionAdmin, FacultyAdmin, IssuerAdmin, Awarder, Viewer }

/// <summary>The level a membership applies to.</summary>
public enum ScopeLevel { Institution, Faculty, Issuer, Achievement }

/// <summary>A person's role at one place in an institution's tree (or an open invitation by e-mail).</summary>
public class StaffMembership
{
    public Guid Id { get; set; }
    /// <summary>Null while the invitation has not been accepted.</summary>
    public Guid? PersonId { get; set; }
    public Person? Person { get; set; }
    public StaffRole Role { get; set; }
    public ScopeLevel Level { get; set; }
    /// <summary>Id of the institution, faculty, issuer or achievement the role applies to.</summary>
    public Guid ScopeId { get; set; }
    /// <summary>Institution the scope belongs to, for quick filtering.</summary>
    public Guid InstitutionId { get; set; }
    public string? InvitedEmail { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
