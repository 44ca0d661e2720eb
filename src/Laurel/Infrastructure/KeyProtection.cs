using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.DataProtection;

namespace Laurel.Infrastructure;

/// <summary>
/// The ASP.NET Data Protection key ring lives in the database and encrypts the institutions' signing keys, webhook secrets
/// and sessions, so a copy of the database is a copy of every institution's signature unless the ring itself is encrypted
/// (issue 12, finding 4). Outside Development Laurel refuses to start without one of the two ways to encrypt it: a PFX
/// certificate, or a key-encryption-key file (see <see cref="KeyFileXmlEncryptor"/>). Every command builds the app through
/// here, so <c>serve</c>, <c>migrate</c>, <c>keys</c> and <c>seed-demo</c> all refuse alike; <c>verify</c>, which protects
/// nothing, runs but may not create a key.
/// </summary>
public static class KeyProtection
{
    public const string CertificatePath = "Laurel:DataProtection:CertificatePath";
    public const string CertificatePassword = "Laurel:DataProtection:CertificatePassword";
    public const string KeyEncryptionKeyPath = "Laurel:DataProtection:KeyEncryptionKeyPath";

    public static readonly string MissingMessage =
        $"Laurel will not start in this environment without protected keys: the Data Protection key ring in the database " +
        $"(which encrypts the institutions' signing keys) would be stored unencrypted. Set {CertificatePath} (a PFX certificate, " +
        $"with {CertificatePassword} if it has one) or {KeyEncryptionKeyPath} (a file holding 32 random bytes, base64). " +
        $"Only the Development environment runs without them.";

    public static void AddLaurelDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment,
        bool createsKeys = true)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("Laurel").PersistKeysToDbContext<LaurelDb>();
        var certificatePath = configuration[CertificatePath];
        var keyPath = configuration[KeyEncryptionKeyPath];
        if (!string.IsNullOrWhiteSpace(certificatePath) && !string.IsNullOrWhiteSpace(keyPath))
            throw new StartupRefusedException($"Set either {CertificatePath} or {KeyEncryptionKeyPath}, not both.");
        if (!string.IsNullOrWhiteSpace(certificatePath))
            // Every node holds the certificate; ProtectKeysWithCertificate also registers it for decryption.
            dataProtection.ProtectKeysWithCertificate(LoadCertificate(certificatePath, configuration[CertificatePassword]));
        else if (!string.IsNullOrWhiteSpace(keyPath))
            KeyFileXmlEncryptor.Use(services, keyPath);
        else if (!environment.IsDevelopment())
        {
            if (createsKeys) throw new StartupRefusedException(MissingMessage);
            // `laurel verify` reads public data only; it runs anywhere, but can never write an unencrypted key.
            dataProtection.DisableAutomaticKeyGeneration();
        }
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new StartupRefusedException($"{CertificatePath}: the certificate '{path}' cannot be read ({e.Message}); check the file and {CertificatePassword}.");
        }
        if (!certificate.HasPrivateKey)
            throw new StartupRefusedException($"{CertificatePath}: '{path}' has no private key; Laurel needs it to read the key ring back.");
        return certificate;
    }
}

/// <summary>A configuration that must not run; the command line prints the message (no stack trace) and exits with 1.</summary>
public sealed class StartupRefusedException(string message) : InvalidOperationException(message);
