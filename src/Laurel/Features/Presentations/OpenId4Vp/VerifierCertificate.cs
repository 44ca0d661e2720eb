using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Presentations.OpenId4Vp;

/// <summary>
/// Laurel's OpenID4VP verifier identity when no certificate is configured: a P-256 key and a self-signed X.509 certificate whose
/// SAN dNSName is the public host (client_id <c>x509_san_dns:{host}</c>, VP-8.1). Made on first use, one per host; the private
/// key is kept encrypted with ASP.NET Data Protection (purpose <see cref="VerifierIdentity.ProtectorPurpose"/>), like issuer keys.
/// </summary>
public class VerifierCertificate
{
    public Guid Id { get; set; }
    /// <summary>The public host the certificate names (a change of Laurel:PublicBaseUrl makes a new one).</summary>
    public required string Host { get; set; }
    /// <summary>The DER certificate, base64 (public; sent as the request object's <c>x5c</c>).</summary>
    public required string CertificateDer { get; set; }
    /// <summary>The PKCS#8 private key, protected with Data Protection, base64; never stored in the clear.</summary>
    public required string EncryptedPrivateKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NotAfter { get; set; }
}

internal sealed class VerifierCertificateConfiguration : IEntityTypeConfiguration<VerifierCertificate>
{
    public void Configure(EntityTypeBuilder<VerifierCertificate> b)
    {
        b.Property(c => c.Host).HasMaxLength(253);
        b.Property(c => c.CertificateDer).HasMaxLength(4_000);
        b.Property(c => c.EncryptedPrivateKey).HasMaxLength(2_000);
        // One per host, so two nodes making the first one at once cannot both win.
        b.HasIndex(c => c.Host).IsUnique();
    }
}
