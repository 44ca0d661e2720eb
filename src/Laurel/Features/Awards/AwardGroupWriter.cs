using System.Globalization;
using Laurel.Features.Awards.Claims;
using Laurel.Features.Awards.Events;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards;

/// <summary>
/// A request the policy allowed, waiting to be stored with others (<see cref="AwardGroupWriter"/>). <paramref name="Alongside"/> adds
/// the caller's own rows for the award to the group's context (the results API: its completion record and stored answer), so they
/// commit with it; <paramref name="Culture"/> is the caller's, for a refusal's message.
/// </summary>
public sealed record PendingAward(Awarder Awarder, AwardRequest Request, Achievement Achievement, Person? Person,
    Action<LaurelDb, Award>? Alongside, CultureInfo Culture);

/// <summary>
/// The group form of <see cref="AwardService.StoreAsync(Awarder, AwardRequest, Achievement, Person?, Action{Award}?, CancellationToken)"/>
/// (group commit, see <see cref="Results.AwardGroupCommitter"/>): the same award, credential, audit entry, e-mail and event per
/// request, but each institution's signing key read once per group, the definition's JSON built once per group, and every award of
/// the group written in one SaveChanges and one commit (one fsync). Each award stays all-or-nothing: when the group hits a unique
/// index (a duplicate stored meanwhile, or two requests of the group for the same completion) it is rolled back and written again
/// one award per transaction, so only the duplicate is refused (null) and the others are stored.
/// </summary>
public sealed class AwardGroupWriter(LaurelDb db, TimeProvider clock, AwardEvents events, CredentialBuilder builder, IssuerSigner signer,
    IssuerKeys keys, StatusListService statusLists, IStringLocalizer<PolicyText> t, ILogger<AwardGroupWriter> log)
{
    /// <summary>Per request, in order: the stored award, a refusal (its credential could not be signed), or null (unique index).</summary>
    public async Task<AwardOutcome?[]> StoreAsync(IReadOnlyList<PendingAward> items, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var outcomes = new AwardOutcome?[items.Count];
        var awards = new Award?[items.Count];
        var signingKeys = new Dictionary<Guid, IssuerKeyInfo>();
        var builds = new Dictionary<Guid, Func<Award, System.Text.Json.Nodes.JsonNode?, System.Text.Json.Nodes.JsonObject>>();
        for (var i = 0; i < items.Count; i++)
        {
            var (awarder, request, a, person, _, culture) = items[i];
            var award = AwardService.NewAward(awarder, request, a, person, now, out var scheduled);
            _ = scheduled is null ? award.Issue(ClaimRules.StateOnIssue(a, person), now) : award.Schedule(now); // a new award: never refused
            if (scheduled is null)
            {
                // Key and status index commit on their own, before the group's transaction (see AwardSigning.PrepareAsync).
                if (!signingKeys.TryGetValue(a.InstitutionId, out var key)) signingKeys[a.InstitutionId] = key = await keys.GetActiveAsync(a.InstitutionId, ct);
                if (!builds.TryGetValue(a.Id, out var build)) builds[a.Id] = build = builder.ForDefinition(a);
                var allocation = await statusLists.AllocateAsync(a.InstitutionId, ct);
                award.RevocationListId = allocation.RevocationListId;
                award.SuspensionListId = allocation.SuspensionListId;
                award.StatusIndex = allocation.Index;
                try
                {
                    AwardSigning.Seal(award, signer, key, () => build(award, statusLists.CredentialStatusEntries(allocation)));
                }
                catch (CredentialSigningException e)
                {
                    // As AwardService.StoreAsync: this award alone is refused, in its caller's language; nothing of it is stored.
                    log.LogWarning(e, "Award for definition {AchievementId} refused: its credential could not be signed", a.Id);
                    var before = CultureInfo.CurrentUICulture;
                    CultureInfo.CurrentUICulture = culture;
                    outcomes[i] = new AwardOutcome(null, new() { [AwardService.CredentialKey] = [t["Check_SigningFailed"].Value] });
                    CultureInfo.CurrentUICulture = before;
                    continue;
                }
            }
            awards[i] = award;
        }

        var ready = Enumerable.Range(0, items.Count).Where(i => awards[i] is not null).ToList();
        if (ready.Count == 0) return outcomes;
        if (await TrySaveAsync(items, awards, ready, now, ct))
            foreach (var i in ready) outcomes[i] = new AwardOutcome(awards[i], []);
        else
            foreach (var i in ready) outcomes[i] = await TrySaveAsync(items, awards, [i], now, ct) ? new AwardOutcome(awards[i], []) : null;
        return outcomes;
    }

    // One transaction for the awards `which`: false (and nothing stored) when a unique index refused any of them.
    private async Task<bool> TrySaveAsync(IReadOnlyList<PendingAward> items, Award?[] awards, List<int> which, DateTime now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        // From the first award on, edits to a definition create a new version; FrozenAt is never cleared, so only a definition read
        // as unfrozen needs the update and a transaction around it (otherwise SaveChanges' own transaction is the group's).
        var unfrozen = which.Select(i => items[i].Achievement).Where(a => a.FrozenAt is null).Select(a => a.Id).Distinct().ToList();
        await using var transaction = unfrozen.Count > 0 ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            if (unfrozen.Count > 0)
                await db.Achievements.Where(x => unfrozen.Contains(x.Id) && x.FrozenAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.FrozenAt, now), ct);
            var changes = new List<AwardChange>(which.Count);
            foreach (var i in which)
            {
                var (awarder, request, a, person, alongside, _) = items[i];
                var award = awards[i]!;
                db.Awards.Add(award);
                alongside?.Invoke(db, award);
                changes.Add(AwardService.IssueChange(award, a, person, awarder.Principal, request.Client));
            }
            await events.RecordAsync(changes, ct);
            // The whole group is one unit: a failure rolls all of it back (and the caller retries award by award), so no savepoint.
            db.Database.AutoSavepointsEnabled = false;
            await db.SaveChangesAsync(ct);
            if (transaction is not null) await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            if (transaction is not null) await transaction.RollbackAsync(ct);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        foreach (var i in which) items[i].Achievement.FrozenAt ??= now;
        return true;
    }
}
