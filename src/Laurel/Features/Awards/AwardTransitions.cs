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

    /// <summary>A credential can be revoked when it was signed (scheduled and cancelled awards were not) and is not revoked yet.</summary>
    public static readonly Expression<Func<Award, bool>> CanRevoke = a => a.CredentialJson != "" && a.State != AwardState.Revoked;
    public static readonly Expression<Func<Award, bool>> CanSuspend =
        a => a.CredentialJson != "" && a.State != AwardState.Revoked && a.State != AwardState.Suspended;
    public static readonly Expression<Func<Award, bool>> CanReinstate = a => a.CredentialJson != "" && a.State == AwardState.Suspended;
    /// <summary>Only a scheduled award can be cancelled (before its date).</summary>
    public static readonly Expression<Func<Award, bool>> CanCancel = a => a.State == AwardState.Scheduled;
    /// <summary>Only an award waiting for the learner can be claimed, declined or expire.</summary>
    public static readonly Expression<Func<Award, bool>> CanDecideClaim = a => a.State == AwardState.AwaitingClaim;

    private static readonly Func<Award, bool> CanRevokeNow = CanRevoke.Compile();
    private static readonly Func<Award, bool> CanSuspendNow = CanSuspend.Compile();
    private static readonly Func<Award, bool> CanReinstateNow = CanReinstate.Compile();

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

    public List<AwardProblem> Reinstate(DateTime now)
    {
        var problems = StatusProblems(CanReinstateNow(this));
        if (problems.Count > 0) return problems;
        Move(AwardState.Issued, now);
        return problems;
    }

    /// <summary>Why a status change is refused, in the order staff need to read it (the first that applies).</summary>
    private List<AwardProblem> StatusProblems(bool allowed)
    {
        if (allowed) return [];
        // Scheduled and cancelled awards have no signed credential and so no status-list bit; a scheduled one is cancelled instead.
        if (CredentialJson.Length == 0) return [new(AwardProblem.ActionField, "Status_NoCredential")];
        if (State == AwardState.Revoked) return [new(AwardProblem.ActionField, "Status_AlreadyRevoked")];
        if (State == AwardState.Suspended) return [new(AwardProblem.ActionField, "Status_AlreadySuspended")];
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
