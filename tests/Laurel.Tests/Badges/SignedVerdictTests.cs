using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Verification;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Badges;

/// <summary>
/// The verdict Laurel records when it signs (issue 18): the SHA-256 of the stored credential (<see cref="Award.SignedSha256"/>) stands
/// in for the signature arithmetic on a first view of the badge page, and for nothing else. Status, key and bytes are still checked:
/// a revocation or suspension shows on the next view, a credential changed behind Laurel's back is verified in full (and fails), a
/// key that no longer resolves fails the proof, and a rotation keeps old credentials valid and records the re-signed ones.
/// </summary>
public abstract class SignedVerdictTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> PageAsync(Guid awardId)
    {
        using var anonymous = host.CreateClient();
        using var response = await anonymous.GetAsync($"/badges/{awardId}?culture=en", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
    }

    private Task<Award> AwardAsync(Guid awardId) => host.DbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == awardId));

    private async Task<VerificationReport> VerifyStoredAsync(IServiceProvider services, Guid awardId)
    {
        await using var scope = services.CreateAsyncScope();
        var award = await scope.ServiceProvider.GetRequiredService<LaurelDb>().Awards.AsNoTracking().SingleAsync(a => a.Id == awardId, Ct);
        return await scope.ServiceProvider.GetRequiredService<VerificationService>().VerifyStoredAsync(award, Ct);
    }

    // Valid, or the checks that were not passed (so a failure says which one).
    private static void AssertValid(VerificationReport report) => Assert.True(report.Verdict == Verdict.Valid,
        string.Join("; ", report.Checks.Where(c => c.Outcome != CheckOutcome.Passed).Select(c => $"{c.Id} {c.Outcome} {c.Code}: {c.Detail}")));

    private static byte[] Sha256(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    // A node of the same deployment with nothing in memory yet (no verification cache, no resolved keys).
    private static WebApplication OtherNodeOf(LaurelHost host) => LaurelApp.Build([.. host.SecondNodeArgs(), "--urls=http://127.0.0.1:0", "--Laurel:SeedDemoData=false",
        "--Laurel:Demo:SampleAwards=false", "--Laurel:AwardEvents:WorkerEnabled=false", "--Laurel:Webhooks:WorkerEnabled=false",
        "--Laurel:Outbox:WorkerEnabled=false", "--Laurel:Claims:IntervalSeconds=0"], builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));

    [Fact]
    public async Task Signing_records_the_hash_of_the_stored_bytes_and_a_first_view_shows_the_award_valid()
    {
        var awardId = await host.AwardThroughServiceAsync();
        var award = await AwardAsync(awardId);
        Assert.Equal(Sha256(award.CredentialJson), award.SignedSha256);

        var report = await VerifyStoredAsync(host.Services, awardId);
        AssertValid(report);
        Assert.Equal(CheckOutcome.Passed, report.Check(CheckIds.Proof)!.Outcome);
        Assert.Equal(award.SigningKeyId, report.VerificationMethod);
        Assert.Contains("id=\"verdict\"><strong>Valid:", await PageAsync(awardId));
    }

    [Fact]
    public async Task The_recorded_verdict_stands_in_for_the_signature_check_of_exactly_those_bytes_and_nothing_else()
    {
        var awardId = await host.AwardThroughServiceAsync();
        var original = (await AwardAsync(awardId)).CredentialJson;
        // A signature that does not verify, with a verdict recorded for exactly these bytes: only the arithmetic is skipped.
        var forged = JsonNode.Parse(original)!.AsObject();
        var proofValue = forged["proof"]![0]!["proofValue"]!.GetValue<string>();
        forged["proof"]![0]!["proofValue"] = proofValue[..^4] + (proofValue.EndsWith("1111", StringComparison.Ordinal) ? "2222" : "1111");
        var forgedJson = forged.ToJsonString();
        await host.SetAsync(awardId, a => { a.CredentialJson = forgedJson; a.SignedSha256 = Sha256(forgedJson); });
        Assert.Equal(CheckOutcome.Passed, (await VerifyStoredAsync(host.Services, awardId)).Check(CheckIds.Proof)!.Outcome);

        // The same bytes with the verdict of the original bytes: the full check runs, and fails.
        await host.SetAsync(awardId, a => a.SignedSha256 = Sha256(original));
        var full = await VerifyStoredAsync(host.Services, awardId);
        Assert.Equal(CheckOutcome.Failed, full.Check(CheckIds.Proof)!.Outcome);
        Assert.Equal(Verdict.Invalid, full.Verdict);
    }

    [Fact]
    public async Task A_stored_credential_changed_behind_Laurels_back_is_not_shown_as_valid()
    {
        var awardId = await host.AwardThroughServiceAsync();
        // A row changed by SQL, not by Laurel: another achievement name in the stored credential, the recorded verdict left as it was.
        await host.DbAsync(async db =>
        {
            var json = await db.Awards.Where(a => a.Id == awardId).Select(a => a.CredentialJson).SingleAsync(Ct);
            var changed = json.Replace("Data Literacy for Professionals", "Data Literacy for Experts", StringComparison.Ordinal);
            Assert.NotEqual(json, changed);
            return await db.Awards.Where(a => a.Id == awardId).ExecuteUpdateAsync(s => s.SetProperty(a => a.CredentialJson, changed), Ct);
        });
        var page = await PageAsync(awardId);
        Assert.DoesNotContain("id=\"verdict\"><strong>Valid:", page);
        Assert.Contains("id=\"verdict\"><strong>Not valid:", page);
        Assert.Equal(CheckOutcome.Failed, (await VerifyStoredAsync(host.Services, awardId)).Check(CheckIds.Proof)!.Outcome);
    }

    [Fact]
    public async Task Suspension_reinstatement_and_revocation_show_on_the_next_view()
    {
        var awardId = await host.AwardThroughServiceAsync();
        AssertValid(await VerifyStoredAsync(host.Services, awardId));
        Assert.Contains("id=\"verdict\"><strong>Valid:", await PageAsync(awardId));
        var awarder = await host.StaffAsync("a.bakker@uu.example");

        async Task ApplyAsync(AwardStatusAction action, string reason)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<RevokeAndSuspend>();
            Assert.Empty(await service.ApplyAsync(awarder, (await service.FindAsync(awardId, Ct))!, action, reason, "web", Ct));
        }

        await ApplyAsync(AwardStatusAction.Suspend, "Under review by the exam board");
        var suspended = await PageAsync(awardId);
        Assert.DoesNotContain("id=\"verdict\"><strong>Valid:", suspended);
        Assert.Contains("Under review by the exam board", suspended);

        await ApplyAsync(AwardStatusAction.Reinstate, "Review closed");
        Assert.Contains("id=\"verdict\"><strong>Valid:", await PageAsync(awardId));

        await ApplyAsync(AwardStatusAction.Revoke, "Awarded by mistake");
        var revoked = await PageAsync(awardId);
        Assert.Contains("id=\"verdict\"><strong>Not valid:", revoked);
        Assert.Contains("Awarded by mistake", revoked);
        // The verdict recorded at signing is still the stored bytes' own: the status list alone made it not valid.
        var award = await AwardAsync(awardId);
        Assert.Equal(Sha256(award.CredentialJson), award.SignedSha256);
    }

    [Fact]
    public async Task A_rotated_out_key_keeps_old_awards_valid_and_re_signing_records_a_new_verdict()
    {
        var awardId = await host.AwardThroughServiceAsync();
        var before = await AwardAsync(awardId);
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IssuerKeys>().RotateAsync(before.InstitutionId, null, "test", Ct);

        // Retired keys stay published: the old credential is still valid, on a node that has never resolved the key as well.
        AssertValid(await VerifyStoredAsync(host.Services, awardId));
        Assert.Contains("id=\"verdict\"><strong>Valid:", await PageAsync(awardId));
        await using (var other = OtherNodeOf(host))
            AssertValid(await VerifyStoredAsync(other.Services, awardId));

        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CredentialResigner>().ResignAsync(before.InstitutionId, await host.StaffAsync("a.bakker@uu.example"), "test", Ct);
        var after = await AwardAsync(awardId);
        Assert.NotEqual(before.SigningKeyId, after.SigningKeyId);
        Assert.Equal(Sha256(after.CredentialJson), after.SignedSha256);
        Assert.NotEqual(before.SignedSha256, after.SignedSha256);
        var report = await VerifyStoredAsync(host.Services, awardId);
        AssertValid(report);
        Assert.Equal(after.SigningKeyId, report.VerificationMethod);
    }

    [Fact]
    public async Task A_key_that_no_longer_resolves_fails_the_proof_despite_the_recorded_verdict()
    {
        var awardId = await host.AwardThroughServiceAsync();
        var award = await AwardAsync(awardId);
        var fragment = award.SigningKeyId[(award.SigningKeyId.IndexOf('#') + 1)..];
        // The award's status lists are signed for their current version now, with the real key (they are signed lazily on the first
        // read of a new version: a read while the key is renamed below would sign them with the renamed one and spoil later tests).
        AssertValid(await VerifyStoredAsync(host.Services, awardId));
        // The key's row no longer names this key (changed behind Laurel's back); restored afterwards for the other tests.
        await host.DbAsync(db => db.Set<IssuerKey>().Where(k => k.KeyId == fragment).ExecuteUpdateAsync(s => s.SetProperty(k => k.KeyId, "zGone" + fragment), Ct));
        try
        {
            await using var other = OtherNodeOf(host);
            var report = await VerifyStoredAsync(other.Services, awardId);
            Assert.Equal(CheckOutcome.Failed, report.Check(CheckIds.Proof)!.Outcome);
            Assert.Equal("proof.key_not_found", report.Check(CheckIds.Proof)!.Code);
            Assert.NotEqual(Verdict.Valid, report.Verdict);
        }
        finally
        {
            await host.DbAsync(db => db.Set<IssuerKey>().Where(k => k.KeyId == "zGone" + fragment).ExecuteUpdateAsync(s => s.SetProperty(k => k.KeyId, fragment), Ct));
        }
    }
}

public sealed class SignedVerdictTestsOnSqlite(SqliteHost host) : SignedVerdictTests(host), IClassFixture<SqliteHost>;

public sealed class SignedVerdictTestsOnPostgres(PostgresHost host) : SignedVerdictTests(host), IClassFixture<PostgresHost>;
