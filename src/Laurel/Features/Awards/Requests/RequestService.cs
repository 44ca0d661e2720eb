using System.Security.Claims;
using Laurel.Features.Achievements;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Features.Identity.Authorization;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Requests;

/// <summary>What a learner fills in on the request form.</summary>
public sealed record RequestInput(string? Motivation, string? EvidenceUrl);

/// <summary>What staff add when approving: the completion date and, per request, a grade.</summary>
public sealed record ApprovalInput(DateOnly? CompletedOn, IReadOnlyDictionary<Guid, string?> Grades);

/// <summary>The outcome of approving one request: the award, or why it stays open.</summary>
public sealed record ApprovalOutcome(Guid RequestId, string AchievementName, string LearnerName, Award? Award, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Award is not null;
}

/// <summary>
/// Learner requests: learners ask for a published achievement; staff with the Award right approve (every approval is an award
/// through <see cref="AwardService"/>, so <see cref="AwardPolicy"/> decides) or deny with a reason. Each decision is audited and
/// the learner (and, for a new request, the awarding staff) gets an e-mail.
/// </summary>
public sealed class RequestService(LaurelDb db, TimeProvider clock, AuditLog audit, AwardService awards, AwardPolicy policy, StaffAccess access,
    RequestMessages messages, IStringLocalizer<RequestsText> t, StaffAuthorizer authorizer)
{
    /// <summary>A published, unarchived definition a learner may request, with its institution; null otherwise.</summary>
    public async Task<Achievement?> FindRequestableAsync(Guid achievementId, CancellationToken ct)
    {
        var a = await policy.FindAchievementAsync(achievementId, ct);
        return a is { Status: AchievementStatus.Published, ArchivedAt: null } ? a : null;
    }

    /// <summary>Creates an open request; returns every problem (field → message) instead when there are any.</summary>
    public async Task<(BadgeRequest? Request, Dictionary<string, string> Errors)> CreateAsync(ClaimsPrincipal learner, Achievement a,
        RequestInput input, CancellationToken ct)
    {
        var personId = StaffAccess.PersonId(learner) ?? throw new InvalidOperationException("Sign-in required.");
        var errors = new Dictionary<string, string>();
        var motivation = Blank(input.Motivation);
        var evidenceUrl = Blank(input.EvidenceUrl);
        if (motivation?.Length > BadgeRequest.MaxMotivationLength) errors["Motivation"] = t["Error_MotivationTooLong", BadgeRequest.MaxMotivationLength];
        if (evidenceUrl is not null && (evidenceUrl.Length > BadgeRequest.MaxUrlLength || !AchievementRules.IsWebUrl(evidenceUrl)))
            errors["EvidenceUrl"] = t["Error_EvidenceUrl"];
        if (await db.BadgeRequests.AnyAsync(r => r.AchievementId == a.Id && r.PersonId == personId && r.State == BadgeRequestState.Open, ct))
            errors["request-title"] = t["Error_AlreadyOpen"];
        else if (await db.Awards.Held().AnyAsync(w => w.AchievementId == a.Id && w.RecipientPersonId == personId, ct))
            errors["request-title"] = t["Error_AlreadyHeld"];
        if (errors.Count > 0) return (null, errors);

        var person = await db.Persons.FirstAsync(p => p.Id == personId, ct);
        var request = new BadgeRequest
        {
            Id = Guid.CreateVersion7(), InstitutionId = a.InstitutionId, AchievementId = a.Id, PersonId = personId, Motivation = motivation,
            EvidenceUrl = evidenceUrl, State = BadgeRequestState.Open, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.BadgeRequests.Add(request);
        audit.Add(learner, "request.created", nameof(BadgeRequest), request.Id, a.InstitutionId,
            new { achievementId = a.Id, personId, hasMotivation = motivation is not null, evidenceUrl });
        await messages.QueueReceivedAsync(request, a, person, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear(); // a double submit: the first one is the open request
            return (null, new() { ["request-title"] = t["Error_AlreadyOpen"] });
        }
        return (request, errors);
    }

    public Task<List<BadgeRequest>> ForLearnerAsync(Guid personId, CancellationToken ct) =>
        WithAchievement().Where(r => r.PersonId == personId).OrderByDescending(r => r.CreatedAt).AsNoTracking().ToListAsync(ct);

    /// <summary>Open requests of every definition the staff member may award (their scope and everything below it).</summary>
    public async Task<List<BadgeRequest>> OpenForStaffAsync(ClaimsPrincipal staff, Guid? achievementId, CancellationToken ct)
    {
        var scope = await AwardableAsync(staff, ct);
        var query = WithAchievement().Include(r => r.Person).AsNoTracking().Where(r => r.State == BadgeRequestState.Open);
        query = query.Where(r => scope.Institutions.Contains(r.InstitutionId) || scope.Faculties.Contains(r.Achievement!.Issuer!.FacultyId)
            || scope.Issuers.Contains(r.Achievement!.IssuerId) || scope.Achievements.Contains(r.AchievementId));
        if (achievementId is { } id) query = query.Where(r => r.AchievementId == id);
        return await query.OrderBy(r => r.CreatedAt).Take(1_000).ToListAsync(ct);
    }

    /// <summary>True when the user holds the Award right anywhere (the requests page is theirs).</summary>
    public async Task<bool> MayAwardAnywhereAsync(ClaimsPrincipal staff, CancellationToken ct) =>
        (await access.MembershipsAsync(staff, ct)).Any(m => StaffAccess.Grants(m.Role, StaffRight.Award));

    public Task<BadgeRequest?> FindAsync(Guid id, CancellationToken ct) =>
        WithAchievement().Include(r => r.Person).FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>
    /// Approves each request independently: an award through <see cref="AwardService"/> (so the policy decides, including the
    /// staff member's right); a refused one stays open with the reasons. Requests the user may not see are reported as unknown.
    /// </summary>
    public async Task<List<ApprovalOutcome>> ApproveAsync(Awarder awarder, IReadOnlyList<Guid> ids, ApprovalInput input, CancellationToken ct)
    {
        var staff = awarder.Principal;
        var outcomes = new List<ApprovalOutcome>();
        foreach (var id in ids.Distinct().Take(500))
        {
            db.ChangeTracker.Clear();
            var request = await FindAsync(id, ct);
            if (request is null || !await authorizer.AllowsAsync(staff, StaffRight.View, StaffResource.Achievement(request.AchievementId)))
            {
                outcomes.Add(new ApprovalOutcome(id, "", "", null, [t["Error_RequestUnknown"]]));
                continue;
            }
            var name = request.Person!.DisplayName;
            if (request.State != BadgeRequestState.Open)
            {
                outcomes.Add(new ApprovalOutcome(id, request.Achievement!.Name, name, null, [t["Error_AlreadyDecided"]]));
                continue;
            }
            var outcome = await awards.AwardAsync(awarder, new AwardRequest
            {
                AchievementId = request.AchievementId, RecipientPersonId = request.PersonId, RecipientIdentity = await LearnerIdentityAsync(request.Person!, ct),
                RecipientIdentityType = VerifiedEmail(request.Person!) is not null ? RecipientTypes.EmailAddress : RecipientTypes.Identifier,
                CompletedOn = input.CompletedOn, Grade = input.Grades.GetValueOrDefault(id),
                Evidence = request.EvidenceUrl is null ? [] : [new AwardEvidence { Url = request.EvidenceUrl, Name = t["EvidenceFromLearner"] }],
            }, ct);
            outcomes.Add(await RecordApprovalAsync(staff, id, outcome, ct) with { AchievementName = request.Achievement!.Name, LearnerName = name });
        }
        return outcomes;
    }

    private async Task<ApprovalOutcome> RecordApprovalAsync(ClaimsPrincipal staff, Guid id, AwardOutcome outcome, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var request = (await db.BadgeRequests.FirstAsync(r => r.Id == id, ct))!;
        var now = clock.GetUtcNow().UtcDateTime;
        if (!outcome.Succeeded)
        {
            var problems = outcome.Errors.SelectMany(e => e.Value).Distinct().ToList();
            request.LastApprovalProblem = string.Join(" ", problems);
            audit.Add(staff, "request.approval-refused", nameof(BadgeRequest), id, request.InstitutionId, new { problems });
            await db.SaveChangesAsync(ct);
            return new ApprovalOutcome(id, "", "", null, problems);
        }
        request.State = BadgeRequestState.Approved;
        request.AwardId = outcome.Award!.Id;
        request.DecidedAt = now;
        request.DecidedByPersonId = StaffAccess.PersonId(staff);
        request.LastApprovalProblem = null;
        audit.Add(staff, "request.approved", nameof(BadgeRequest), id, request.InstitutionId, new { awardId = outcome.Award.Id });
        await db.SaveChangesAsync(ct);
        return new ApprovalOutcome(id, "", "", outcome.Award, []);
    }

    /// <summary>Denies an open request with a mandatory reason; errors by field, or none. Without the Award right on the definition
    /// only <see cref="AwardPolicy.RightKey"/> is answered and nothing changes.</summary>
    public async Task<Dictionary<string, string>> DenyAsync(Awarder awarder, BadgeRequest request, string? reason, CancellationToken ct)
    {
        if (!await authorizer.AllowsAsync(awarder.Principal, StaffRight.Award, StaffResource.Achievement(request.AchievementId, request.InstitutionId)))
            return new() { [AwardPolicy.RightKey] = t["Error_NoRight"] };
        var staff = awarder.Principal;
        var errors = new Dictionary<string, string>();
        var text = Blank(reason);
        if (text is null) errors["Reason"] = t["Error_ReasonRequired"];
        else if (text.Length > BadgeRequest.MaxReasonLength) errors["Reason"] = t["Error_ReasonTooLong", BadgeRequest.MaxReasonLength];
        if (request.State != BadgeRequestState.Open) errors["decision-title"] = t["Error_AlreadyDecided"];
        if (errors.Count > 0) return errors;

        request.State = BadgeRequestState.Denied;
        request.DenialReason = text;
        request.DecidedAt = clock.GetUtcNow().UtcDateTime;
        request.DecidedByPersonId = StaffAccess.PersonId(staff);
        audit.Add(staff, "request.denied", nameof(BadgeRequest), request.Id, request.InstitutionId, new { reason = text, request.AchievementId });
        messages.QueueDenied(request, request.Achievement!, request.Person!);
        await db.SaveChangesAsync(ct);
        return errors;
    }

    // The learner's e-mail is hashed into the credential when verified, otherwise their eduID subject: an unverified address
    // would name someone else as recipient and block that person's own award of it as "already awarded".
    private static string? VerifiedEmail(Person person) => person.EmailVerification.IsVerified() && person.Email is { Length: > 0 } e ? e : null;

    private async Task<string> LearnerIdentityAsync(Person person, CancellationToken ct) => VerifiedEmail(person) is { } email ? email
        : await db.LinkedIdentities.Where(i => i.PersonId == person.Id).OrderBy(i => i.LinkedAt).Select(i => i.Subject).FirstOrDefaultAsync(ct)
            ?? person.Id.ToString();

    private sealed record AwardScope(List<Guid> Institutions, List<Guid> Faculties, List<Guid> Issuers, List<Guid> Achievements);

    private async Task<AwardScope> AwardableAsync(ClaimsPrincipal staff, CancellationToken ct)
    {
        var granting = (await access.MembershipsAsync(staff, ct)).Where(m => StaffAccess.Grants(m.Role, StaffRight.Award)).ToList();
        List<Guid> At(ScopeLevel level) => [.. granting.Where(m => m.Level == level).Select(m => m.ScopeId)];
        return new AwardScope(At(ScopeLevel.Institution), At(ScopeLevel.Faculty), At(ScopeLevel.Issuer), At(ScopeLevel.Achievement));
    }

    private IQueryable<BadgeRequest> WithAchievement() =>
        db.BadgeRequests.Include(r => r.Achievement!).ThenInclude(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
