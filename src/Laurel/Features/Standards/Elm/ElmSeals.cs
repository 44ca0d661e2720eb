using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Standards.Elm;

/// <summary>Uploading, removing and using an institution's Europass seal (<see cref="ElmSeal"/>).</summary>
public sealed class ElmSeals(LaurelDb db, IDataProtectionProvider dataProtection, AuditLog audit, TimeProvider clock,
    IStringLocalizer<ElmText> text, ILogger<ElmSeals> logger)
{
    private const string ProtectorPurpose = "Laurel.Standards.Elm.SealKey.v1";
    /// <summary>A PKCS#12 file with a certificate chain is a few kilobytes; anything much larger is refused unread.</summary>
    public const int MaxFileBytes = 64 * 1024;
    public const int MaxPasswordLength = 256;
    private static readonly Oid QcStatements = new("1.3.6.1.5.5.7.1.3");
    private static readonly byte[] QcComplianceOid = [0x06, 0x06, 0x04, 0x00, 0x8E, 0x46, 0x01, 0x01]; // 0.4.0.1862.1.1

    private IDataProtector Protector => dataProtection.CreateProtector(ProtectorPurpose);

    public Task<ElmSeal?> FindAsync(Guid institutionId, CancellationToken ct) =>
        db.Set<ElmSeal>().AsNoTracking().FirstOrDefaultAsync(s => s.InstitutionId == institutionId, ct);

    /// <summary>
    /// Opens the PKCS#12 file with the password, checks it and stores the seal; every problem is reported by field and nothing
    /// is stored then. The password is never stored or logged, and neither is the file.
    /// </summary>
    public async Task<Problems> UploadAsync(Guid institutionId, byte[]? file, string? password, ClaimsPrincipal user, CancellationToken ct)
    {
        var problems = Problems.OnePerField();
        if (file is null || file.Length == 0) problems.Add("File", text["ErrFileMissing"]);
        else if (file.Length > MaxFileBytes) problems.Add("File", text["ErrFileTooLarge", MaxFileBytes / 1024]);
        if (password is { Length: > MaxPasswordLength }) problems.Add("Password", text["ErrPasswordTooLong", MaxPasswordLength]);
        if (problems.Any) return problems;

        X509Certificate2Collection certificates;
        try
        {
            // The loader's default limits bound the work a hostile file can cause (iteration counts, number of bags).
            certificates = X509CertificateLoader.LoadPkcs12Collection(file!, password ?? "", X509KeyStorageFlags.Exportable | X509KeyStorageFlags.EphemeralKeySet,
                Pkcs12LoaderLimits.Defaults);
        }
        catch (Pkcs12LoadLimitExceededException)
        {
            problems.Add("File", text["ErrFileUnreadable"]);
            return problems;
        }
        catch (CryptographicException)
        {
            // Wrong password and a damaged file look the same to the loader; say both.
            problems.Add("Password", text["ErrPasswordOrFile"]);
            return problems;
        }
        using var owned = new DisposableCollection(certificates);
        var leaf = certificates.FirstOrDefault(c => c.HasPrivateKey);
        if (leaf is null) { problems.Add("File", text["ErrNoPrivateKey"]); return problems; }
        byte[] pkcs8;
        try
        {
            pkcs8 = leaf.GetRSAPrivateKey() is { } rsa ? (rsa.KeySize >= 2048 ? rsa.ExportPkcs8PrivateKey() : throw new CryptographicException("RSA key too short"))
                : leaf.GetECDsaPrivateKey() is { } ec && ec.KeySize is 256 or 384 ? ec.ExportPkcs8PrivateKey()
                : throw new CryptographicException("unsupported key");
        }
        catch (CryptographicException)
        {
            problems.Add("File", text["ErrKeyType"]);
            return problems;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (leaf.NotAfter.ToUniversalTime() <= now || leaf.NotBefore.ToUniversalTime() > now) problems.Add("File", text["ErrNotValidNow"]);
        if (problems.Any) return problems;

        var chain = new List<X509Certificate2> { leaf };
        chain.AddRange(certificates.Where(c => !ReferenceEquals(c, leaf) && !c.HasPrivateKey));
        var seal = await db.Set<ElmSeal>().FirstOrDefaultAsync(s => s.InstitutionId == institutionId, ct);
        if (seal is null) db.Set<ElmSeal>().Add(seal = new ElmSeal { InstitutionId = institutionId, ProtectedPrivateKey = "", CertificateChain = "", Subject = "", IssuerName = "" });
        seal.ProtectedPrivateKey = Convert.ToBase64String(Protector.Protect(pkcs8));
        CryptographicOperations.ZeroMemory(pkcs8);
        seal.CertificateChain = string.Join('\n', chain.Select(c => Convert.ToBase64String(c.RawData)));
        seal.Subject = leaf.Subject;
        seal.IssuerName = leaf.Issuer;
        seal.NotBefore = leaf.NotBefore.ToUniversalTime();
        seal.NotAfter = leaf.NotAfter.ToUniversalTime();
        seal.ClaimsQualified = ClaimsQualified(leaf);
        seal.UploadedAt = now;
        seal.UploadedByPersonId = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var person) ? person : null;
        audit.Add(user, "elm-seal.uploaded", nameof(ElmSeal), institutionId, institutionId,
            new { seal.Subject, seal.IssuerName, seal.NotAfter, Sha256 = Convert.ToHexStringLower(SHA256.HashData(leaf.RawData)) });
        await db.SaveChangesAsync(ct);
        return problems;
    }

    public async Task<bool> RemoveAsync(Guid institutionId, ClaimsPrincipal user, CancellationToken ct)
    {
        var seal = await db.Set<ElmSeal>().FirstOrDefaultAsync(s => s.InstitutionId == institutionId, ct);
        if (seal is null) return false;
        db.Remove(seal);
        audit.Add(user, "elm-seal.removed", nameof(ElmSeal), institutionId, institutionId, new { seal.Subject });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The JAdES-sealed file, or null when the institution has no (usable) seal: the export is then unsealed.</summary>
    public async Task<string?> SealAsync(Guid institutionId, byte[] payload, DateTimeOffset now, CancellationToken ct)
    {
        var seal = await FindAsync(institutionId, ct);
        if (seal is null || seal.NotAfter <= now.UtcDateTime) return null;
        try
        {
            var chain = seal.CertificateChain.Split('\n').Select(b => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(b))).ToList();
            var pkcs8 = Protector.Unprotect(Convert.FromBase64String(seal.ProtectedPrivateKey));
            using var leaf = WithKey(chain[0], pkcs8);
            CryptographicOperations.ZeroMemory(pkcs8);
            try { return JadesSeal.Seal(payload, leaf, chain, now); }
            finally { foreach (var c in chain) c.Dispose(); }
        }
        catch (CryptographicException e)
        {
            logger.LogError(e, "The Europass seal of institution {InstitutionId} cannot be used; the export goes out unsealed.", institutionId);
            return null;
        }
    }

    private static X509Certificate2 WithKey(X509Certificate2 certificate, byte[] pkcs8)
    {
        if (certificate.GetRSAPublicKey() is not null)
        {
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return certificate.CopyWithPrivateKey(rsa);
        }
        using var ec = ECDsa.Create();
        ec.ImportPkcs8PrivateKey(pkcs8, out _);
        return certificate.CopyWithPrivateKey(ec);
    }

    /// <summary>The organizationIdentifier (2.5.4.97, e.g. <c>NTRNL-30275924</c>) of the seal certificate, else its subject.</summary>
    public static string OrganizationIdentifier(ElmSeal seal)
    {
        try
        {
            using var leaf = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(seal.CertificateChain.Split('\n')[0]));
            foreach (var rdn in leaf.SubjectName.EnumerateRelativeDistinguishedNames())
                if (rdn.GetSingleElementType().Value == "2.5.4.97" && rdn.GetSingleElementValue() is { Length: > 0 } value) return value;
        }
        catch (CryptographicException) { }
        return seal.Subject;
    }

    /// <summary>True when the certificate has a QCStatements extension with QcCompliance (a claim only: trust comes from the EU trust lists).</summary>
    public static bool ClaimsQualified(X509Certificate2 certificate) =>
        certificate.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == QcStatements.Value) is { } ext
        && ext.RawData.AsSpan().IndexOf(QcComplianceOid) >= 0;

    private sealed class DisposableCollection(X509Certificate2Collection items) : IDisposable
    {
        public void Dispose() { foreach (var c in items) c.Dispose(); }
    }
}
