using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Presentations.OpenId4Vp;

/// <summary>The key that signs request objects and the certificate chain sent as <c>x5c</c> (leaf first).</summary>
public sealed record VerifierKey(JwsKey SigningKey, IReadOnlyList<string> X5c, string Host, DateTime NotAfter);

/// <summary>
/// Laurel's OpenID4VP verifier identity, <c>x509_san_dns:{public host}</c> (VP-8.1). Two sources, in this order:
/// <list type="number">
/// <item>an operator-configured PFX (<see cref="CertificatePath"/>, <see cref="CertificatePassword"/>) with a P-256 private key and
/// a SAN dNSName equal to the public host, issued by a CA that wallets trust (production: wallets check the chain);</item>
/// <item>otherwise a self-signed certificate made on first use and kept in the database (<see cref="VerifierCertificate"/>, private key
/// encrypted with Data Protection): enough for wallets that pin or trust it explicitly (tests, pilots).</item>
/// </list>
/// </summary>
public sealed class VerifierIdentity(LaurelDb db, PublicOrigin origin, IDataProtectionProvider dataProtection, IConfiguration configuration,
    TimeProvider clock, VerifierIdentityCache cache)
{
    public const string CertificatePath = "Laurel:OpenId4Vp:CertificatePath";
    public const string CertificatePassword = "Laurel:OpenId4Vp:CertificatePassword";
    public const string ProtectorPurpose = "Laurel.OpenId4Vp.VerifierKey.v1";
    private static readonly TimeSpan SelfSignedLifetime = TimeSpan.FromDays(730);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>The public host of the client_id (and of the certificate's SAN dNSName).</summary>
    public string Host => origin.BaseUrl.Host;

    public async Task<VerifierKey> GetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (cache.Current is { } current && current.Host == Host && current.NotAfter - RenewBefore > now) return current;
        var key = configuration[CertificatePath] is { Length: > 0 } path
            ? Configured(path, configuration[CertificatePassword])
            : await SelfSignedAsync(now, ct);
        cache.Current = key;
        return key;
    }

    private VerifierKey Configured(string path, string? password)
    {
        X509Certificate2Collection certificates;
        try
        {
            certificates = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.Exportable);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new StartupRefusedException($"{CertificatePath}: the certificate '{path}' cannot be read ({e.Message}); check the file and {CertificatePassword}.");
        }
        var leaf = certificates.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new StartupRefusedException($"{CertificatePath}: '{path}' has no certificate with a private key.");
        using var ecdsa = leaf.GetECDsaPrivateKey()
            ?? throw new StartupRefusedException($"{CertificatePath}: the key of '{path}' is not an EC key (OpenID4VP request objects are signed with ES256, P-256).");
        if (!SanDnsNames(leaf).Contains(Host, StringComparer.OrdinalIgnoreCase))
            throw new StartupRefusedException($"{CertificatePath}: the certificate has no SAN dNSName '{Host}' (the host of Laurel:PublicBaseUrl); wallets would refuse it.");
        var chain = new List<string> { Convert.ToBase64String(leaf.RawData) };
        // The rest of the chain, without a self-signed root (wallets hold their trust anchors themselves).
        chain.AddRange(certificates.Where(c => !c.Equals(leaf) && !c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData))
            .Select(c => Convert.ToBase64String(c.RawData)));
        return new VerifierKey(new Es256JwsKey(ToP256(ecdsa), ownsKey: true), chain, Host, leaf.NotAfter.ToUniversalTime());
    }

    private async Task<VerifierKey> SelfSignedAsync(DateTime now, CancellationToken ct)
    {
        var protector = dataProtection.CreateProtector(ProtectorPurpose);
        var stored = await db.Set<VerifierCertificate>().AsNoTracking().SingleOrDefaultAsync(c => c.Host == Host, ct);
        if (stored is null || stored.NotAfter - RenewBefore <= now)
        {
            var made = Create(now, protector);
            if (stored is null) db.Add(made);
            else
            {
                await db.Set<VerifierCertificate>().Where(c => c.Id == stored.Id).ExecuteDeleteAsync(ct);
                db.Add(made);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                stored = made;
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // Another node made it at the same moment: use theirs.
                db.ChangeTracker.Clear();
                stored = await db.Set<VerifierCertificate>().AsNoTracking().SingleAsync(c => c.Host == Host, ct);
            }
        }
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(protector.Unprotect(Convert.FromBase64String(stored.EncryptedPrivateKey)), out _);
        return new VerifierKey(new Es256JwsKey(ToP256(ecdsa), ownsKey: true), [stored.CertificateDer], Host, stored.NotAfter);
    }

    private VerifierCertificate Create(DateTime now, IDataProtector protector)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + Host + ", O=Laurel verifier"), ecdsa, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(Host);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var notAfter = now + SelfSignedLifetime;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), notAfter);
        return new VerifierCertificate
        {
            Id = Guid.CreateVersion7(), Host = Host, CertificateDer = Convert.ToBase64String(certificate.RawData),
            EncryptedPrivateKey = Convert.ToBase64String(protector.Protect(ecdsa.ExportPkcs8PrivateKey())),
            CreatedAt = now, NotAfter = certificate.NotAfter.ToUniversalTime(),
        };
    }

    private static P256Key ToP256(ECDsa ecdsa)
    {
        var p = ecdsa.ExportParameters(true);
        if (p.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            throw new StartupRefusedException($"{CertificatePath}: the key is not on P-256 (ES256).");
        return P256Key.FromPrivateKey(p.Q.X, p.Q.Y, p.D);
    }

    /// <summary>The SAN dNSNames of a certificate.</summary>
    public static IReadOnlyList<string> SanDnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
}

/// <summary>The loaded verifier key, shared by all requests (the certificate is read and decrypted once per host).</summary>
public sealed class VerifierIdentityCache
{
    private VerifierKey? _current;
    public VerifierKey? Current { get => Volatile.Read(ref _current); set => Volatile.Write(ref _current, value); }
}
