using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Laurel.Features.Achievements;
using Laurel.Features.Identity;
using Laurel.Features.Identity.ApiClients;
using Laurel.Features.Identity.Authorization;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Issuing;

/// <summary>The outcome of the policy for one row: every problem (field → messages) plus what was loaded to decide it.</summary>
public sealed record PolicyVerdict(Dictionary<string, List<string>> Errors, Achievement? Achievement, Person? Recipient)
{
    public bool Allowed => Errors.Count == 0;
}

/// <summary>
/// The one place every award rule lives, used by every flow (staff page, direct award, bulk CSV, learner requests, results API,
/// VC-API). Reports all problems at once per field in the caller's language. The batch form checks many rows with a handful
/// of queries whatever their number. The database enforces the duplicate rule too (unique filtered indexes on Awards), so two
/// concurrent requests that both pass here cannot both be stored.
/// </summary>
public sealed class AwardPolicy(LaurelDb db, TimeProvider clock, StaffAuthorizer authorizer, IStringLocalizer<PolicyText> t)
{
    public const int MaxGradeLength = 100;
    public const int MaxNarrativeLength = 5_000;
    public const int MaxEvidence = 10;
    public const int MaxEvidenceTextLength = 1_000;
    public const int MaxScheduleDays = 366;
    /// <summary>eduPersonAffiliation value an institution's own identity provider gives its enrolled (initial) students.</summary>
    public const string StudentAffiliation = "student";

    /// <summary>Error key for "the actor may not award this" (APIs answer 403 for it).</summary>
    public const string RightKey = "Right";

    /// <summary>The definition with Issuer → Faculty → Institution, or null.</summary>
    public Task<Achievement?> FindAchievementAsync(Guid id, CancellationToken ct) =>
        WithInstitution().FirstOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>Staff with the Award right on the definition, or an active API client of its institution allowed to write awards.</summary>
    public Task<bool> MayAwardAsync(ClaimsPrincipal actor, Achievement achievement, CancellationToken ct) =>
        MayAwardAsync(Awarder.Of(actor), achievement, ct);

    /// <summary>
    /// The Award right on the definition, asked through the one authorization handler (StaffRightHandler). Staff: their roles.
    /// API client: a definition of its own institution, a scope that allows awarding (awards:write or results:write) and the
    /// client not revoked.
    /// </summary>
    public Task<bool> MayAwardAsync(Awarder awarder, Achievement achievement, CancellationToken ct) =>
        MayAwardAsync(awarder, achievement.Id, achievement.InstitutionId);

    /// <summary>The right to change an existing award (revoke, suspend, reinstate, cancel): the Award right on its definition.
    /// Every service that changes an award asks this at its entry, so none trusts its caller.</summary>
    public Task<bool> MayChangeAsync(Awarder awarder, Award award, CancellationToken ct) =>
        MayAwardAsync(awarder, award.AchievementId, award.InstitutionId);

    private Task<bool> MayAwardAsync(Awarder awarder, Guid achievementId, Guid institutionId) =>
        authorizer.AllowsAsync(PrincipalOf(awarder), StaffRight.Award, StaffResource.Achievement(achievementId, institutionId) with
        {
            ClientConfirmedActive = awarder is Awarder.ApiClient { ConfirmedActive: true },
        });

    // The handler judges a principal; for an API client the Awarder's client id, institution and scopes are the truth (a caller
    // may narrow them), so the handler gets exactly those as claims.
    private static ClaimsPrincipal PrincipalOf(Awarder awarder) => awarder is Awarder.ApiClient client
        ? new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ApiClientAuthentication.ClientIdClaim, client.ClientId),
                .. client.InstitutionId is { } id ? [new Claim(ApiClientAuthentication.InstitutionIdClaim, id.ToString())] : Array.Empty<Claim>(),
                .. client.Scopes.Select(scope => new Claim(ApiClientAuthentication.ScopeClaim, scope)),
            ], ApiClientAuthentication.Scheme))
        : awarder.Principal;

    /// <summary>The answer of a service whose awarder lacks the right: only <see cref="RightKey"/>; pages answer 403, APIs a 403 problem.</summary>
    public Dictionary<string, List<string>> Refused() => new() { [RightKey] = [t["Check_NoAwardRight"].Value] };

    public async Task<PolicyVerdict> CheckAsync(ClaimsPrincipal actor, AwardRequest request, CancellationToken ct) =>
        (await CheckManyAsync(Awarder.Of(actor), [request], ct))[0];

    /// <summary>
    /// Checks one request against the definition (with Issuer → Faculty → Institution) and the learner the caller has just read
    /// (the results API reads them once per completion): the same rules, without reading them again. The learner must be one
    /// that is not archived (as LearnerLookup and RecipientResolver find them); their linked identities are read here only when
    /// the initial-student rule needs them.
    /// </summary>
    public async Task<PolicyVerdict> CheckAsync(Awarder awarder, AwardRequest request, Achievement achievement, Person? recipient, CancellationToken ct)
    {
        if (request.AchievementId != achievement.Id || request.RecipientPersonId != recipient?.Id)
            throw new ArgumentException("The definition and learner must be the ones the request names.", nameof(request));
        var persons = recipient is null ? [] : new Dictionary<Guid, Person> { [recipient.Id] = recipient };
        if (recipient is not null && NeedsAffiliations(request, achievement))
        {
            // A tracked learner gets them through its change tracker (a replaced collection would be saved as new rows).
            if (db.Entry(recipient).State == EntityState.Detached)
                recipient.Identities = await db.LinkedIdentities.AsNoTracking().Where(i => i.PersonId == recipient.Id).ToListAsync(ct);
            else await db.Entry(recipient).Collection(p => p.Identities).LoadAsync(ct);
        }
        return (await CheckLoadedAsync(awarder, [request], new() { [achievement.Id] = achievement }, persons, exceptAwardId: null, ct))[0];
    }

    /// <summary>
    /// <see cref="CheckAsync(Awarder, AwardRequest, Achievement, Person?, CancellationToken)"/> for many rows at once (the results
    /// API's batch): definitions and learners as the caller read them, one duplicate-check query for all rows, linked identities in
    /// one query when the initial-student rule needs them. Unlike <see cref="CheckManyAsync(Awarder, IReadOnlyList{AwardRequest}, CancellationToken)"/>
    /// rows do not refuse each other: each is judged as if it came alone, and the unique indexes settle two rows for the same learner
    /// (the second finds the first's award).
    /// </summary>
    public async Task<IReadOnlyList<PolicyVerdict>> CheckLoadedAsync(Awarder awarder,
        IReadOnlyList<(AwardRequest Request, Achievement Achievement, Person? Recipient)> rows, CancellationToken ct)
    {
        foreach (var (request, achievement, recipient) in rows)
            if (request.AchievementId != achievement.Id || request.RecipientPersonId != recipient?.Id)
                throw new ArgumentException("The definition and learner must be the ones the request names.", nameof(rows));
        var achievements = new Dictionary<Guid, Achievement>();
        var persons = new Dictionary<Guid, Person>();
        foreach (var (_, achievement, recipient) in rows)
        {
            achievements.TryAdd(achievement.Id, achievement);
            if (recipient is not null) persons.TryAdd(recipient.Id, recipient);
        }
        var needing = rows.Where(r => r.Recipient is not null && NeedsAffiliations(r.Request, r.Achievement)).Select(r => r.Recipient!.Id).Distinct().ToList();
        if (needing.Count > 0)
        {
            var identities = (await db.LinkedIdentities.AsNoTracking().Where(i => needing.Contains(i.PersonId)).ToListAsync(ct)).ToLookup(i => i.PersonId);
            foreach (var id in needing)
                if (db.Entry(persons[id]).State == EntityState.Detached) persons[id].Identities = [.. identities[id]];
                else await db.Entry(persons[id]).Collection(p => p.Identities).LoadAsync(ct);
        }
        return await CheckLoadedAsync(awarder, [.. rows.Select(r => r.Request)], achievements, persons, exceptAwardId: null, ct, refuseRepeats: false);
    }

    public Task<IReadOnlyList<PolicyVerdict>> CheckManyAsync(ClaimsPrincipal actor, IReadOnlyList<AwardRequest> rows, CancellationToken ct) =>
        CheckManyAsync(Awarder.Of(actor), rows, ct);

    /// <summary>Checks many rows (bulk, batch API) with few queries; a row's problems never affect another row, except that
    /// the second row for the same learner and definition is refused as a duplicate.</summary>
    public Task<IReadOnlyList<PolicyVerdict>> CheckManyAsync(Awarder awarder, IReadOnlyList<AwardRequest> rows, CancellationToken ct) =>
        CheckManyAsync(awarder, rows, exceptAwardId: null, ct);

    /// <summary>Checks a request again for an award that already exists (a scheduled award on its date): that award itself
    /// does not count as the learner's earlier award.</summary>
    public async Task<PolicyVerdict> CheckExistingAsync(ClaimsPrincipal actor, AwardRequest request, Guid awardId, CancellationToken ct) =>
        (await CheckManyAsync(Awarder.Of(actor), [request], awardId, ct))[0];

    private async Task<IReadOnlyList<PolicyVerdict>> CheckManyAsync(Awarder awarder, IReadOnlyList<AwardRequest> rows, Guid? exceptAwardId,
        CancellationToken ct)
    {
        var achievementIds = rows.Select(r => r.AchievementId).Distinct().ToList();
        var achievements = await WithInstitution().Where(a => achievementIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var personIds = rows.Where(r => r.RecipientPersonId is not null).Select(r => r.RecipientPersonId!.Value).Distinct().ToList();
        var persons = personIds.Count == 0 ? [] : await db.Persons.Include(p => p.Identities)
            .Where(p => personIds.Contains(p.Id) && p.ArchivedAt == null).ToDictionaryAsync(p => p.Id, ct);
        return await CheckLoadedAsync(awarder, rows, achievements, persons, exceptAwardId, ct);
    }

    /// <summary>Up to this many learners, held awards are looked up by learner alone (a results-API batch is at most 500).</summary>
    private const int ByLearnerOnly = 1_000;

    private async Task<IReadOnlyList<PolicyVerdict>> CheckLoadedAsync(Awarder awarder, IReadOnlyList<AwardRequest> rows,
        Dictionary<Guid, Achievement> achievements, Dictionary<Guid, Person> persons, Guid? exceptAwardId, CancellationToken ct,
        bool refuseRepeats = true)
    {
        var achievementIds = achievements.Keys.ToList();
        var rights = new Dictionary<Guid, bool>();
        foreach (var a in achievements.Values) rights[a.Id] = await MayAwardAsync(awarder, a, ct);
        var personIds = rows.Where(r => r.RecipientPersonId is not null).Select(r => r.RecipientPersonId!.Value).Distinct().ToList();

        var identities = rows.Select(Identity).OfType<string>().Distinct().ToList();
        var others = exceptAwardId is { } except ? db.Awards.Where(w => w.Id != except).Held() : db.Awards.Held();
        // Up to a results-API batch, by learner only and the definitions matched here (issue 18): a learner holds a handful of awards,
        // but a definition can hold thousands more than PostgreSQL's statistics know of (a results season between two ANALYZE runs).
        // Naming the definition let PostgreSQL 15 plan "every held award of the definition, filtered by learner" (it prices
        // "= ANY(array)" on an index's second column per element and drops it for a filter once it believes the definition is nearly
        // empty), which grows with the definition; without it the only usable indexes lead with the learner (UX_Awards_Held_Identity
        // is (RecipientIdentity, AchievementId), IX_Awards_RecipientPersonId). ResultsLookupPlanTests holds this. A bulk file's
        // thousands of learners name the definition, so that their other awards are not read as well.
        if (identities.Count + personIds.Count > ByLearnerOnly) others = others.Where(w => achievementIds.Contains(w.AchievementId));
        var byIdentity = identities.Count == 1 && identities[0] is var onlyIdentity
            ? others.Where(w => w.RecipientIdentity == onlyIdentity)
            : others.Where(w => identities.Contains(w.RecipientIdentity));
        var byPerson = personIds.Count == 1 && personIds[0] is var onlyPerson
            ? others.Where(w => w.RecipientPersonId == onlyPerson)
            : others.Where(w => w.RecipientPersonId != null && personIds.Contains(w.RecipientPersonId.Value));
        var held = achievementIds.Count == 0 || identities.Count + personIds.Count == 0 ? []
            : (await (personIds.Count == 0 ? byIdentity : identities.Count == 0 ? byPerson : byIdentity.Concat(byPerson))
                .Select(w => new { w.AchievementId, w.RecipientIdentity, w.RecipientPersonId }).ToListAsync(ct))
                .Where(w => achievements.ContainsKey(w.AchievementId)).ToList();
        var heldKeys = held.Select(w => (w.AchievementId, w.RecipientIdentity))
            .Concat(held.Where(w => w.RecipientPersonId != null).Select(w => (w.AchievementId, w.RecipientPersonId!.Value.ToString())))
            .ToHashSet();

        var seen = new HashSet<(Guid, string)>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var verdicts = new List<PolicyVerdict>(rows.Count);
        foreach (var row in rows)
        {
            var achievement = achievements.GetValueOrDefault(row.AchievementId);
            var person = row.RecipientPersonId is { } pid ? persons.GetValueOrDefault(pid) : null;
            var errors = CheckRow(row, achievement, person, achievement is not null && rights[achievement.Id], today);
            var identity = Identity(row);
            if (achievement is not null && identity is not null && !errors.ContainsKey("Recipient"))
            {
                var keys = new List<(Guid, string)> { (achievement.Id, identity) };
                if (person is not null) keys.Add((achievement.Id, person.Id.ToString()));
                if (keys.Any(heldKeys.Contains)) Add(errors, "Recipient", "Check_AlreadyAwarded");
                else if (refuseRepeats && !keys.All(seen.Add)) Add(errors, "Recipient", "Check_DuplicateInBatch");
            }
            verdicts.Add(new PolicyVerdict(errors, achievement, person));
        }
        return verdicts;
    }

    private Dictionary<string, List<string>> CheckRow(AwardRequest r, Achievement? a, Person? person, bool mayAward, DateOnly today)
    {
        var errors = new Dictionary<string, List<string>>();
        var institution = a?.Issuer?.Faculty?.Institution;
        if (a is null) Add(errors, "Achievement", "Check_AchievementUnknown");
        else
        {
            if (a.ArchivedAt is not null) Add(errors, "Achievement", "Check_AchievementArchived");
            else if (a.Status != AchievementStatus.Published) Add(errors, "Achievement", "Check_AchievementNotPublished");
            if (!mayAward) Add(errors, RightKey, "Check_NoAwardRight");
        }

        CheckRecipient(errors, r, person, institution);
        if (a is { Kind: AchievementKind.MicroCredential } && institution is { ContinuingEducationOnly: true } && IsInitialStudent(r, person, institution))
            Add(errors, "Recipient", "Check_InitialStudent", institution.Name(Language));

        if (r.CompletedOn is not { } completed) Add(errors, "CompletedOn", "Check_CompletedOnRequired");
        else if (completed > today) Add(errors, "CompletedOn", "Check_CompletedOnFuture");
        else if (a?.Kind == AchievementKind.MicroCredential && institution is not null && completed < institution.MicroCredentialStartDate)
            Add(errors, "CompletedOn", "Check_CompletedOnBeforeStart", institution.MicroCredentialStartDate.ToString("d", CultureInfo.CurrentCulture));
        if (r.ScheduledFor is { } scheduled)
        {
            if (scheduled <= today) Add(errors, "ScheduledFor", "Check_ScheduledNotFuture");
            else if (scheduled > today.AddDays(MaxScheduleDays)) Add(errors, "ScheduledFor", "Check_ScheduledTooFar", MaxScheduleDays);
        }

        if (a?.GradeRequired == true && string.IsNullOrWhiteSpace(r.Grade)) Add(errors, "Grade", "Check_GradeRequired");
        else if ((r.Grade?.Trim().Length ?? 0) > MaxGradeLength) Add(errors, "Grade", "Check_TooLong", MaxGradeLength);
        if (a?.NarrativeRequired == true && string.IsNullOrWhiteSpace(r.Narrative)) Add(errors, "Narrative", "Check_NarrativeRequired");
        else if ((r.Narrative?.Length ?? 0) > MaxNarrativeLength) Add(errors, "Narrative", "Check_TooLong", MaxNarrativeLength);
        if (!errors.ContainsKey("Grade") && HasControlCharacter(r.Grade)) Add(errors, "Grade", "Check_ControlCharacter");
        if (!errors.ContainsKey("Narrative") && HasControlCharacter(r.Narrative)) Add(errors, "Narrative", "Check_ControlCharacter");
        CheckEvidence(errors, r, a);
        return errors;
    }

    private void CheckRecipient(Dictionary<string, List<string>> errors, AwardRequest r, Person? person, Institution? institution)
    {
        if (r.RecipientPersonId is not null && person is null) Add(errors, "Recipient", "Check_RecipientUnknown");
        else if (string.IsNullOrWhiteSpace(r.RecipientIdentity)) Add(errors, "Recipient", "Check_RecipientRequired");
        else if (r.RecipientIdentityType is not (RecipientTypes.EmailAddress or RecipientTypes.Identifier or RecipientTypes.Eppn)
            || (r.RecipientIdentityType is RecipientTypes.EmailAddress or RecipientTypes.Eppn && !AwardService.LooksLikeEmail(r.RecipientIdentity))
            || r.RecipientIdentity.Trim().Length > 320)
            Add(errors, "Recipient", "Check_RecipientInvalid");
        else if (r.RecipientIdentityType == RecipientTypes.Eppn && institution?.EppnPattern is { Length: > 0 } pattern
            && !MatchesPattern(r.RecipientIdentity.Trim(), pattern))
            Add(errors, "Recipient", "Check_EppnPattern", institution.Name(Language), pattern);
    }

    private void CheckEvidence(Dictionary<string, List<string>> errors, AwardRequest r, Achievement? a)
    {
        var evidence = r.Evidence.ToList();
        var filled = evidence.Count(e => !IsEmpty(e));
        if (a?.EvidenceRequired == true && filled == 0) Add(errors, "Evidence", "Check_EvidenceRequired");
        if (filled > MaxEvidence) Add(errors, "Evidence", "Check_TooMuchEvidence", MaxEvidence);
        for (var i = 0; i < evidence.Count; i++)
        {
            var e = evidence[i];
            if (IsEmpty(e)) continue;
            if (!string.IsNullOrWhiteSpace(e.Url) && !AchievementRules.IsWebUrl(e.Url)) Add(errors, $"Evidence[{i}].Url", "Check_EvidenceUrl", i + 1);
            if (string.IsNullOrWhiteSpace(e.Url) && string.IsNullOrWhiteSpace(e.Name)) Add(errors, $"Evidence[{i}].Name", "Check_EvidenceNameOrUrl", i + 1);
            if ((e.Name?.Length ?? 0) > MaxEvidenceTextLength || (e.Description?.Length ?? 0) > MaxEvidenceTextLength)
                Add(errors, $"Evidence[{i}].Description", "Check_TooLong", MaxEvidenceTextLength);
            else if (HasControlCharacter(e.Name)) Add(errors, $"Evidence[{i}].Name", "Check_ControlCharacter");
            else if (HasControlCharacter(e.Description)) Add(errors, $"Evidence[{i}].Description", "Check_ControlCharacter");
        }
    }

    /// <summary>
    /// A control character other than tab and line breaks (NUL above all), or half of a surrogate pair: such text cannot be
    /// stored (PostgreSQL refuses NUL in text and JSON) and has no place in a signed credential, so the field is refused.
    /// </summary>
    public static bool HasControlCharacter(string? text)
    {
        if (text is null) return false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\t' or '\r' or '\n') continue;
            if (char.IsControl(c)) return true;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return true;
        }
        return false;
    }

    /// <summary>
    /// The award row decides when it says so; otherwise a "student" affiliation from the institution's own identity provider
    /// (a linked account of that home organisation) marks an enrolled, initial student.
    /// </summary>
    // The initial-student rule reads the learner's linked identities (affiliations) only for micro-credentials of
    // continuing-education-only institutions when the row does not say.
    private static bool NeedsAffiliations(AwardRequest r, Achievement a) => r.InitialStudent is null && a.Kind == AchievementKind.MicroCredential
        && a.Issuer?.Faculty?.Institution is { ContinuingEducationOnly: true };

    public static bool IsInitialStudent(AwardRequest r, Person? person, Institution institution) =>
        r.InitialStudent ?? person?.Identities.Any(i => string.Equals(i.HomeOrganisation, institution.Identifier, StringComparison.OrdinalIgnoreCase)
            && i.Affiliations.Any(x => string.Equals(x, StudentAffiliation, StringComparison.OrdinalIgnoreCase))) ?? false;

    public static bool MatchesPattern(string eppn, string pattern)
    {
        try
        {
            return Regex.IsMatch(eppn, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            return false; // A broken or pathological pattern refuses rather than lets anything through.
        }
    }

    /// <summary>The identity as stored and compared (null when missing or of an unknown type).</summary>
    public static string? Identity(AwardRequest r) =>
        string.IsNullOrWhiteSpace(r.RecipientIdentity) ? null : RecipientTypes.Normalize(r.RecipientIdentityType, r.RecipientIdentity);

    public static bool IsEmpty(AwardEvidence e) =>
        string.IsNullOrWhiteSpace(e.Url) && string.IsNullOrWhiteSpace(e.Name) && string.IsNullOrWhiteSpace(e.Description);

    private static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "nl";

    private IQueryable<Achievement> WithInstitution() =>
        db.Achievements.Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution);

    private void Add(Dictionary<string, List<string>> errors, string field, string key, params object[] args) =>
        (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(t[key, args].Value);
}

/// <summary>Queries on award states shared by the flows.</summary>
public static class AwardQueries
{
    /// <summary>Awards the learner holds or will hold (<see cref="Award.HeldStates"/>), spelled out so every provider translates it.</summary>
    public static IQueryable<Award> Held(this IQueryable<Award> awards) => awards.Where(w => w.State == AwardState.Issued
        || w.State == AwardState.Suspended || w.State == AwardState.Scheduled || w.State == AwardState.AwaitingClaim);
}
