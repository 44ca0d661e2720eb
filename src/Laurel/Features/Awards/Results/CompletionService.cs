using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Features.Awards.Issuing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.Results;

/// <summary>The answer for one completion: an HTTP status and either the award or a problem. <paramref name="AnswerStored"/>: the
/// answer was stored for the request's Idempotency-Key together with the award.</summary>
public sealed record CompletionResult(int Status, CompletionResponse? Award, ProblemDetails? Problem, bool AnswerStored = false);

/// <summary>
/// Turns one reported completion into an award through <see cref="AwardService"/> (so <see cref="AwardPolicy"/> decides), at most
/// once per learner + achievement + completion date: the <see cref="Completion"/> row is stored with the award in one transaction
/// and its unique index makes concurrent retries find the first one's award instead of storing a second.
/// A new award reads the definition (with this completion's earlier award, if any) once, the learner once, the learner's held
/// awards once (the policy's duplicate rule); then <see cref="AwardGroupCommitter"/> signs it and stores it (award, completion, audit
/// entry, e-mail, stored answer) in one transaction together with the other completions that arrived meanwhile on this node.
/// </summary>
public sealed class CompletionService(LaurelDb db, TimeProvider clock, AwardPolicy policy, RecipientResolver recipients,
    LearnerLookup learners, AwardGroupCommitter committer, PublicOrigin origin, IStringLocalizer<ResultsText> t)
{
    /// <param name="client">The reporting client (its institution and scopes decide, see <see cref="Awarder.ApiClient"/>).</param>
    /// <param name="item">The completion as sent.</param>
    /// <param name="answerRecord">The request's Idempotency-Key record: a new award's answer is stored in it along with the award.</param>
    public async Task<CompletionResult> ProcessAsync(Awarder.ApiClient client, JsonNode? item, Guid? answerRecord, CancellationToken ct)
    {
        var prepared = await PrepareAsync(client, item, answerRecord, ct);
        if (prepared.Pending is not { } pending) return prepared.Result!;
        return await FinishAsync(pending, (await committer.StoreAsync([pending.Award]))[0], ct);
    }

    /// <summary>Many completions (the batch endpoint), each on its own: all are read and checked first, then the new awards are
    /// stored in as few groups as possible. Answers in order. The look-ups are made for all items at once (<see cref="LookUpAsync"/>:
    /// a handful of queries per batch instead of three per item), and the policy's duplicate check is one query for all of them.</summary>
    /// <param name="answerRecords">Per item, its request's Idempotency-Key record (<see cref="CompletionCoalescer"/>: single requests
    /// read together); a new award's answer is stored in it along with the award. Null for the batch endpoint.</param>
    public async Task<IReadOnlyList<CompletionResult>> ProcessManyAsync(Awarder.ApiClient client, IReadOnlyList<JsonNode?> items,
        IReadOnlyList<Guid?>? answerRecords, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var reads = items.Select(item => CompletionReader.Read(item, t)).ToList();
        var known = await LookUpAsync(reads, ct);
        var prepared = new Prepared?[items.Count];
        var checking = new List<(int Index, Checked Checked)>();
        for (var i = 0; i < reads.Count; i++)
        {
            var (done, read) = await ReadAsync(client, reads[i], known, ct);
            if (read is null) prepared[i] = done;
            else checking.Add((i, read));
        }
        if (checking.Count > 0)
        {
            var verdicts = await policy.CheckLoadedAsync(client,
                [.. checking.Select(c => (c.Checked.Request, c.Checked.Achievement, c.Checked.Recipient?.Person))], ct);
            for (var j = 0; j < checking.Count; j++)
                prepared[checking[j].Index] = await DecideAsync(client, checking[j].Checked, verdicts[j], answerRecords?[checking[j].Index], ct);
        }
        var pending = prepared.Where(p => p!.Pending is not null).Select(p => p!.Pending!).ToList();
        var outcomes = pending.Count == 0 ? [] : await committer.StoreAsync([.. pending.Select(p => p.Award)]);
        var results = new List<CompletionResult>(items.Count);
        var next = 0;
        foreach (var p in prepared)
            results.Add(p!.Pending is { } one ? await FinishAsync(one, outcomes[next++], ct) : p.Result!);
        return results;
    }

    /// <summary>What a batch's items need from the database, read for all of them at once: the definitions (with Issuer → Faculty →
    /// Institution), the awards of completions reported before, and the learners of the e-mail addresses.</summary>
    private sealed record Lookups(Dictionary<Guid, Achievements.Achievement> Definitions, Dictionary<(Guid, string, DateOnly), AwardSummary> Earlier,
        Dictionary<string, FoundLearner> Learners);

    private async Task<Lookups> LookUpAsync(List<CompletionRead> reads, CancellationToken ct)
    {
        var ids = reads.Select(r => r.AchievementId).OfType<Guid>().Distinct().ToList();
        var definitions = ids.Count == 0 ? [] : await WithInstitution(db.Achievements.AsNoTracking().Where(a => ids.Contains(a.Id)))
            .ToDictionaryAsync(a => a.Id, ct);
        var keys = reads.Where(r => r.CompletedOn is not null).Select(LearnerKey).OfType<string>().Distinct().ToList();
        var earlier = new Dictionary<(Guid, string, DateOnly), AwardSummary>();
        if (keys.Count > 0 && definitions.Count > 0)
        {
            // By learner only, served by the unique (LearnerKey, AchievementId, CompletedOn) index; the definitions and dates are matched
            // here. Naming the definition in SQL let PostgreSQL read every completion of a definition that outgrew its statistics (see
            // AwardPolicy's held check and ResultsLookupPlanTests); a learner has a handful of completions.
            var rows = await (from c in db.Completions.AsNoTracking()
                              where keys.Contains(c.LearnerKey)
                              join w in db.Awards.AsNoTracking() on c.AwardId equals w.Id
                              select new { c.AchievementId, c.LearnerKey, c.CompletedOn, Award = new AwardSummary(w.Id, w.State, w.AchievementId, w.CompletedOn, w.IssuedAt) })
                .ToListAsync(ct);
            foreach (var r in rows.Where(r => definitions.ContainsKey(r.AchievementId))) earlier[(r.AchievementId, r.LearnerKey, r.CompletedOn)] = r.Award;
        }
        var emails = reads.Where(r => r.LearnerKind == RecipientKind.Email && r.LearnerId is not null).Select(r => r.LearnerId!);
        return new Lookups(definitions, earlier, await learners.FindManyByEmailAsync(emails, ct));
    }

    /// <summary>A completion read and checked: either its answer already, or the award to store.</summary>
    private sealed record Prepared(CompletionResult? Result, PendingCompletion? Pending)
    {
        public static implicit operator Prepared(CompletionResult result) => new(result, null);
    }

    private sealed record PendingCompletion(PendingAward Award, string LearnerKey, Guid? AnswerRecord);

    private async Task<Prepared> PrepareAsync(Awarder.ApiClient client, JsonNode? item, Guid? answerRecord, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var (done, next) = await ReadAsync(client, CompletionReader.Read(item, t), known: null, ct);
        if (next is null) return done!;
        var verdict = await policy.CheckAsync(client, next.Request, next.Achievement, next.Recipient?.Person, ct);
        return await DecideAsync(client, next, verdict, answerRecord, ct);
    }

    /// <summary>A completion that was read and whose definition and learner were found: what the policy judges.</summary>
    private sealed record Checked(CompletionRead Read, bool Unreadable, string? LearnerKey, Achievements.Achievement Achievement,
        ResolvedRecipient? Recipient, AwardRequest Request);

    // Reads a completion's definition and learner (from `known` when the batch read them already): either its answer, or the request
    // for the policy.
    private async Task<(Prepared? Done, Checked? Next)> ReadAsync(Awarder.ApiClient client, CompletionRead read, Lookups? known, CancellationToken ct)
    {
        // Unreadable or missing fields are a bad request; readable ones the policy refuses are unprocessable.
        var unreadable = read.Errors.Any;
        var errors = read.Errors;
        if (read.AchievementId is not { } achievementId) return (Validation(StatusCodes.Status400BadRequest, errors), null);
        var learnerKey = LearnerKey(read);
        var found = known is null ? await FindAsync(achievementId, learnerKey, read.CompletedOn, ct) : Known(known, achievementId, learnerKey, read.CompletedOn);
        if (found is null) return (Problem(StatusCodes.Status404NotFound, t["Problem_AchievementUnknown"].Value), null);
        var achievement = found.Achievement;
        if (achievement.InstitutionId != client.InstitutionId) return (Problem(StatusCodes.Status403Forbidden, t["Problem_OtherInstitution"].Value), null);
        // Reported before (even if revoked since): the same award, never a second one.
        if (found.Earlier is { } earlier && !unreadable) return (Existing(earlier), null);

        ResolvedRecipient? recipient = null;
        if (read.LearnerKind is { } kind && read.LearnerId is { } learnerId && !errors.Has("learner.id"))
        {
            recipient = known is not null && kind == RecipientKind.Email
                ? RecipientResolver.ResolveEmail(learnerId, known.Learners)
                : await recipients.ResolveAsync(kind, learnerId, achievement.Issuer!.Faculty!.Institution!.Identifier, ct);
            if (recipient is null) errors.Add("learner.id", t["Read_EduIdUnknown"].Value);
        }
        var request = new AwardRequest
        {
            AchievementId = achievement.Id, RecipientPersonId = recipient?.Person?.Id, RecipientIdentity = recipient?.Identity ?? "",
            RecipientIdentityType = recipient?.IdentityType ?? RecipientTypes.EmailAddress, CompletedOn = read.CompletedOn, Grade = read.Grade,
            Narrative = read.Narrative, Evidence = read.Evidence, Client = client.Client,
        };
        return (null, new Checked(read, unreadable, learnerKey, achievement, recipient, request));
    }

    // The policy's verdict on a read completion: its answer, or the award to store.
    private async Task<Prepared> DecideAsync(Awarder.ApiClient client, Checked c, PolicyVerdict verdict, Guid? answerRecord, CancellationToken ct)
    {
        var (read, unreadable, learnerKey, achievement, _, request) = c;
        var errors = read.Errors;
        if (verdict.Errors.TryGetValue(AwardService.RightKey, out var refused)) return Problem(StatusCodes.Status403Forbidden, refused[0]);
        foreach (var (key, messages) in verdict.Errors)
        {
            var path = CompletionReader.PathOf(key);
            if (!errors.Has(path)) messages.ForEach(m => errors.Add(path, m));
        }
        if (errors.Any)
        {
            // The learner already holds this award for this very completion (e.g. awarded by staff): that is the answer.
            if (errors.Items.All(e => e.Key == "learner.id") && learnerKey is not null && await HeldForSameCompletionAsync(request, ct) is { } held)
                return await RecordAndAnswerExistingAsync(achievement, learnerKey, request, held, client.ClientId, ct);
            return Validation(unreadable ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity, errors);
        }

        var completedOn = read.CompletedOn!.Value;
        return new Prepared(null, new PendingCompletion(new PendingAward(client, request, achievement, verdict.Recipient, (group, award) =>
        {
            group.Completions.Add(new Completion
            {
                Id = Guid.CreateVersion7(), InstitutionId = achievement.InstitutionId, AchievementId = achievement.Id, LearnerKey = learnerKey!,
                CompletedOn = completedOn, AwardId = award.Id, ClientId = client.ClientId, CreatedAt = award.CreatedAt,
            });
            if (answerRecord is { } record)
                IdempotencyStore.CompleteAlong(group, clock, record, StatusCodes.Status201Created,
                    ResultsApi.Serialize(Answer(AwardSummary.Of(award), existing: false)));
        }, CultureInfo.CurrentUICulture), learnerKey!, answerRecord));
    }

    // The answer once the award's group was stored (or refused).
    private async Task<CompletionResult> FinishAsync(PendingCompletion pending, AwardOutcome? outcome, CancellationToken ct)
    {
        if (outcome?.Award is { } stored)
            return new CompletionResult(StatusCodes.Status201Created, Answer(AwardSummary.Of(stored), existing: false), null, pending.AnswerRecord is not null);
        // The credential could not be signed from this completion's data: refused, nothing stored.
        if (outcome is { Succeeded: false })
            return Validation(StatusCodes.Status422UnprocessableEntity, PathsOf(outcome.Errors));

        var (_, request, achievement, _, _, _) = pending.Award;
        var (learnerKey, completedOn, client) = (pending.LearnerKey, request.CompletedOn!.Value, (Awarder.ApiClient)pending.Award.Awarder);
        // A unique index refused it: a concurrent retry stored this completion first, or another flow the learner's award.
        var other = await db.Completions.AsNoTracking()
            .Where(c => c.AchievementId == achievement.Id && c.LearnerKey == learnerKey && c.CompletedOn == completedOn)
            .Select(c => (Guid?)c.AwardId).FirstOrDefaultAsync(ct);
        if (other is { } awardId) return await ExistingAsync(awardId, ct);
        return await HeldForSameCompletionAsync(request, ct) is { } heldBefore
            ? await RecordAndAnswerExistingAsync(achievement, learnerKey!, request, heldBefore, client.ClientId, ct)
            : Validation(StatusCodes.Status422UnprocessableEntity, AlreadyAwarded());
    }

    /// <summary>What an answer says about an award.</summary>
    private sealed record AwardSummary(Guid Id, AwardState State, Guid AchievementId, DateOnly CompletedOn, DateTime IssuedAt)
    {
        public static AwardSummary Of(Award a) => new(a.Id, a.State, a.AchievementId, a.CompletedOn, a.IssuedAt);
    }

    private sealed record Found(Achievements.Achievement Achievement, AwardSummary? Earlier);

    // The definition with Issuer → Faculty → Institution and, in the same round trip, the award of this very completion when it
    // was reported before.
    private async Task<Found?> FindAsync(Guid achievementId, string? learnerKey, DateOnly? completedOn, CancellationToken ct)
    {
        // Without a readable learner or date nothing can match (no stored key is empty).
        var key = completedOn is null ? "" : learnerKey ?? "";
        var day = completedOn ?? DateOnly.MinValue;
        // The natural key is unique, so the left joins add at most one completion and its award (no APPLY needed, which SQLite
        // lacks). They start from the completion's unique index and reach the award by its key: starting from the definition's awards
        // and testing each for the completion read every award of the definition (≈ 1.7 ms of PostgreSQL per award at 100k).
        var row = await (
                from a in db.Achievements.AsNoTracking().Where(a => a.Id == achievementId)
                from c in db.Completions.Where(c => c.AchievementId == achievementId && c.LearnerKey == key && c.CompletedOn == day).DefaultIfEmpty()
                from w in db.Awards.Where(w => w.Id == c!.AwardId).DefaultIfEmpty()
                select new
                {
                    Achievement = a, a.Issuer, a.Issuer!.Faculty, a.Issuer.Faculty!.Institution,
                    Earlier = w == null ? null : new AwardSummary(w.Id, w.State, w.AchievementId, w.CompletedOn, w.IssuedAt),
                })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        row.Faculty!.Institution = row.Institution;
        row.Issuer!.Faculty = row.Faculty;
        row.Achievement.Issuer = row.Issuer;
        return new Found(row.Achievement, row.Earlier);
    }

    // FindAsync's answer from what a batch read beforehand.
    private static Found? Known(Lookups known, Guid achievementId, string? learnerKey, DateOnly? completedOn) =>
        known.Definitions.GetValueOrDefault(achievementId) is not { } a ? null
            : new Found(a, completedOn is { } day && learnerKey is not null ? known.Earlier.GetValueOrDefault((achievementId, learnerKey, day)) : null);

    private static IQueryable<Achievements.Achievement> WithInstitution(IQueryable<Achievements.Achievement> query) =>
        query.Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution);

    /// <summary>The natural key's learner part, e.g. <c>emailAddress:ann@example.org</c>, as the award will hash it (null when unreadable).</summary>
    private static string? LearnerKey(CompletionRead read)
    {
        if (read.LearnerId is not { } id) return null;
        var type = read.LearnerKind switch
        {
            RecipientKind.Email => RecipientTypes.EmailAddress,
            RecipientKind.Eppn => RecipientTypes.Eppn,
            RecipientKind.EduId => RecipientTypes.Identifier,
            _ => null,
        };
        return type is null ? null : $"{type}:{RecipientTypes.Normalize(type, id)}";
    }

    private async Task<Award?> HeldForSameCompletionAsync(AwardRequest r, CancellationToken ct)
    {
        var identity = AwardPolicy.Identity(r);
        return await db.Awards.Held().AsNoTracking().Where(w => w.AchievementId == r.AchievementId && w.CompletedOn == r.CompletedOn
                && (w.RecipientIdentity == identity || (r.RecipientPersonId != null && w.RecipientPersonId == r.RecipientPersonId)))
            .FirstOrDefaultAsync(ct);
    }

    private async Task<CompletionResult> RecordAndAnswerExistingAsync(Achievements.Achievement a, string learnerKey, AwardRequest r, Award held,
        string clientId, CancellationToken ct)
    {
        db.Completions.Add(new Completion
        {
            Id = Guid.CreateVersion7(), InstitutionId = a.InstitutionId, AchievementId = a.Id, LearnerKey = learnerKey, CompletedOn = r.CompletedOn!.Value,
            AwardId = held.Id, ClientId = clientId, CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear(); // recorded by a concurrent retry
        }
        return new CompletionResult(StatusCodes.Status200OK, Answer(AwardSummary.Of(held), existing: true), null);
    }

    private async Task<CompletionResult> ExistingAsync(Guid awardId, CancellationToken ct) => Existing(await db.Awards.AsNoTracking()
        .Where(w => w.Id == awardId).Select(w => new AwardSummary(w.Id, w.State, w.AchievementId, w.CompletedOn, w.IssuedAt)).FirstAsync(ct));

    private CompletionResult Existing(AwardSummary award) => new(StatusCodes.Status200OK, Answer(award, existing: true), null);

    private CompletionResponse Answer(AwardSummary award, bool existing) => new(award.Id, StateName(award.State), award.AchievementId, award.CompletedOn,
        award.IssuedAt, existing, new CompletionLinks(origin.Url($"/badges/{award.Id}"), origin.Url($"/manage/awards/{award.Id}"),
            origin.Url($"/manage/awards/{award.Id}/credential.json")));

    /// <summary>The API's name for an award state: issued, awaitingClaim, revoked, …</summary>
    public static string StateName(AwardState state) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(state.ToString());

    // The policy's problems under the API's field names (JSON paths).
    private static Problems PathsOf(Dictionary<string, List<string>> errors)
    {
        var problems = new Problems();
        foreach (var (key, messages) in errors) messages.ForEach(m => problems.Add(CompletionReader.PathOf(key), m));
        return problems;
    }

    private Problems AlreadyAwarded()
    {
        var problems = new Problems();
        problems.Add("learner.id", t["Problem_AlreadyAwarded"].Value);
        return problems;
    }

    private CompletionResult Problem(int status, string title) =>
        new(status, null, new ProblemDetails { Status = status, Title = title, Type = ProblemTypes.ForStatus(origin, status) });

    private CompletionResult Validation(int status, Problems errors)
    {
        var problem = errors.ToValidationProblem(status, t["Problem_Validation"].Value);
        problem.Type = ProblemTypes.ForStatus(origin, status);
        return new(status, null, problem);
    }
}
