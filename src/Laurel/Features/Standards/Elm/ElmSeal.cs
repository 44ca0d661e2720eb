using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Standards.Elm;

/// <summary>
/// An institution's electronic seal for Europass exports, from the PKCS#12 file its admin uploaded. The password is used once,
/// to open the file, and never stored; the private key is kept as PKCS#8 encrypted with ASP.NET Data Protection (the ring
/// that also protects the signing keys, itself encrypted at rest outside Development, see <c>KeyProtection</c>).
/// </summary>
public class ElmSeal
{
    public Guid InstitutionId { get; set; }
    /// <summary>Data Protection–protected PKCS#8 private key (base64 of the protected bytes).</summary>
    public required string ProtectedPrivateKey { get; set; }
    /// <summary>The certificate chain, leaf first, DER in base64 separated by newlines.</summary>
    public required string CertificateChain { get; set; }
    public required string Subject { get; set; }
    public required string IssuerName { get; set; }
    public DateTime NotBefore { get; set; }
    public DateTime NotAfter { get; set; }
    /// <summary>True when the certificate carries the EU qualified-certificate statement (ETSI EN 319 412-5 QcCompliance).</summary>
    public bool ClaimsQualified { get; set; }
    public DateTime UploadedAt { get; set; }
    public Guid? UploadedByPersonId { get; set; }
}

public sealed class ElmSealConfiguration : IEntityTypeConfiguration<ElmSeal>
{
    public void Configure(EntityTypeBuilder<ElmSeal> b)
    {
        b.ToTable("ElmSeals");
        b.HasKey(s => s.InstitutionId);
        b.HasOne<Institutions.Institution>().WithMany().HasForeignKey(s => s.InstitutionId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.ProtectedPrivateKey).HasMaxLength(16_384);
        b.Property(s => s.CertificateChain).HasMaxLength(65_536);
        b.Property(s => s.Subject).HasMaxLength(1_000);
        b.Property(s => s.IssuerName).HasMaxLength(1_000);
    }
}
