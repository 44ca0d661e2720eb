using Laurel.Features.Institutions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Awards.VcApi;

/// <summary>States of a credential Laurel signed through the VC-API that is not an award.</summary>
public static class IssuedCredentialStates
{
    public const string Active = "active";
    public const string Suspended = "suspended";
    public const string Revoked = "revoked";
}

/// <summary>
/// A credential Laurel signed for an institution through <c>POST /credentials/issue</c> that is not an award of one of its
/// achievements. Laurel keeps what it needs to manage the credential's status and to answer "did we sign this?" — the id, the
/// status allocation, the state and a SHA-256 of the signed JSON — not the credential itself: its claims belong to the holder and
/// the integrator, and Laurel shows them nowhere.
/// </summary>
public class IssuedCredential
{
    public const int MaxCredentialIdLength = 2048;
    public const int MaxReasonLength = Award.MaxReasonLength;

    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    /// <summary>The credential's <c>id</c>, or <c>options.credentialId</c> for one without; what status changes name. Unique.</summary>
    public string? CredentialId { get; set; }
    /// <summary>The credential's types, space-separated (for the audit trail and support questions).</summary>
    public required string Types { get; set; }
    /// <summary>Lower-case hex SHA-256 of the signed credential as returned (UTF-8 JSON).</summary>
    public required string Sha256 { get; set; }
    /// <summary>The verification method (DID URL) that signed it.</summary>
    public required string VerificationMethod { get; set; }
    /// <summary>The status lists and index Laurel put in <c>credentialStatus</c>; null for a purpose it did not add (the request
    /// brought its own credentialStatus, asked for one purpose only, or is a VC 1.1 credential).</summary>
    public Guid? RevocationListId { get; set; }
    public Guid? SuspensionListId { get; set; }
    public int? StatusIndex { get; set; }
    /// <summary><see cref="IssuedCredentialStates"/>.</summary>
    public required string State { get; set; }
    public string? RevocationReason { get; set; }
    public string? SuspensionReason { get; set; }
    /// <summary><c>api:{client id}</c> or <c>web</c>.</summary>
    public required string IssuedBy { get; set; }
    public Guid? IssuedByPersonId { get; set; }
    public DateTime IssuedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? SuspendedAt { get; set; }
    /// <summary>Increases on every status change; concurrency token, so of two simultaneous changes the second is refused.</summary>
    public int Version { get; set; }
}

internal sealed class IssuedCredentialConfiguration : IEntityTypeConfiguration<IssuedCredential>
{
    public void Configure(EntityTypeBuilder<IssuedCredential> builder)
    {
        builder.ToTable("IssuedCredentials");
        builder.Property(c => c.CredentialId).HasMaxLength(IssuedCredential.MaxCredentialIdLength);
        builder.Property(c => c.Types).HasMaxLength(4000);
        builder.Property(c => c.Sha256).HasMaxLength(64);
        builder.Property(c => c.VerificationMethod).HasMaxLength(1000);
        builder.Property(c => c.State).HasMaxLength(16);
        builder.Property(c => c.RevocationReason).HasMaxLength(IssuedCredential.MaxReasonLength);
        builder.Property(c => c.SuspensionReason).HasMaxLength(IssuedCredential.MaxReasonLength);
        builder.Property(c => c.IssuedBy).HasMaxLength(200);
        builder.Property(c => c.Version).IsConcurrencyToken();
        // A status change names the credential by its id: one id, one credential.
        builder.HasIndex(c => c.CredentialId).IsUnique();
        builder.HasIndex(c => new { c.InstitutionId, c.IssuedAt });
        builder.HasOne<Institution>().WithMany().HasForeignKey(c => c.InstitutionId).OnDelete(DeleteBehavior.Restrict);
    }
}
