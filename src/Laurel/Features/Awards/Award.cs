using Laurel.Features.Achievements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Awards;

/// <summary>Where an award stands; the awarding flows add claim states (scheduled, awaiting claim, …) later.</summary>
public enum AwardState { Issued, Suspended, Revoked }

/// <summary>
/// One achievement awarded to one learner, with the OB 3.0 credential signed at award time and stored as issued
/// (its id is <c>urn:uuid:{Id}</c>; the public page is <c>/badges/{Id}</c>).
/// </summary>
public class Award
{
    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    public Guid AchievementId { get; set; }
    public Achievement? Achievement { get; set; }

    /// <summary>The learner, once known (null while an award waits for an unknown e-mail/EPPN).</summary>
    public Guid? RecipientPersonId { get; set; }
    /// <summary>The value hashed into the credential's IdentityObject (eduID subject, e-mail or EPPN).</summary>
    public required string RecipientIdentity { get; set; }
    /// <summary>OB 3.0 IdentifierTypeEnum of <see cref="RecipientIdentity"/>: <c>identifier</c>, <c>emailAddress</c> or <c>eduPersonPrincipalName</c>-like <c>identifier</c>.</summary>
    public required string RecipientIdentityType { get; set; }
    public required string RecipientSalt { get; set; }
    /// <summary>Display name of the learner at award time (shown only where the learner allows).</summary>
    public string? RecipientName { get; set; }

    /// <summary>Issue date of the credential (the award date, never a later claim date).</summary>
    public DateTime IssuedAt { get; set; }
    public DateOnly CompletedOn { get; set; }
    public string? Grade { get; set; }
    public string? Narrative { get; set; }
    public List<AwardEvidence> Evidence { get; set; } = [];
    public Guid? AwardedByPersonId { get; set; }

    public AwardState State { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevocationReason { get; set; }
    public DateTime? SuspendedAt { get; set; }
    public string? SuspensionReason { get; set; }

    /// <summary>The signed OB 3.0 credential exactly as issued (eddsa-rdfc-2022).</summary>
    public required string CredentialJson { get; set; }
    /// <summary>Verification method that signed it (full DID URL), so rotation can tell old from new.</summary>
    public required string SigningKeyId { get; set; }
    public Guid RevocationListId { get; set; }
    public Guid SuspensionListId { get; set; }
    public int StatusIndex { get; set; }

    /// <summary>Private by default: the public badge page answers 404 until the learner sets this.</summary>
    public bool IsPublic { get; set; }
    public bool ShowGrade { get; set; }
    public bool ShowEvidence { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Evidence of the assessment (OB 3.0 Evidence).</summary>
public class AwardEvidence
{
    public string? Url { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
}

internal sealed class AwardConfiguration : IEntityTypeConfiguration<Award>
{
    public void Configure(EntityTypeBuilder<Award> b)
    {
        b.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.RecipientIdentity).HasMaxLength(320);
        b.Property(a => a.RecipientIdentityType).HasMaxLength(40);
        b.Property(a => a.RecipientSalt).HasMaxLength(64);
        b.Property(a => a.Grade).HasMaxLength(100);
        b.Property(a => a.SigningKeyId).HasMaxLength(300);
        b.OwnsMany(a => a.Evidence, o => o.ToJson());
        b.HasOne(a => a.Achievement).WithMany().HasForeignKey(a => a.AchievementId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.InstitutionId, a.State });
        b.HasIndex(a => a.RecipientPersonId);
        b.HasIndex(a => new { a.AchievementId, a.RecipientIdentity });
        b.HasIndex(a => new { a.RevocationListId, a.StatusIndex });
    }
}
