using Laurel.Features.Achievements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Awards;

/// <summary>
/// Where an award stands. <see cref="Issued"/> means claimed: in the learner's backpack. <see cref="Scheduled"/> awards have no
/// credential yet (signed when their date arrives); <see cref="AwaitingClaim"/> ones are signed but wait for the learner.
/// <see cref="Cancelled"/> is final: a scheduled award that staff cancelled before its date, or that the policy refused on it.
/// <see cref="Withdrawn"/> is final too: staff took back an award that was still waiting for its claim.
/// </summary>
public enum AwardState { Issued, Suspended, Revoked, Scheduled, AwaitingClaim, Declined, Expired, Cancelled, Withdrawn }

/// <summary>
/// One achievement awarded to one learner, with the OB 3.0 credential signed at award time and stored as issued
/// (its id is <c>urn:uuid:{Id}</c>; the public page is <c>/badges/{Id}</c>).
/// </summary>
public partial class Award
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
    /// <summary>
    /// The SHA-256 of <see cref="CredentialJson"/> (UTF-8) exactly as Laurel's signer produced it, set with it at every signing
    /// (<see cref="SignedCredentialVerdict"/>). While the stored bytes still hash to it, a verification of the stored credential
    /// (badge page, backpack) skips the signature arithmetic but still checks the key, issuer, status and dates; bytes changed
    /// behind Laurel's back no longer match and get the full proof check. Null for credentials signed before it existed.
    /// </summary>
    public byte[]? SignedSha256 { get; set; }
    public Guid RevocationListId { get; set; }
    public Guid SuspensionListId { get; set; }
    public int StatusIndex { get; set; }
    /// <summary>
    /// The signed public variant (no grade, results, narrative or evidence) that the public badge file serves while the
    /// learner hides any of them; issued once on first request with the institution's key, null until then.
    /// </summary>
    public string? PublicCredentialJson { get; set; }

    /// <summary>Private by default: the public badge page answers 404 until the learner sets this.</summary>
    public bool IsPublic { get; set; }
    public bool ShowGrade { get; set; }
    public bool ShowEvidence { get; set; }

    /// <summary>When the learner accepted, declined or let the claim expire (claims flow).</summary>
    public DateTime? ClaimDecidedAt { get; set; }
    /// <summary>Claim reminders queued so far (the background job sends reminder n+1 when its day arrives).</summary>
    public int ClaimRemindersSent { get; set; }
    /// <summary>A node issuing this scheduled award holds it until then, so two nodes never sign it twice.</summary>
    public DateTime? LeasedUntil { get; set; }
    /// <summary>When a scheduled award was cancelled (<see cref="AwardState.Cancelled"/>).</summary>
    public DateTime? CancelledAt { get; set; }
    /// <summary>Why it was cancelled: every reason in Dutch and English, so staff pages show them in the reader's language.</summary>
    public List<AwardCancellationReason> CancellationReasons { get; set; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// Concurrency token: every transition (tracked or set-based) adds one, and a save of an award decided on an older version
    /// changes nothing and fails, so of two simultaneous transitions only the first applies (the other answers 409).
    /// </summary>
    public int Version { get; set; }

    /// <summary>States in which the learner holds (or will hold) the award: a second award of the same version is refused.</summary>
    public static readonly AwardState[] HeldStates = [AwardState.Issued, AwardState.Suspended, AwardState.Scheduled, AwardState.AwaitingClaim];
}

/// <summary>One reason a scheduled award was cancelled, in both languages.</summary>
public class AwardCancellationReason
{
    public required string Nl { get; set; }
    public required string En { get; set; }

    public string In(string language) => language == "en" ? En : Nl;
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
    // Same SQL on SQLite and PostgreSQL (states are stored as their names).
    private const string HeldFilter = "\"State\" IN ('Issued', 'Suspended', 'Scheduled', 'AwaitingClaim')";

    public void Configure(EntityTypeBuilder<Award> b)
    {
        b.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Property(a => a.RecipientIdentity).HasMaxLength(320);
        b.Property(a => a.RecipientIdentityType).HasMaxLength(40);
        b.Property(a => a.RecipientSalt).HasMaxLength(64);
        b.Property(a => a.Grade).HasMaxLength(100);
        b.Property(a => a.SigningKeyId).HasMaxLength(300);
        b.Property(a => a.SignedSha256).HasMaxLength(32);
        b.OwnsMany(a => a.Evidence, o => o.ToJson());
        b.OwnsMany(a => a.CancellationReasons, o => o.ToJson());
        b.HasOne(a => a.Achievement).WithMany().HasForeignKey(a => a.AchievementId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.InstitutionId, a.State });
        b.HasIndex(a => a.RecipientPersonId);
        // No duplicates even under concurrent requests: one held award per version per identity and per known learner.
        // The learner leads in the identity index: the policy looks held awards up by learner only (AwardPolicy, issue 18).
        b.HasIndex(a => new { a.RecipientIdentity, a.AchievementId }).IsUnique().HasDatabaseName("UX_Awards_Held_Identity").HasFilter(HeldFilter);
        b.HasIndex(a => new { a.AchievementId, a.RecipientPersonId }).IsUnique().HasDatabaseName("UX_Awards_Held_Person")
            .HasFilter(HeldFilter + " AND \"RecipientPersonId\" IS NOT NULL");
        b.HasIndex(a => new { a.State, a.IssuedAt });
        b.HasIndex(a => new { a.RevocationListId, a.StatusIndex });
        // The staff list of one definition, newest first and paged by (IssuedAt, Id): reads only that definition's awards, however
        // many other definitions have (issue 18). The state rides along on PostgreSQL so the per-state counts read only the index.
        b.HasIndex(a => new { a.AchievementId, a.IssuedAt, a.Id }).HasDatabaseName("IX_Awards_Achievement_Issued").IncludeProperties(a => a.State);
        // Sign-in looks for awards addressed to the learner's proven addresses that nobody claimed yet: a small partial index
        // instead of a scan of every award (issue 18).
        b.HasIndex(a => a.RecipientIdentity).HasDatabaseName("IX_Awards_Unclaimed_Identity")
            .HasFilter("\"State\" = 'AwaitingClaim' AND \"RecipientPersonId\" IS NULL");
    }
}
