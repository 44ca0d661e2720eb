namespace Laurel.Credentials.Verification;

/// <summary>Per-call inputs for a presentation: the challenge and domain its proof must carry, and the instant to verify at.</summary>
public sealed record PresentationRequest
{
    /// <summary>The challenge the verifier gave the holder (DI-2.4: INVALID_CHALLENGE_ERROR when the proof's differs); null = none asked.</summary>
    public string? Challenge { get; init; }

    /// <summary>The domain the proof must name (INVALID_DOMAIN_ERROR otherwise); null = none asked.</summary>
    public string? Domain { get; init; }

    /// <summary>Verify as of this instant instead of the clock's now.</summary>
    public DateTimeOffset? Now { get; init; }
}

/// <summary>
/// The result of <see cref="Verifier.VerifyPresentationAsync(System.Text.Json.Nodes.JsonObject, PresentationRequest?, CancellationToken)"/>:
/// the presentation's own checks (<c>schema</c>, <c>proof</c>, <c>holder</c>, <c>credentials</c>) and one report per presented credential.
/// </summary>
public sealed class PresentationReport
{
    /// <summary>The presentation's own checks in order.</summary>
    public required IReadOnlyList<VerificationCheck> Checks { get; init; }

    /// <summary>One report per presented credential, in the presentation's order.</summary>
    public IReadOnlyList<VerificationReport> Credentials { get; init; } = [];

    /// <summary>The holder the presentation names, if any.</summary>
    public string? HolderId { get; init; }

    /// <summary>The <see cref="Limits.ProcessingLimits"/> property the presentation (or one of its credentials) exceeded; null when none was.</summary>
    public string? ExceededLimit { get; init; }

    /// <summary>Invalid when a check failed; otherwise valid (an unsigned presentation is valid only through its credentials).</summary>
    public Verdict Verdict => Checks.Count == 0 ? Verdict.Indeterminate
        : Checks.Any(c => c.Outcome == CheckOutcome.Failed) ? Verdict.Invalid
        : Checks.Any(c => c.Id == CheckIds.Proof && c.Outcome is CheckOutcome.NotChecked or CheckOutcome.Skipped) ? Verdict.Indeterminate
        : Verdict.Valid;

    /// <summary>The check with the given id, or null.</summary>
    public VerificationCheck? Check(string id) => Checks.FirstOrDefault(c => c.Id == id);
}
