using Laurel.Credentials.Limits;
using Laurel.Credentials.Verification;

namespace Laurel.Features.Verification;

/// <summary>
/// The verification budgets Laurel applies to anonymous input (issue 12 finding 3), from <c>Laurel:Verification:Limits</c>:
/// every <see cref="ProcessingLimits"/> property (e.g. <c>MaxArrayLength</c>, <c>TimeLimit</c>) plus <c>RequestTimeout</c>,
/// the wall-clock cap on one verification including fetches.
/// </summary>
public sealed class VerificationLimits
{
    public const string Section = "Laurel:Verification:Limits";

    /// <summary>The problem type and check code of every answer to input that ran out of budget.</summary>
    public const string ProblemCode = "verification.budget-exceeded";

    public VerificationLimits(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        Processing = section.Get<ProcessingLimits>() ?? ProcessingLimits.Default;
        RequestTimeout = section.GetValue("RequestTimeout", TimeSpan.FromSeconds(10));
    }

    public ProcessingLimits Processing { get; }

    public TimeSpan RequestTimeout { get; }

    /// <summary>The report for a verification that hit <see cref="RequestTimeout"/>.</summary>
    public VerificationReport TimedOut() => new()
    {
        Checks = [new(CheckIds.Proof, CheckOutcome.Failed, "limit.exceeded",
            $"Verification took longer than the {RequestTimeout.TotalSeconds:0.#} seconds allowed (RequestTimeout).")],
        ExceededLimit = nameof(RequestTimeout),
    };

    /// <summary>The 422 ProblemDetails for a report that ran out of budget; null when it did not.</summary>
    public static IResult? Problem(VerificationReport report) => Problem(report.ExceededLimit, report.Checks);

    /// <summary>The 422 ProblemDetails for a presentation that (or one of whose credentials) ran out of budget; null when none did.</summary>
    public static IResult? Problem(PresentationReport report) =>
        Problem(report.ExceededLimit, report.Checks.Concat(report.Credentials.SelectMany(c => c.Checks)).ToList());

    private static IResult? Problem(string? exceeded, IReadOnlyList<VerificationCheck> checks) => exceeded is not { } limit ? null : Results.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "Verification budget exceeded",
        detail: checks.LastOrDefault(c => c.Code == "limit.exceeded")?.Detail ?? $"The input exceeds the limit {limit}.",
        extensions: new Dictionary<string, object?> { ["code"] = ProblemCode, ["limit"] = limit });
}
