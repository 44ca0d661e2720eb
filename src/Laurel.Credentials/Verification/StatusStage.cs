using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.StatusList;

namespace Laurel.Credentials.Verification;

/// <summary>Checks every <c>credentialStatus</c> entry against its fetched, proof-verified status list (SL-6.4). Never throws.</summary>
internal static class StatusStage
{
    public static async Task<(VerificationCheck Check, string? Reason)> CheckAsync(JsonObject credential, IVerificationMethodResolver resolver,
        VerifierOptions options, DateTimeOffset now, CancellationToken ct)
    {
        var entries = credential["credentialStatus"] switch
        {
            null => [],
            JsonArray a => a.ToList(),
            var single => [single],
        };
        if (entries.Count == 0) return (Check(CheckOutcome.Skipped, "status.none", "The credential has no status entry."), null);

        var passed = new List<string>();
        var warnings = new List<string>();
        foreach (var node in entries)
        {
            if (node is not JsonObject entry) return (Check(CheckOutcome.Failed, "status.malformed", "A credentialStatus entry is not an object."), null);
            if (!FormatDetector.Mentions(entry["type"], "BitstringStatusListEntry"))
            {
                warnings.Add($"Status type {entry["type"]?.ToJsonString()} is not supported and was not checked.");
                continue;
            }
            if (options.FetchStatusList is null)
                return (Check(CheckOutcome.NotChecked, "status.no_fetcher", "The credential has a status list, but this verifier cannot fetch it."), null);
            var outcome = await CheckEntryAsync(entry, IssuerOf(credential), resolver, options, now, ct).ConfigureAwait(false);
            if (outcome.Check is not null) return (outcome.Check, outcome.Reason);
            passed.Add(outcome.Note!);
        }
        if (warnings.Count > 0) return (Check(CheckOutcome.Warning, "status.unsupported_type", string.Join(" ", warnings.Concat(passed))), null);
        return (Check(CheckOutcome.Passed, "status.ok", string.Join(" ", passed)), null);
    }

    private static async Task<(VerificationCheck? Check, string? Reason, string? Note)> CheckEntryAsync(JsonObject entry, string? issuerId,
        IVerificationMethodResolver resolver, VerifierOptions options, DateTimeOffset now, CancellationToken ct)
    {
        var url = entry["statusListCredential"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return (Check(CheckOutcome.Failed, "status.malformed", "statusListCredential is not an absolute URL."), null, null);

        JsonObject? list;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.FetchTimeout);
            list = await options.FetchStatusList!(uri, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // SL-6.4 STATUS_RETRIEVAL_ERROR: without the list the status is unknown, which fails verification.
            return (Check(CheckOutcome.Failed, "status.unavailable", $"The status list {url} could not be fetched: {e.Message}"), null, null);
        }
        if (list is null) return (Check(CheckOutcome.Failed, "status.unavailable", $"The status list {url} could not be fetched."), null, null);

        // SL-6.4 step 2: the list is a credential itself and must carry a valid proof.
        var proof = await ProofStage.DataIntegrityAsync(list, resolver, options, now, ct).ConfigureAwait(false);
        if (proof.Check.Outcome != CheckOutcome.Passed)
            return (Check(CheckOutcome.Failed, "status.list_proof_invalid", $"The status list {url} is not authentic: {proof.Check.Detail}"), null, null);

        var checkOptions = new StatusCheckOptions { MaxDecodedBytes = options.MaxStatusListBytes, Now = now, ClockSkew = options.ClockSkew };
        var result = BitstringStatusChecker.Check(entry, list, checkOptions);
        if (!result.Succeeded)
        {
            // Fail safe both ways: a list that names another id than the URL it was served at cannot vouch that the credential
            // is fine, but when the issuer itself signed it and it marks the entry as set, that revocation is honoured
            // (the 1EdTech revoked fixture points at a copy of its list whose id is the original URL).
            if (IdMismatchRevocation(entry, list, issuerId, checkOptions) is { IsSet: true } revoked) result = revoked;
            else return (Check(CheckOutcome.Failed, "status.list_error", $"The status could not be read from {url}: {result.ErrorDetail}"), null, null);
        }
        if (!result.IsSet) return (null, null, $"Not {result.Purpose ?? "set"} according to {url}.");
        return result.Purpose switch
        {
            StatusPurpose.Revocation => (Check(CheckOutcome.Failed, "status.revoked", "The issuer has revoked this credential."), "revoked", null),
            StatusPurpose.Suspension => (Check(CheckOutcome.Failed, "status.suspended", "The issuer has suspended this credential."), "suspended", null),
            _ => (null, null, $"Status '{result.Purpose}' is {result.Status}{(result.Message is { } m ? " (" + m + ")" : "")}."),
        };
    }

    private static StatusCheckResult? IdMismatchRevocation(JsonObject entry, JsonObject list, string? issuerId, StatusCheckOptions checkOptions)
    {
        if (issuerId is null || IssuerOf(list) != issuerId || entry["statusListCredential"] is not { } url) return null;
        var aligned = (JsonObject)list.DeepClone();
        aligned["id"] = url.DeepClone();
        return BitstringStatusChecker.Check(entry, aligned, checkOptions);
    }

    internal static string? IssuerOf(JsonObject credential) => credential["issuer"] switch
    {
        JsonObject o => o["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null,
        JsonValue v => v.TryGetValue<string>(out var s) ? s : null,
        _ => null,
    };

    private static VerificationCheck Check(CheckOutcome outcome, string code, string detail) => new(CheckIds.Status, outcome, code, detail);
}
