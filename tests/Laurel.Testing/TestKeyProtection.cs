using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Laurel.Testing;

/// <summary>Data Protection certificates made at test time (production refuses to start without key protection).</summary>
public static class TestKeyProtection
{
    public const string Password = "test-only";

    /// <summary>Writes a fresh self-signed RSA certificate with its private key as a password-protected PFX into the folder.</summary>
    public static string CreateCertificate(string folder)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Laurel test data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(folder, "data-protection.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
