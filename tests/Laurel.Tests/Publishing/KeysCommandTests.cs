using System.CommandLine;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Features.Awards;
using Laurel.Features.Publishing.Keys;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Publishing.PublishingTestKit;

namespace Laurel.Tests.Publishing;

/// <summary><c>laurel keys list|rotate</c> run as a second "node" against the running host's database.</summary>
public abstract class KeysCommandTests(LaurelHost host)
{
    /// <summary>The command-line settings that make the CLI a second node of the host's deployment.</summary>
    private string[] DatabaseArgs() => host.SecondNodeArgs();

    private async Task<(int Exit, string Output, string Error)> KeysAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand { KeysCommand.Create() };
        root.TreatUnmatchedTokensAsErrors = false;
        var exit = await root.Parse([.. args, .. DatabaseArgs()]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, Ct);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<Award> StoreAwardAsync(Guid institutionId)
    {
        var did = await InstitutionDidAsync(host, institutionId);
        var signed = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerSigner>().SignAsync(institutionId, MicroCredential(did), Ct));
        return await InScopeAsync(host, async sp =>
        {
            var db = sp.GetRequiredService<LaurelDb>();
            var achievement = await db.Achievements.FirstAsync(a => a.InstitutionId == institutionId, Ct);
            var award = new Award
            {
                Id = Guid.CreateVersion7(), InstitutionId = institutionId, AchievementId = achievement.Id,
                // A learner per award: the database allows one held award per learner and achievement version.
                RecipientIdentity = $"learner-{Guid.NewGuid():N}@example.org", RecipientIdentityType = "emailAddress", RecipientSalt = "salt",
                CredentialJson = signed.Credential.ToJsonString(), SigningKeyId = signed.VerificationMethod,
                IssuedAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Awards.Add(award);
            await db.SaveChangesAsync(Ct);
            return award;
        });
    }

    private Task<Award> ReloadAsync(Guid awardId) =>
        InScopeAsync(host, sp => sp.GetRequiredService<LaurelDb>().Awards.AsNoTracking().SingleAsync(a => a.Id == awardId, Ct));

    [Fact]
    public async Task Rotate_through_the_real_cli_retires_the_key_new_credentials_use_the_new_one_and_old_ones_still_verify()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var old = await StoreAwardAsync(uu);

        var exit = await LaurelCli.RunAsync(["keys", "rotate", "--institution", "uu", .. DatabaseArgs()]);

        Assert.Equal(0, exit);
        var keys = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().ListAsync(uu, Ct));
        Assert.Contains(keys, k => !k.IsActive && old.SigningKeyId.EndsWith("#" + k.KeyId));
        var did = await InstitutionDidAsync(host, uu);
        var fresh = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerSigner>().SignAsync(uu, MicroCredential(did), Ct));
        Assert.NotEqual(old.SigningKeyId, fresh.VerificationMethod);
        Assert.EndsWith("#" + keys.Single(k => k.IsActive).KeyId, fresh.VerificationMethod);

        var resolver = host.Services.GetRequiredService<LocalIssuerResolver>();
        Assert.True((await DataIntegrityProofs.VerifyAsync(JsonNode.Parse(old.CredentialJson)!.AsObject(), resolver, ct: Ct)).Verified);
        Assert.True((await DataIntegrityProofs.VerifyAsync(fresh.Credential, resolver, ct: Ct)).Verified);
        Assert.Equal(old.CredentialJson, (await ReloadAsync(old.Id)).CredentialJson);

        var audited = await InScopeAsync(host, sp => sp.GetRequiredService<LaurelDb>().AuditEntries
            .Where(e => e.InstitutionId == uu && e.Action == "issuer-key.rotated").ToListAsync(Ct));
        Assert.Contains(audited, e => e.Client == "cli" && e.ActorName.StartsWith("cli:"));
    }

    [Fact]
    public async Task Rotate_with_resign_moves_every_stored_credential_to_the_new_key()
    {
        var tudelft = await InstitutionIdAsync(host, "tudelft");
        var awards = new List<Award>();
        for (var i = 0; i < 3; i++) awards.Add(await StoreAwardAsync(tudelft));

        var (exit, output, error) = await KeysAsync("keys", "rotate", "--institution", "tudelft", "--resign");

        Assert.True(exit == 0, error);
        Assert.Contains("Re-signed", output);
        var active = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().GetActiveAsync(tudelft, Ct));
        var resolver = host.Services.GetRequiredService<LocalIssuerResolver>();
        foreach (var before in awards)
        {
            var after = await ReloadAsync(before.Id);
            Assert.Equal(active.VerificationMethod, after.SigningKeyId);
            var credential = JsonNode.Parse(after.CredentialJson)!.AsObject();
            Assert.Equal(active.VerificationMethod, (string?)credential["proof"]![0]!["verificationMethod"]);
            Assert.True((await DataIntegrityProofs.VerifyAsync(credential, resolver, ct: Ct)).Verified);
            Assert.Equal((string?)JsonNode.Parse(before.CredentialJson)!["id"], (string?)credential["id"]);
        }
        Assert.Contains(await InScopeAsync(host, sp => sp.GetRequiredService<LaurelDb>().AuditEntries
            .Where(e => e.InstitutionId == tudelft).Select(e => e.Action).ToListAsync(Ct)), a => a == "issuer-key.resigned");
    }

    // Credentials issued before Laurel embedded the suspension entry carry only the revocation entry; `keys resign` gives them
    // the award's own suspension entry, keeping id, dates and content, so a suspension is then visible to every verifier.
    [Fact]
    public async Task Resign_adds_the_suspension_entry_to_older_credentials_and_keeps_everything_else()
    {
        var awardId = await host.AwardThroughServiceAsync();
        var old = await InScopeAsync(host, async sp =>
        {
            var db = sp.GetRequiredService<LaurelDb>();
            var award = await db.Awards.SingleAsync(a => a.Id == awardId, Ct);
            var credential = JsonNode.Parse(award.CredentialJson)!.AsObject();
            credential.Remove("proof");
            credential["credentialStatus"] = credential["credentialStatus"]!.AsArray()
                .Single(e => (string?)e!["statusPurpose"] == "revocation")!.DeepClone();
            var signed = await sp.GetRequiredService<IssuerSigner>().SignAsync(award.InstitutionId, credential, Ct);
            award.CredentialJson = signed.Credential.ToJsonString();
            award.PublicCredentialJson = signed.Credential.ToJsonString(); // stands in for a public variant made from it
            await db.SaveChangesAsync(Ct);
            return award;
        });
        var slug = await InScopeAsync(host, sp => sp.GetRequiredService<LaurelDb>().Institutions
            .Where(i => i.Id == old.InstitutionId).Select(i => i.Slug).SingleAsync(Ct));

        var (exit, output, error) = await KeysAsync("keys", "resign", "--institution", slug);

        Assert.True(exit == 0, error);
        Assert.Contains("Re-signed", output);
        var after = await ReloadAsync(awardId);
        var before = JsonNode.Parse(old.CredentialJson)!.AsObject();
        var credential = JsonNode.Parse(after.CredentialJson)!.AsObject();
        var entries = Assert.IsType<JsonArray>(credential["credentialStatus"]);
        Assert.Equal(2, entries.Count);
        Assert.True(JsonNode.DeepEquals(before["credentialStatus"], entries[0]));
        Assert.Equal("suspension", (string?)entries[1]!["statusPurpose"]);
        Assert.Equal("BitstringStatusListEntry", (string?)entries[1]!["type"]);
        Assert.EndsWith($"/status/{after.SuspensionListId}", (string?)entries[1]!["statusListCredential"]);
        Assert.Equal(after.StatusIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)entries[1]!["statusListIndex"]);
        foreach (var c in new[] { before, credential }) { c.Remove("proof"); c.Remove("credentialStatus"); }
        Assert.True(JsonNode.DeepEquals(before, credential), "only the status entries and the proof may change");
        Assert.Null(after.PublicCredentialJson); // made again from the re-signed credential on its next request
        var resolver = host.Services.GetRequiredService<LocalIssuerResolver>();
        Assert.True((await DataIntegrityProofs.VerifyAsync(JsonNode.Parse(after.CredentialJson)!.AsObject(), resolver, ct: Ct)).Verified);

        // Suspending now shows in the re-signed file itself, through its new entry.
        await InScopeAsync(host, async sp =>
        {
            var service = sp.GetRequiredService<RevokeAndSuspend>();
            var award = await service.FindAsync(awardId, Ct);
            Assert.Empty(await service.ApplyAsync(await host.StaffAsync("a.bakker@uu.example"), award!, AwardStatusAction.Suspend, "Under review", "web", Ct));
            return 0;
        });
        var report = await host.VerifyAsync(after.CredentialJson);
        Assert.Equal("suspended", report.StatusReason);

        // A second run leaves it alone: it has its entry and the active key's proof.
        var (again, _, _) = await KeysAsync("keys", "resign", "--institution", slug);
        Assert.Equal(0, again);
        Assert.Equal(after.CredentialJson, (await ReloadAsync(awardId)).CredentialJson);
    }

    [Fact]
    public async Task List_shows_active_and_retired_keys_with_their_DID_URLs()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var did = await InstitutionDidAsync(host, uu);
        await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().GetActiveAsync(uu, Ct));
        await KeysAsync("keys", "rotate", "--institution", "uu");

        var (exit, output, _) = await KeysAsync("keys", "list", "--institution", "uu");

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.StartsWith("active ") && l.Contains(did + "#z6Mk"));
        Assert.Contains(lines, l => l.StartsWith("retired") && l.Contains(did + "#z6Mk"));
    }

    [Fact]
    public async Task Unknown_institution_is_an_error()
    {
        var (exit, _, error) = await KeysAsync("keys", "rotate", "--institution", "nosuch");
        Assert.NotEqual(0, exit);
        Assert.Contains("nosuch", error);
    }
}

public sealed class KeysCommandTestsOnSqlite(SqliteHost host) : KeysCommandTests(host), IClassFixture<SqliteHost>;

public sealed class KeysCommandTestsOnPostgres(PostgresHost host) : KeysCommandTests(host), IClassFixture<PostgresHost>;
