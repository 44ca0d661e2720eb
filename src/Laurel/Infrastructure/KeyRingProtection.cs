using System.Xml.Linq;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Laurel.Infrastructure;

/// <summary>
/// Keys written while Laurel ran without key protection (any installation from before issue 12, or a database first started in
/// Development) stay in the database in plain text after the operator configures a certificate or key file: Data Protection only
/// encrypts keys it creates, and keeps using the old plain one as its default key for up to 90 days (and for decryption for
/// ever), so a copy of the database would still decrypt every signing key. At every start with a key encryptor configured,
/// each stored key whose secret is still marked "requires encryption" is encrypted in place, the way Data Protection itself
/// stores a new key (its secret element replaced by an <c>encryptedSecret</c> naming the decryptor).
/// </summary>
public static class KeyRingProtection
{
    private static readonly XNamespace Ns = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = Ns + "requiresEncryption";
    private static readonly XName EncryptedSecret = Ns + "encryptedSecret";

    /// <summary>Encrypts the plain keys of the stored key ring; the number encrypted (0 without an encryptor).</summary>
    public static async Task<int> ProtectStoredKeysAsync(IServiceProvider services, CancellationToken ct)
    {
        if (services.GetService<IOptions<KeyManagementOptions>>()?.Value.XmlEncryptor is not { } encryptor) return 0;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var plain = await db.DataProtectionKeys.AsNoTracking().Where(k => k.Xml != null && k.Xml.Contains("requiresEncryption"))
            .Select(k => new { k.Id, k.Xml }).ToListAsync(ct);
        var encrypted = 0;
        foreach (var row in plain)
        {
            var key = XElement.Parse(row.Xml!);
            var secrets = key.DescendantsAndSelf().Where(e => (bool?)e.Attribute(RequiresEncryption) == true).ToList();
            if (secrets.Count == 0) continue;
            foreach (var secret in secrets)
            {
                var info = encryptor.Encrypt(new XElement(secret));
                secret.ReplaceWith(new XElement(EncryptedSecret, new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!), info.EncryptedElement));
            }
            var xml = key.ToString(SaveOptions.DisableFormatting);
            // Conditional on the text read, so several nodes starting at once each leave one encrypted version.
            encrypted += await db.DataProtectionKeys.Where(k => k.Id == row.Id && k.Xml == row.Xml)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.Xml, xml), ct);
        }
        if (encrypted > 0)
            scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KeyRingProtection)).LogWarning(
                "{Count} key(s) of the Data Protection key ring were stored unencrypted (written without key protection) and are now encrypted. "
                + "Copies and backups of the database made before still hold them: rotate every institution's signing key (laurel keys rotate).",
                encrypted);
        return encrypted;
    }
}
