using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Verification;

public sealed partial class Verifier
{
    /// <summary>A 1EdTech CLR 2.0 credential names the type <c>ClrCredential</c>.</summary>
    public static bool IsClr(JsonObject? credential) => credential is not null && FormatDetector.Mentions(credential["type"], "ClrCredential");

    /// <summary>The credentials a ClrSubject holds (<c>credentialSubject.verifiableCredential</c>), as given.</summary>
    private static List<JsonNode?> ClrItems(JsonObject credential) =>
        (credential["credentialSubject"] as JsonObject)?["verifiableCredential"] switch
        {
            null => [],
            JsonArray a => [.. a],
            var one => [one],
        };

    private ProcessingLimitExceededException? ClrOverBudget(JsonObject? json)
    {
        if (!IsClr(json)) return null;
        var count = ClrItems(json!).Count;
        var max = _options.Limits.MaxClrCredentials;
        return count > max
            ? ProcessingLimitExceededException.Of(nameof(ProcessingLimits.MaxClrCredentials), max, $"the CLR holds {count:N0} credentials")
            : null;
    }

    /// <summary>
    /// Verifies every credential inside a CLR in full (CLR 2.0 §8: a CLR verifier verifies each AchievementCredential too) and
    /// sums them up as one check. A bad component is a warning, never a failure of the CLR: the CLR's own proof, issuer and
    /// status decide whether the CLR is what its issuer signed; the components' reports say what each one is worth today
    /// (a revoked or tampered component shows as such). A CLR inside a CLR is verified as a credential but not opened.
    /// </summary>
    private async Task<(VerificationCheck Check, IReadOnlyList<VerificationReport> Reports)> ComponentsAsync(JsonObject clr, int depth,
        DateTimeOffset now, CancellationToken ct)
    {
        if (depth > 0)
            return (new(CheckIds.Components, CheckOutcome.Warning, "components.nested_not_opened",
                "This CLR sits inside another CLR; the credentials inside it were not verified one by one."), []);
        var subject = clr["credentialSubject"] as JsonObject;
        if (subject is null || !FormatDetector.Mentions(subject["type"], "ClrSubject"))
            return (new(CheckIds.Components, CheckOutcome.Failed, "components.no_clr_subject",
                "A ClrCredential's credentialSubject must be a ClrSubject (CLR 2.0)."), []);
        var items = ClrItems(clr);
        if (items.Count == 0)
            return (new(CheckIds.Components, CheckOutcome.Failed, "components.none",
                "The CLR holds no credentials; a ClrSubject must hold at least one (CLR 2.0)."), []);

        var reports = new List<VerificationReport>(items.Count);
        var inner = new VerificationRequest { Now = now };
        foreach (var item in items)
        {
            ct.ThrowIfCancellationRequested();
            var report = item switch
            {
                JsonObject credential => await VerifyComponentAsync(Encoding.UTF8.GetBytes(credential.ToJsonString()), inner, ct).ConfigureAwait(false),
                JsonValue v when v.TryGetValue<string>(out var jwt) => await VerifyComponentAsync(Encoding.UTF8.GetBytes(jwt), inner, ct).ConfigureAwait(false),
                _ => new VerificationReport
                {
                    Checks = [new(CheckIds.Format, CheckOutcome.Failed, "format.not_credential", "This entry is neither a credential object nor a VC-JWT.")],
                },
            };
            reports.Add(report);
            if (report.ExceededLimit is not null)
                return (new(CheckIds.Components, CheckOutcome.Failed, ProofStage.LimitCode, $"Credential {reports.Count} of the CLR exceeds a processing limit."), reports);
        }

        var bad = reports.Select((r, i) => (r, i)).Where(x => x.r.Verdict != Verdict.Valid).ToList();
        if (bad.Count == 0)
            return (new(CheckIds.Components, CheckOutcome.Passed, "components.valid", $"All {reports.Count} credential(s) in the CLR verify."), reports);
        var which = string.Join("; ", bad.Take(10).Select(x => $"#{x.i + 1} {x.r.AchievementName ?? "?"}: {Problem(x.r)}"));
        return (new(CheckIds.Components, CheckOutcome.Warning, "components.not_all_valid",
            $"{bad.Count} of the {reports.Count} credential(s) in the CLR do not verify as valid ({which})."), reports);
    }

    private async Task<VerificationReport> VerifyComponentAsync(byte[] bytes, VerificationRequest request, CancellationToken ct)
    {
        DetectedInput detected;
        try
        {
            detected = FormatDetector.Detect(bytes, _options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            detected = new(CredentialFormat.Unknown, BakedContainer.None, null, null,
                new(CheckIds.Format, CheckOutcome.Failed, "format.unreadable", "The credential could not be read: " + e.Message));
        }
        return await VerifyDetectedAsync(detected, request, depth: 1, ct).ConfigureAwait(false);
    }

    // The first failed (or unchecked) check, for the summary line: "revoked", "proof failed", …
    private static string Problem(VerificationReport report) =>
        report.StatusReason ?? report.Checks.FirstOrDefault(c => c.Outcome == CheckOutcome.Failed)?.Code
        ?? report.Checks.FirstOrDefault(c => c.Outcome is CheckOutcome.NotChecked)?.Code ?? report.Verdict.ToString();
}
