using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Platform;

/// <summary>Laurel in the Production environment; LaurelHost gives it a Data Protection certificate made at test time.</summary>
public class ProductionHost : SqliteHost
{
    protected override string EnvironmentName => "Production";
}

/// <summary>Production with the key ring encrypted by a key-encryption-key file instead of a certificate.</summary>
public sealed class KeyFileProductionHost : ProductionHost
{
    public string KeyFile { get; } = Path.Combine(Path.GetTempPath(), $"laurel-kek-{Guid.NewGuid():N}.key");

    protected override void Configure(Dictionary<string, string?> settings)
    {
        File.WriteAllText(KeyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        settings[KeyProtection.KeyEncryptionKeyPath] = KeyFile;
    }

    protected override async Task DropDatabaseAsync()
    {
        await base.DropDatabaseAsync();
        File.Delete(KeyFile);
    }
}

/// <summary>
/// Issue 12, finding 4: outside Development Laurel refuses to start unless the key ring (which encrypts the signing keys) is
/// encrypted at rest, and says which settings to set; with a certificate or a key file it starts and stores no plain key.
/// </summary>
public sealed class KeyProtectionTests(ProductionHost host) : IClassFixture<ProductionHost>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("laurel-keyprotection-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Database => $"--Laurel:Database:ConnectionString=Data Source={Path.Combine(_folder, "laurel.db")}";

    [Fact]
    public void Production_without_key_protection_refuses_to_build_and_names_the_settings()
    {
        var refused = Assert.Throws<StartupRefusedException>(() => LaurelApp.Build(["--environment=Production", "--urls=http://127.0.0.1:0", Database]));
        Assert.Contains("Laurel:DataProtection:CertificatePath", refused.Message);
        Assert.Contains("Laurel:DataProtection:KeyEncryptionKeyPath", refused.Message);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("migrate")]
    [InlineData("keys list --institution uu")]
    public async Task The_laurel_process_refuses_to_start_in_production_without_key_protection(string command)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = _folder };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "laurel.dll"));
        foreach (var word in command.Split(' ')) start.ArgumentList.Add(word);
        start.ArgumentList.Add("--environment=Production");
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        start.ArgumentList.Add(Database);
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(Ct);
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"laurel {command} kept running in Production without key protection.");
        }
        Assert.Equal(1, process.ExitCode);
        var message = await error;
        Assert.Contains("Laurel:DataProtection:CertificatePath", message);
        Assert.DoesNotContain("   at ", message); // a message, not a stack trace
        Assert.DoesNotContain("Database is up to date", await output);
        Assert.False(File.Exists(Path.Combine(_folder, "laurel.db")), "nothing is migrated");
    }

    [Fact]
    public async Task Production_with_a_certificate_starts_and_stores_the_key_ring_encrypted()
    {
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/verify", Ct)).StatusCode); // its form's token needs a key
        await AssertKeyRingEncryptedAsync(host, "EncryptedData");
    }

    [Fact]
    public async Task A_key_ring_stored_in_plain_text_before_protection_was_configured_is_encrypted_at_the_next_start()
    {
        // An installation that ran without key protection (before issue 12, or first started in Development) holds its key ring
        // in plain text, and the institutions' signing keys are encrypted with it.
        string sealedSeed;
        await using (var before = LaurelApp.Build(["--environment=Development", "--urls=http://127.0.0.1:0", Database, "--Laurel:SeedDemoData=false"]))
        {
            await DatabaseSetup.MigrateAsync(before.Services, Ct);
            sealedSeed = before.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("signing-key").Protect("ed25519 seed");
        }
        Assert.Contains(await KeyRingAsync(), xml => xml.Contains("<masterKey", StringComparison.Ordinal));

        // The operator configures a key file and starts in Production: the old key is encrypted, and still reads what it sealed.
        var keyFile = Path.Combine(_folder, "kek");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Ct);
        await using (var production = LaurelApp.Build(["--environment=Production", "--urls=http://127.0.0.1:0", Database,
                         $"--{KeyProtection.KeyEncryptionKeyPath}={keyFile}"]))
        {
            await LaurelApp.InitializeAsync(production, Ct);
            Assert.Equal("ed25519 seed", production.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("signing-key").Unprotect(sealedSeed));
        }
        Assert.All(await KeyRingAsync(), xml =>
        {
            Assert.Contains("laurelEncryptedKey", xml);
            Assert.DoesNotContain("<masterKey", xml);
            Assert.DoesNotContain("unencrypted", xml);
        });

        // Whoever copies the database without the key file reads no signing key from it.
        await using var copy = LaurelApp.Build(["--environment=Development", "--urls=http://127.0.0.1:0", Database, "--Laurel:SeedDemoData=false"]);
        var thief = copy.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("signing-key");
        Assert.ThrowsAny<CryptographicException>(() => thief.Unprotect(sealedSeed));
    }

    private async Task<List<string>> KeyRingAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "laurel.db")}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Xml FROM DataProtectionKeys";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) rows.Add(reader.GetString(0));
        return rows;
    }

    internal static async Task AssertKeyRingEncryptedAsync(LaurelHost host, string encryptedMarker)
    {
        var protector = host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("secret", protector.Unprotect(protector.Protect("secret")));
        await using var scope = host.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<LaurelDb>().DataProtectionKeys.Select(k => k.Xml ?? "").ToListAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains(encryptedMarker, xml);
            Assert.DoesNotContain("<masterKey", xml); // the element that holds the plain key material
            Assert.DoesNotContain("unencrypted", xml);
        });
    }
}

/// <summary>The key-file alternative: the ring is stored encrypted and a second node with the same file reads it back.</summary>
public sealed class KeyFileProtectionTests(KeyFileProductionHost host) : IClassFixture<KeyFileProductionHost>
{
    [Fact]
    public async Task Production_with_a_key_file_stores_the_key_ring_encrypted_and_another_node_reads_it()
    {
        await KeyProtectionTests.AssertKeyRingEncryptedAsync(host, "laurelEncryptedKey");
        var protectedText = host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("node").Protect("shared");

        var settings = host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        await using var second = LaurelApp.Build(["--environment=Production", "--urls=http://127.0.0.1:0",
            $"--Laurel:Database:ConnectionString={settings["Laurel:Database:ConnectionString"]}",
            $"--{KeyProtection.KeyEncryptionKeyPath}={host.KeyFile}"]);
        Assert.Equal("shared", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("node").Unprotect(protectedText));
    }
}
