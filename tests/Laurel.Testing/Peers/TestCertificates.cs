using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Laurel.Testing.Peers;

/// <summary>
/// A throwaway certificate authority and a loopback server certificate it signs (SAN localhost, 127.0.0.1, ::1),
/// made at test time. Node trusts the CA through NODE_EXTRA_CA_CERTS; Kestrel serves the leaf from a PFX file.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("laurel-tls-").FullName;
    public string CaPemPath => Path.Combine(Folder, "ca.pem");
    public string ServerPfxPath => Path.Combine(Folder, "server.pfx");
    public string ServerPfxPassword { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    public TestCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Laurel interop test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var signed = serverRequest.Create(ca, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(16));
        using var server = signed.CopyWithPrivateKey(serverKey);

        File.WriteAllText(CaPemPath, ca.ExportCertificatePem());
        File.WriteAllBytes(ServerPfxPath, server.Export(X509ContentType.Pfx, ServerPfxPassword));
        CaThumbprint = ca.Thumbprint;
    }

    public string CaThumbprint { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
