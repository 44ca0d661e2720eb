using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.DataModel;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Verification;

public sealed partial class Verifier
{
    /// <summary>
    /// Verifies a verifiable presentation (VC 2.0 §4.13): its structure; its proof when it has one (purpose authentication,
    /// with the request's challenge and domain, DI-2.4); that the proof was made with a key of the <c>holder</c> it names; and
    /// every presented credential in full. A presentation without credentials is fine when it is signed (DID authentication);
    /// an unsigned one proves nothing about its holder and is valid only through its credentials. Bad input becomes failed
    /// checks; a presentation over a <see cref="ProcessingLimits"/> budget is a report with <see cref="PresentationReport.ExceededLimit"/>.
    /// </summary>
    public Task<PresentationReport> VerifyPresentationAsync(JsonObject presentation, PresentationRequest? request = null, CancellationToken ct = default) =>
        VerifyPresentationAsync(presentation, request, (credential, token) => VerifyAsync(credential, new VerificationRequest { Now = request?.Now }, token), ct);

    /// <summary>As above, with the caller's own way to verify each presented credential (a cache, for example).</summary>
    public async Task<PresentationReport> VerifyPresentationAsync(JsonObject presentation, PresentationRequest? request,
        Func<JsonObject, CancellationToken, Task<VerificationReport>> verifyCredential, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        ArgumentNullException.ThrowIfNull(verifyCredential);
        var checks = new List<VerificationCheck>();
        var holderId = HolderOf(presentation);

        var problems = VcDataModel.ValidatePresentation(presentation);
        checks.Add(problems.Count == 0
            ? new(CheckIds.Schema, CheckOutcome.Passed, "schema.vp_valid", "The presentation has the structure of the W3C Verifiable Credentials Data Model.")
            : new(CheckIds.Schema, CheckOutcome.Failed, "schema.vp_invalid", string.Join(" ", problems.Take(10))));

        var items = presentation["verifiableCredential"] switch { null => [], JsonArray a => a.ToList(), var one => [one] };
        var max = _options.Limits.MaxPresentationCredentials;
        if (items.Count > max)
            return Exceeded(checks, holderId, ProcessingLimitExceededException.Of(nameof(ProcessingLimits.MaxPresentationCredentials), max,
                $"the presentation holds {items.Count:N0} credentials"));

        var now = request?.Now ?? _options.TimeProvider.GetUtcNow();
        var resolver = new MemoizingResolver(_options.Resolver);
        ProofOutcome? proof = null;
        if (presentation.ContainsKey("proof"))
        {
            proof = await ProofStage.DataIntegrityAsync(presentation, resolver, _options, now, "authentication", request?.Challenge, request?.Domain, ct)
                .ConfigureAwait(false);
            if (proof.ExceededLimit is not null)
            {
                checks.Add(proof.Check);
                return new PresentationReport { Checks = checks, HolderId = holderId, ExceededLimit = proof.ExceededLimit };
            }
            checks.Add(proof.Check);
        }
        else if (request?.Challenge is not null || request?.Domain is not null)
            checks.Add(new(CheckIds.Proof, CheckOutcome.Failed, "proof.missing",
                "A challenge or domain was asked for, but the presentation carries no proof to hold them."));
        else if (items.Count == 0)
            checks.Add(new(CheckIds.Proof, CheckOutcome.Failed, "proof.missing", "The presentation holds no credentials and no proof, so there is nothing to verify."));
        else
            checks.Add(new(CheckIds.Proof, CheckOutcome.Warning, "proof.presentation_unsigned",
                "The presentation is not signed, so it does not prove who presented the credentials."));

        checks.Add(await HolderCheckAsync(holderId, proof, resolver, ct).ConfigureAwait(false));

        var reports = new List<VerificationReport>(items.Count);
        foreach (var item in items)
        {
            // Strings, numbers and nulls are refused by the structure check (VC 2.0 §4.13); only objects are verified.
            if (item is not JsonObject credential) continue;
            var report = await verifyCredential(credential, ct).ConfigureAwait(false);
            if (report.ExceededLimit is not null)
                return new PresentationReport { Checks = checks, Credentials = [.. reports, report], HolderId = holderId, ExceededLimit = report.ExceededLimit };
            reports.Add(report);
        }
        checks.Add(items.Count == 0
            ? new(CheckIds.Credentials, CheckOutcome.Skipped, "credentials.none", "The presentation holds no credentials (DID authentication).")
            : reports.Count == items.Count && reports.All(r => r.Verdict == Verdict.Valid)
                ? new(CheckIds.Credentials, CheckOutcome.Passed, "credentials.valid", $"All {reports.Count} credential(s) in the presentation are valid.")
                : new(CheckIds.Credentials, CheckOutcome.Failed, "credentials.invalid", "At least one credential in the presentation is not valid."));
        return new PresentationReport { Checks = checks, Credentials = reports, HolderId = holderId };
    }

    /// <summary>The holder is proven when a verified proof's key is controlled by the holder (VC 2.0 §4.13, DI-2.4).</summary>
    private static async Task<VerificationCheck> HolderCheckAsync(string? holderId, ProofOutcome? proof, IVerificationMethodResolver resolver,
        CancellationToken ct)
    {
        if (holderId is null) return new(CheckIds.Holder, CheckOutcome.Skipped, "holder.none", "The presentation names no holder.");
        if (proof is null)
            return new(CheckIds.Holder, CheckOutcome.Warning, "holder.unproven", $"The presentation names {holderId} as its holder but is not signed.");
        if (proof.Check.Outcome != CheckOutcome.Passed)
            return new(CheckIds.Holder, CheckOutcome.NotChecked, "holder.no_verified_key", "No verified proof, so the holder's key was not checked.");
        foreach (var methodId in proof.VerifiedMethods)
        {
            var method = await resolver.ResolveAsync(methodId, ct).ConfigureAwait(false);
            if (method is not null && string.Equals(method.Controller, holderId, StringComparison.Ordinal))
                return new(CheckIds.Holder, CheckOutcome.Passed, "holder.key_matches", $"Presented by {holderId}, signed with key {method.Id}.");
        }
        return new(CheckIds.Holder, CheckOutcome.Failed, "holder.key_mismatch",
            $"The presentation was signed with {string.Join(", ", proof.VerifiedMethods)}, which the holder {holderId} does not control.");
    }

    private static PresentationReport Exceeded(List<VerificationCheck> checks, string? holderId, ProcessingLimitExceededException e)
    {
        checks.Add(new(CheckIds.Credentials, CheckOutcome.Failed, ProofStage.LimitCode, e.Message));
        return new PresentationReport { Checks = checks, HolderId = holderId, ExceededLimit = e.Limit };
    }

    private static string? HolderOf(JsonObject presentation) => presentation["holder"] switch
    {
        JsonObject o => o["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null,
        JsonValue v => v.TryGetValue<string>(out var s) ? s : null,
        _ => null,
    };
}
