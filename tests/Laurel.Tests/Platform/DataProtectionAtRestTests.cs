using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Platform;

/// <summary>A SQLite host whose data-protection key ring is encrypted with a certificate, as in production.</summary>
public sealed class CertificateProtectedHost : SqliteHost
{
    private readonly string _pfx = Path.Combine(Path.GetTempPath(), $"laurel-dp-{Guid.NewGuid():N}.pfx");

    protected override void Configure(Dictionary<string, string?> settings)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Laurel data protection test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(_pfx, certificate.Export(X509ContentType.Pfx, "test-password"));
        settings["Laurel:DataProtection:CertificatePath"] = _pfx;
        settings["Laurel:DataProtection:CertificatePassword"] = "test-password";
    }

    protected override async Task DropDatabaseAsync()
    {
        await base.DropDatabaseAsync();
        File.Delete(_pfx);
    }
}

public sealed class DataProtectionAtRestTests(CertificateProtectedHost host) : IClassFixture<CertificateProtectedHost>
{
    [Fact]
    public async Task Key_ring_stored_in_the_database_is_encrypted_when_a_certificate_is_configured()
    {
        var protector = host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("secret", protector.Unprotect(protector.Protect("secret")));

        await using var scope = host.Services.CreateAsyncScope();
        var xml = await scope.ServiceProvider.GetRequiredService<LaurelDb>().DataProtectionKeys
            .Select(k => k.Xml ?? "").ToListAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(xml);
        Assert.All(xml, k =>
        {
            Assert.Contains("EncryptedData", k);
            Assert.DoesNotContain("<value>", k); // the plaintext key material element
        });
    }
}
