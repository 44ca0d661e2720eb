using System.Diagnostics;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Database;
using Laurel.Tests.Completions;
using Microsoft.EntityFrameworkCore;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Verification;

/// <summary>
/// The cached verdict of Laurel's own awards (badge page, backpack: <see cref="VerificationService.VerifyStoredAsync"/>): an
/// unchanged award is not verified again, and a revocation, suspension or reinstatement through the real staff path shows on
/// the very next view. The award is loaded afresh for every view, as the badge page does.
/// </summary>
public abstract class AwardVerdictCacheTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<VerificationReport> ViewAsync(Guid awardId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var award = await scope.ServiceProvider.GetRequiredService<LaurelDb>().Awards.AsNoTracking().SingleAsync(a => a.Id == awardId, Ct);
        return await scope.ServiceProvider.GetRequiredService<VerificationService>().VerifyStoredAsync(award, Ct);
    }

    private async Task ApplyAsync(Guid awardId, AwardStatusAction action)
    {
        var awarder = await host.StaffAsync("a.bakker@uu.example");
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<RevokeAndSuspend>();
        var award = await service.FindAsync(awardId, Ct);
        Assert.Empty(await service.ApplyAsync(awarder, award!, action, "test", "web", Ct));
    }

    [Fact]
    public async Task A_revocation_through_the_staff_path_shows_on_the_very_next_view()
    {
        var awardId = await host.AwardThroughServiceAsync();
        var first = await ViewAsync(awardId);
        Assert.True(first.Verdict == Verdict.Valid, string.Join("; ", first.Checks.Select(c => c.Code + " " + c.Detail)));
        Assert.Same(first, await ViewAsync(awardId)); // the second view is served from the cache

        await host.RevokeAsync(awardId, "fraud");

        var revoked = await ViewAsync(awardId);
        Assert.Equal(Verdict.Invalid, revoked.Verdict);
        Assert.Equal("status.revoked", revoked.Check(CheckIds.Status)!.Code);
    }

    [Fact]
    public async Task A_suspension_shows_on_the_next_view_and_a_reinstatement_too()
    {
        var awardId = await host.AwardThroughServiceAsync();
        Assert.Equal(Verdict.Valid, (await ViewAsync(awardId)).Verdict);

        await ApplyAsync(awardId, AwardStatusAction.Suspend);
        var suspended = await ViewAsync(awardId);
        Assert.Equal("suspended", suspended.StatusReason);
        Assert.Equal("status.suspended", suspended.Check(CheckIds.Status)!.Code);

        await ApplyAsync(awardId, AwardStatusAction.Reinstate);
        var reinstated = await ViewAsync(awardId);
        Assert.Equal(Verdict.Valid, reinstated.Verdict);
        Assert.Equal("status.ok", reinstated.Check(CheckIds.Status)!.Code);
    }

    [Fact]
    public async Task Another_node_setting_the_bit_in_the_database_is_seen_on_the_next_view()
    {
        // Nothing in this process is told: the only trace of the change is the list row (bits and version), as when another
        // node revoked. The cached verdict must not survive it.
        var awardId = await host.AwardThroughServiceAsync();
        Assert.Equal(Verdict.Valid, (await ViewAsync(awardId)).Verdict);
        var award = await host.DbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == awardId, Ct));
        await host.DbAsync(async db =>
        {
            var list = await db.Set<Laurel.Features.Publishing.Status.StatusList>().AsNoTracking().SingleAsync(l => l.Id == award.RevocationListId, Ct);
            var bits = list.Bits.ToArray();
            bits[award.StatusIndex / 8] |= (byte)(0x80 >> (award.StatusIndex % 8));
            return await db.Set<Laurel.Features.Publishing.Status.StatusList>().Where(l => l.Id == list.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Bits, bits).SetProperty(l => l.Version, list.Version + 1), Ct);
        });

        Assert.Equal("revoked", (await ViewAsync(awardId)).StatusReason);
    }

    [Fact]
    public async Task A_re_signed_credential_is_verified_again()
    {
        var awardId = await host.AwardThroughServiceAsync();
        var first = await ViewAsync(awardId);
        Assert.Equal(Verdict.Valid, first.Verdict);

        // The stored credential changes without a status change (a wallet DID added and signed again, or a key rotation).
        await host.GiveSubjectDidAsync(awardId);

        var again = await ViewAsync(awardId);
        Assert.NotSame(first, again);
        Assert.Equal(Verdict.Valid, again.Verdict);
        Assert.StartsWith("did:key:", again.Credential!["credentialSubject"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cached_view_costs_one_SQL_statement()
    {
        var awardId = await host.AwardThroughServiceAsync();
        using var counter = new SqlCommandCounter();
        await counter.ReadyAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var award = await scope.ServiceProvider.GetRequiredService<LaurelDb>().Awards.AsNoTracking().SingleAsync(a => a.Id == awardId, Ct);
        var verification = scope.ServiceProvider.GetRequiredService<VerificationService>();
        Assert.Equal(Verdict.Valid, (await verification.VerifyStoredAsync(award, Ct)).Verdict);

        await using var next = host.Services.CreateAsyncScope();
        using (new Activity("view").SetParentId(counter.TraceParent).Start())
            await next.ServiceProvider.GetRequiredService<VerificationService>().VerifyStoredAsync(award, Ct);

        var command = Assert.Single(counter.Commands);
        Assert.Contains("StatusLists", command);
    }
}

public sealed class AwardVerdictCacheTestsOnSqlite(SqliteHost host) : AwardVerdictCacheTests(host), IClassFixture<SqliteHost>;

public sealed class AwardVerdictCacheTestsOnPostgres(PostgresHost host) : AwardVerdictCacheTests(host), IClassFixture<PostgresHost>;

/// <summary>A cached verdict never outlives the moment its date check would change.</summary>
public sealed class VerificationCacheTests
{
    [Fact]
    public void A_verdict_expires_with_the_credential_it_is_about()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var cache = new VerificationCache(clock);
        var report = new VerificationReport
        {
            Checks = [],
            Credential = new JsonObject { ["validUntil"] = clock.Now.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) },
        };
        cache.Set("k", report);
        Assert.True(cache.TryGet("k", out _));

        clock.Advance(TimeSpan.FromMinutes(2)); // past validUntil, well within MaxAge

        Assert.False(cache.TryGet("k", out _));
    }
}
