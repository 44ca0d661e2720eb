using System.Linq.Expressions;

namespace Laurel.Features.Awards;

/// <summary>One reason a transition is refused: the form field it belongs to and the <see cref="AwardsText"/> key (with arguments).</summary>
public sealed record AwardProblem(string Field, string TextKey, params object[] Args)
{
    public const string ActionField = "Action";
    public const string ReasonField = "Reason";
}

/// <summary>
/// The award's state machine in one place. Each transition checks the state it starts from and returns every problem (nothing
/// changed) or none (the award changed and its <see cref="Version"/> went up, so saving it fails when another transition won
/// the race). Set-based paths (claims expiry, bulk) use the same predicates as expressions, and bump <see cref="Version"/> too
/// (<see cref="NextVersion"/>).
/// </summary>
public partial class Award
{
    public const int MaxReasonLength = 1_000;

    /// <summary>
    /// Only a credential the learner holds (in the backpack, or suspended there) can be revoked or suspended: an award still waiting
    /// for its claim is withdrawn instead (<see cref="CanWithdraw"/>), so nobody is told a badge they never saw was revoked.
    /// </summary>
    public static readonly Expression<Func<Award, bool>> CanRevoke =
        a => a.CredentialJson != "" && (a.State == AwardState.Issued || a.State == AwardState.Suspended);
    public static readonly Expression<Func<Award, bool>> CanSuspend = a => a.CredentialJson != "" && a.State == AwardState.Issued;
    /// <summary>An award nobody claimed yet can be withdrawn by staff (a mistake, the wrong person): no e-mail, gone from the claims.</summary>
    public static readonly Expression<Func<Award, bool>> CanWithdraw = a => a.State == AwardState.AwaitingClaim;
    public static readonly Expression<Func<Award, bool>> CanReinstate = a => a.CredentialJson != "" && a.State == AwardState.Suspended;
    /// <summary>Only a scheduled award can be cancelled (before its date).</summary>
    public static readonly Expression<Func<Award, bool>> CanCancel = a => a.State == AwardState.Scheduled;
    /// <summary>Only an award waiting for the learner can be claimed, declined or expire.</summary>
    public static readonly Expression<Func<Award, bool>> CanDecideClaim = a => a.State == AwardState.AwaitingClaim;
    /// <summary>Only a scheduled award is signed on its date (the scheduled-award job).</summary>
    public static readonly Expression<Func<Award, bool>> CanIssueScheduled = a => a.State == AwardState.Scheduled;

    private static readonly Func<Award, bool> CanRevokeNow = CanRevoke.Compile();
    private static readonly Func<Award, bool> CanSuspendNow = CanSuspend.Compile();
    private static readonly Func<Award, bool> CanReinstateNow = CanReinstate.Compile();
    private static readonly Func<Award, bool> CanWithdrawNow = CanWithdraw.Compile();
    private static readonly Func<Award, bool> CanCancelNow = CanCancel.Compile();
    private static readonly Func<Award, bool> CanDecideClaimNow = CanDecideClaim.Compile();
    private static readonly Func<Award, bool> CanIssueScheduledNow = CanIssueScheduled.Compile();

    /// <summary>For set-based updates: <c>s.SetProperty(a => a.Version, Award.NextVersion)</c>.</summary>
    public static readonly Expression<Func<Award, int>> NextVersion = a => a.Version + 1;

    /// <summary>Revocation is final (Bitstring "revocation" purpose); the caller sets the status-list bits.</summary>
    public List<AwardProblem> Revoke(DateTime now, string? reason)
    {
        var problems = StatusProblems(CanRevokeNow(this));
        ReasonProblems(reason, problems);
        if (problems.Count > 0) return problems;
        Move(AwardState.Revoked, now);
        RevokedAt = now;
        RevocationReason = reason!.Trim();
        return problems;
    }

    public List<AwardProblem> Suspend(DateTime now, string? reason)
    {
        var problems = StatusProblems(CanSuspendNow(this));
        ReasonProblems(reason, problems);
        if (problems.Count > 0) return problems;
        Move(AwardState.Suspended, now);
        SuspendedAt = now;
        SuspensionReason = reason!.Trim();
        return problems;
    }

    /// <summary>
    /// Staff take back an award that still waits for its claim. Final, like revocation (the caller sets the revocation bit so a copy
    /// of the signed credential never verifies), but the learner is not mailed: they never held it. The reason is kept for staff.
    /// </summary>
    public List<AwardProblem> Withdraw(DateTime now, string? reason)
    {
        var problems = CanWithdrawNow(this) ? [] : new List<AwardProblem> { new(AwardProblem.ActionField, "Status_NotWaiting") };
        ReasonProblems(reason, problems);
        if (problems.Count > 0) return problems;
        Move(AwardState.Withdrawn, now);
        RevokedAt = now;
        RevocationReason = reason!.Trim();
        return problems;
    }

    public List<AwardProblem> Reinstate(DateTime now)
    {
        var problems = StatusProblems(CanReinstateNow(this));
        if (problems.Count > 0) return problems;
        Move(AwardState.Issued, now);
        return problems;
    }

    /// <summary>
    /// A new award's first state (it has no earlier one): <see cref="AwardState.Scheduled"/> for a future date, otherwise what
    /// <see cref="Claims.ClaimRules.StateOnIssue"/> decided (in the backpack, or awaiting the learner's claim).
    /// </summary>
    public List<AwardProblem> Schedule(DateTime now) => Start(AwardState.Scheduled, now);

    /// <inheritdoc cref="Schedule"/>
    public List<AwardProblem> Issue(AwardState to, DateTime now)
    {
        if (to is not (AwardState.Issued or AwardState.AwaitingClaim)) return [WrongState()];
        // A scheduled award is signed on its date (the job); anything else is a new award getting its first state.
        if (CanIssueScheduledNow(this))
        {
            Move(to, now);
            LeasedUntil = null;
            return [];
        }
        return Start(to, now);
    }

    /// <summary>The learner accepts a waiting award (or it is accepted for them: the definition needs no claim).</summary>
    public List<AwardProblem> Claim(DateTime now) => Decide(AwardState.Issued, now);

    public List<AwardProblem> Decline(DateTime now) => Decide(AwardState.Declined, now);

    /// <summary>Nobody claimed it in time (the caller makes its credential never verify).</summary>
    public List<AwardProblem> Expire(DateTime now) => Decide(AwardState.Expired, now);

    /// <summary>A scheduled award ends before anything was signed: staff cancelled it, or the rules refused it on its date.</summary>
    public List<AwardProblem> Cancel(DateTime now, IEnumerable<AwardCancellationReason> reasons)
    {
        if (!CanCancelNow(this)) return [WrongState()];
        Move(AwardState.Cancelled, now);
        CancelledAt = now;
        CancellationReasons = [.. reasons];
        LeasedUntil = null;
        return [];
    }

    private List<AwardProblem> Decide(AwardState to, DateTime now)
    {
        if (!CanDecideClaimNow(this)) return [WrongState()];
        Move(to, now);
        ClaimDecidedAt = now;
        return [];
    }

    // Only an award never saved (no version yet, nothing signed into a state) takes its first state.
    private List<AwardProblem> Start(AwardState to, DateTime now)
    {
        if (Version != 0 || CreatedAt != default && UpdatedAt != CreatedAt) return [WrongState()];
        State = to;
        UpdatedAt = now;
        return [];
    }

    private static AwardProblem WrongState() => new(AwardProblem.ActionField, "Transition_WrongState");

    /// <summary>Why a status change is refused, in the order staff need to read it (the first that applies).</summary>
    private List<AwardProblem> StatusProblems(bool allowed)
    {
        if (allowed) return [];
        // Scheduled and cancelled awards have no signed credential and so no status-list bit; a scheduled one is cancelled instead.
        if (CredentialJson.Length == 0) return [new(AwardProblem.ActionField, "Status_NoCredential")];
        if (State == AwardState.Revoked) return [new(AwardProblem.ActionField, "Status_AlreadyRevoked")];
        if (State == AwardState.Suspended) return [new(AwardProblem.ActionField, "Status_AlreadySuspended")];
        // Waiting, declined, expired or withdrawn: the learner does not hold it, so there is nothing to revoke, suspend or reinstate.
        if (State != AwardState.Issued) return [new(AwardProblem.ActionField, "Status_NotHeld")];
        return [new(AwardProblem.ActionField, "Status_NotSuspended")];
    }

    private static void ReasonProblems(string? reason, List<AwardProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(reason)) problems.Add(new(AwardProblem.ReasonField, "Status_ReasonRequired"));
        else if (reason.Trim().Length > MaxReasonLength) problems.Add(new(AwardProblem.ReasonField, "Check_TooLong", MaxReasonLength));
    }

    private void Move(AwardState to, DateTime now)
    {
        State = to;
        UpdatedAt = now;
        Version++;
    }
}
