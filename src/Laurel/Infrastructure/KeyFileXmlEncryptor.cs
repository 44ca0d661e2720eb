using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Laurel.Infrastructure;

/// <summary>
/// Encrypts each Data Protection key with AES-256-GCM under a key-encryption key read from
/// <c>Laurel:DataProtection:KeyEncryptionKeyPath</c> (32 random bytes, base64, e.g. <c>openssl rand -base64 32</c>): for
/// operators whose secret store hands out a file more easily than a certificate. Every node needs the same file.
/// </summary>
public sealed class KeyFileXmlEncryptor(KeyEncryptionKey key) : IXmlEncryptor
{
    private const int NonceBytes = 12, TagBytes = 16;

    internal static void Use(IServiceCollection services, string path)
    {
        var key = KeyEncryptionKey.Read(path);
        services.AddSingleton(key);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(new ConfigureOptions<KeyManagementOptions>(o => o.XmlEncryptor = new KeyFileXmlEncryptor(key)));
    }

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key.Bytes, TagBytes))
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length));
        CryptographicOperations.ZeroMemory(plain);
        var element = new XElement("laurelEncryptedKey", new XAttribute("kek", key.Id), Convert.ToBase64String(sealedBytes));
        return new EncryptedXmlInfo(element, typeof(KeyFileXmlDecryptor));
    }
}

/// <summary>Reverses <see cref="KeyFileXmlEncryptor"/>; Data Protection creates it by name with the service provider.</summary>
public sealed class KeyFileXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    private const int NonceBytes = 12, TagBytes = 16;

    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetService<KeyEncryptionKey>()
            ?? throw new CryptographicException($"The key ring was encrypted with a key file; set {KeyProtection.KeyEncryptionKeyPath}.");
        if ((string?)encryptedElement.Attribute("kek") != key.Id)
            throw new CryptographicException($"The key ring was encrypted with another key file than {KeyProtection.KeyEncryptionKeyPath} names.");
        var sealedBytes = Convert.FromBase64String(encryptedElement.Value);
        var length = sealedBytes.Length - NonceBytes - TagBytes;
        var plain = new byte[length];
        using (var aes = new AesGcm(key.Bytes, TagBytes))
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), plain);
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}

/// <summary>The 32-byte key-encryption key and a short public id of it (so a wrong file is named as such, not as corruption).</summary>
public sealed class KeyEncryptionKey
{
    private KeyEncryptionKey(byte[] bytes)
    {
        Bytes = bytes;
        Id = Convert.ToHexStringLower(SHA256.HashData([.. "laurel-kek"u8, .. bytes]))[..16];
    }

    public byte[] Bytes { get; }
    public string Id { get; }

    internal static KeyEncryptionKey Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new StartupRefusedException($"{KeyProtection.KeyEncryptionKeyPath}: '{path}' cannot be read as base64 ({e.Message}).");
        }
        if (bytes.Length != 32)
            throw new StartupRefusedException($"{KeyProtection.KeyEncryptionKeyPath}: '{path}' must hold exactly 32 bytes (base64), e.g. from 'openssl rand -base64 32'.");
        return new KeyEncryptionKey(bytes);
    }
}
