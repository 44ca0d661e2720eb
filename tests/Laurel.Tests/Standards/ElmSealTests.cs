using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Features.Standards.Elm;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Standards;

/// <summary>
/// The Europass seal hook: an institution admin uploads a PKCS#12 seal (a test certificate made here, never committed) on the
/// institution's seal page, and Europass files are then JAdES-sealed; an independent verifier (jose + @peculiar/x509) checks
/// the seal. Bad files, wrong passwords, other roles and forged posts store nothing.
/// </summary>
public abstract class ElmSealTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Password = "seal-test-pw-Ω";

    private Task<Guid> UuAsync() => host.InstitutionIdAsync("uu");

    private static string SealPage(Guid institutionId) => $"/manage/institutions/{institutionId}/europass-seal";

    /// <summary>A test CA and a seal certificate it issued (RSA 2048), exported with the key as a password-protected PKCS#12 file.</summary>
    private static byte[] TestSealFile(string password = Password, int days = 30)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Laurel Test CA, O=Laurel tests, C=NL", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(days + 1));
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Universiteit Utrecht test seal, O=Universiteit Utrecht, C=NL", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.DigitalSignature, true));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(days), [1, 2, 3, 4]);
        using var leaf = issued.CopyWithPrivateKey(key);
        var collection = new X509Certificate2Collection { leaf, X509CertificateLoader.LoadCertificate(ca.RawData) };
        return collection.Export(X509ContentType.Pkcs12, password)!;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid institutionId, byte[]? file, string? password, bool withToken = true)
    {
        var page = await client.GetStringAsync(SealPage(institutionId) + "?culture=en", Ct);
        using var form = new MultipartFormDataContent();
        if (withToken) form.Add(new StringContent(LaurelHost.AntiforgeryToken(page)), "__RequestVerificationToken");
        if (file is not null) form.Add(new ByteArrayContent(file), "file", "seal.p12");
        if (password is not null) form.Add(new StringContent(password), "password");
        return await client.PostAsync(SealPage(institutionId) + "?culture=en", form, Ct);
    }

    private Task<ElmSeal?> StoredAsync(Guid institutionId) =>
        host.DbAsync(db => db.Set<ElmSeal>().AsNoTracking().FirstOrDefaultAsync(s => s.InstitutionId == institutionId, Ct));

    private Task RemoveSealAsync(Guid institutionId) =>
        host.DbAsync(db => db.Set<ElmSeal>().Where(s => s.InstitutionId == institutionId).ExecuteDeleteAsync(Ct));

    [Fact]
    public async Task An_uploaded_seal_seals_Europass_files_as_JAdES_that_an_independent_verifier_accepts()
    {
        var uu = await UuAsync();
        await RemoveSealAsync(uu);
        var id = await host.CreateAwardAsync(new AwardSpec { IsPublic = true, ShowGrade = true });
        using var anonymous = host.CreateClient();
        using (var unsealed = await anonymous.GetAsync($"/badges/{id}/europass.jsonld", Ct))
            Assert.Equal("application/ld+json", unsealed.Content.Headers.ContentType!.MediaType);

        using var admin = await host.SignInAsDemoAsync("institution-admin");
        // The page is reached from the staff navigation, and says plainly that a test certificate is not a qualified seal.
        var dashboard = await admin.GetStringAsync("/manage?culture=en", Ct);
        Assert.Contains($"href=\"{SealPage(uu)}\"", dashboard);
        var before = WebUtility.HtmlDecode(await admin.GetStringAsync(SealPage(uu) + "?culture=en", Ct));
        Assert.Contains("is not a qualified seal", before);
        Assert.Contains("No seal uploaded", before);

        using var upload = await UploadAsync(admin, uu, TestSealFile(), Password);
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var after = WebUtility.HtmlDecode(await admin.GetStringAsync(SealPage(uu) + "?culture=en", Ct));
        Assert.Contains("Universiteit Utrecht test seal", after);
        Assert.Contains("does not state it is qualified", after);

        // Stored: the key only encrypted, the password nowhere.
        var stored = (await StoredAsync(uu))!;
        Assert.DoesNotContain(Password, stored.ProtectedPrivateKey + stored.CertificateChain + stored.Subject);
        Assert.Equal(2, stored.CertificateChain.Split('\n').Length);
        var audit = await host.DbAsync(db => db.AuditEntries.Where(e => e.Action == "elm-seal.uploaded").Select(e => e.Details).ToListAsync(Ct));
        Assert.NotEmpty(audit);
        Assert.DoesNotContain(audit, d => d != null && d.Contains(Password, StringComparison.Ordinal));

        using var response = await anonymous.GetAsync($"/badges/{id}/europass.jsonld", Ct);
        Assert.Equal("application/jose+json", response.Content.Headers.ContentType!.MediaType);
        var sealedJson = await response.Content.ReadAsStringAsync(Ct);
        var folder = Directory.CreateTempSubdirectory("laurel-elm-seal-").FullName;
        var file = Path.Combine(folder, "sealed.json");
        await File.WriteAllTextAsync(file, sealedJson, Ct);
        var result = await NodeScript.RunAsync("elm-jades-verify.mjs", [file], ["jose", "@peculiar/x509"], ct: Ct);
        Assert.True(result["verified"]!.GetValue<bool>(), result.ToJsonString());
        Assert.True(result["chainLinked"]!.GetValue<bool>(), result.ToJsonString());
        var header = result["header"]!.AsObject();
        Assert.Equal("RS256", header["alg"]!.GetValue<string>());
        Assert.Equal("jose+json", header["typ"]!.GetValue<string>());
        Assert.False(header["b64"]!.GetValue<bool>());
        Assert.Equal(["b64", "sigT"], header["crit"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.True(DateTimeOffset.TryParse(header["sigT"]!.GetValue<string>(), out _));
        Assert.Equal(2, header["x5c"]!.AsArray().Count);
        Assert.Equal(result["leaf"]!["thumbprintS256"]!.GetValue<string>(), header["x5t#S256"]!.GetValue<string>());
        Assert.Contains("Universiteit Utrecht test seal", result["leaf"]!["subject"]!.GetValue<string>());
        // The sealed payload is the Europass credential itself, and it still passes the EDC shapes.
        var payload = result["payload"]!.GetValue<string>();
        Assert.Equal("EuropeanDigitalCredential", JsonNode.Parse(payload)!["type"]![1]!.GetValue<string>());
        var payloadFile = Path.Combine(folder, "payload.json");
        await File.WriteAllTextAsync(payloadFile, payload, Ct);
        Assert.True((await ElmExportTests.ShaclAsync("full", payloadFile))["conforms"]!.GetValue<bool>());

        // A tampered payload fails the independent check.
        var tampered = JsonNode.Parse(sealedJson)!.AsObject();
        tampered["payload"] = payload.Replace("Universiteit Utrecht", "Universiteit Urecht", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, tampered.ToJsonString(), Ct);
        Assert.False((await NodeScript.RunAsync("elm-jades-verify.mjs", [file], ["jose"], ct: Ct))["verified"]!.GetValue<bool>());

        // Removing the seal makes the files unsealed again.
        var page = await admin.GetStringAsync(SealPage(uu) + "?culture=en", Ct);
        using var remove = await admin.PostAsync(SealPage(uu) + "?handler=Remove", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(page),
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        Assert.Null(await StoredAsync(uu));
        using var again = await anonymous.GetAsync($"/badges/{id}/europass.jsonld", Ct);
        Assert.Equal("application/ld+json", again.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_wrong_password_a_malformed_or_huge_file_or_no_file_is_refused_with_a_clear_error_and_nothing_is_stored()
    {
        var uu = await UuAsync();
        await RemoveSealAsync(uu);
        using var admin = await host.SignInAsDemoAsync("institution-admin");

        using (var wrong = await UploadAsync(admin, uu, TestSealFile(), "not-the-password"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
            Assert.Contains("The password is wrong, or the file is not a PKCS#12 file.", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync(Ct)));
        }
        using (var malformed = await UploadAsync(admin, uu, Encoding.UTF8.GetBytes("-----BEGIN CERTIFICATE-----\nnot really\n"), Password))
            Assert.Equal(HttpStatusCode.UnprocessableEntity, malformed.StatusCode);
        var random = new byte[40_000];
        RandomNumberGenerator.Fill(random);
        random[0] = 0x30; random[1] = 0x82; // looks like DER at first sight
        using (var noise = await UploadAsync(admin, uu, random, Password))
            Assert.Equal(HttpStatusCode.UnprocessableEntity, noise.StatusCode);
        using (var huge = await UploadAsync(admin, uu, new byte[ElmSeals.MaxFileBytes + 1], Password))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, huge.StatusCode);
            Assert.Contains("larger than 64 KB", WebUtility.HtmlDecode(await huge.Content.ReadAsStringAsync(Ct)));
        }
        using (var missing = await UploadAsync(admin, uu, null, null))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
            Assert.Contains("Choose a PKCS#12 file", WebUtility.HtmlDecode(await missing.Content.ReadAsStringAsync(Ct)));
        }
        using (var expired = await UploadAsync(admin, uu, TestSealFile(days: -0), Password))
            Assert.Equal(HttpStatusCode.UnprocessableEntity, expired.StatusCode);
        Assert.Null(await StoredAsync(uu));
    }

    [Fact]
    public async Task Only_the_institutions_admins_may_see_or_change_the_seal_and_a_post_without_anti_forgery_token_is_refused()
    {
        var uu = await UuAsync();
        await RemoveSealAsync(uu);
        using var anonymous = host.CreateClient();
        var anonymousGet = await anonymous.GetAsync(SealPage(uu), Ct);
        Assert.True(anonymousGet.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, anonymousGet.StatusCode.ToString());
        foreach (var persona in new[] { "learner", "awarder", "issuer-admin", "faculty-admin", "viewer" })
        {
            using var client = await host.SignInAsDemoAsync(persona);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(SealPage(uu), Ct)).StatusCode);
            using var form = new MultipartFormDataContent { { new ByteArrayContent(TestSealFile()), "file", "seal.p12" }, { new StringContent(Password), "password" } };
            var post = await client.PostAsync(SealPage(uu), form, Ct);
            Assert.True(post.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{persona}: {post.StatusCode}");
        }
        await host.EnsureOtherInstitutionAdminAsync();
        using (var tud = await host.SignInAsDemoAsync("tud-admin"))
            Assert.Equal(HttpStatusCode.Forbidden, (await tud.GetAsync(SealPage(uu), Ct)).StatusCode);
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        using var forged = await UploadAsync(admin, uu, TestSealFile(), Password, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(await StoredAsync(uu));
    }
}

public sealed class ElmSealTestsOnSqlite(SqliteHost host) : ElmSealTests(host), IClassFixture<SqliteHost>;

public sealed class ElmSealTestsOnPostgres(PostgresHost host) : ElmSealTests(host), IClassFixture<PostgresHost>;
