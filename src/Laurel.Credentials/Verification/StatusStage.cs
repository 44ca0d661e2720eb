using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Limits;
using Laurel.Credentials.StatusList;

namespace Laurel.Credentials.Verification;

/// <summary>
/// Checks every <c>credentialStatus</c> entry, of every purpose, against its fetched, proof-verified status list (SL-6.4), and
/// every <c>1EdTechRevocationList</c> entry against the issuer's revocation list (<see cref="RevocationListStage"/>, OB3 §6 step 4).
/// A set revocation bit fails the check as <c>status.revoked</c>, a set suspension bit as <c>status.suspended</c> (revocation
/// wins when both are set); other purposes (refresh, message) are reported in the detail. Never throws except when the
/// credential has more entries than <see cref="ProcessingLimits.MaxStatusEntries"/> (each may cost a fetch).
/// </summary>
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
        var max = options.Limits.MaxStatusEntries;
        if (entries.Count > max)
            throw ProcessingLimitExceededException.Of(nameof(ProcessingLimits.MaxStatusEntries), max, $"the credential has {entries.Count:N0} status entries");

        var notes = new List<string>();
        var warnings = new List<string>();
        var set = new List<string>(); // purposes whose bit is set
        // One fetch per list even when the revocation and the suspension entry point at the same list.
        var lists = new Dictionary<string, Task<ListOutcome>>(StringComparer.Ordinal);
        var warningCode = "status.unsupported_type";
        var revocationLists = new Dictionary<string, Task<(JsonObject? List, string? Error)>>(StringComparer.Ordinal);
        foreach (var node in entries)
        {
            if (node is not JsonObject entry) return (Check(CheckOutcome.Failed, "status.malformed", "A credentialStatus entry is not an object."), null);
            if (FormatDetector.Mentions(entry["type"], RevocationListStage.Type))
            {
                if (options.FetchStatusList is null)
                    return (Check(CheckOutcome.NotChecked, "status.no_fetcher", "The credential has a revocation list, but this verifier cannot fetch it."), null);
                var listed = await RevocationListStage.CheckAsync(entry, credential, options, revocationLists, ct).ConfigureAwait(false);
                if (listed.Failure is not null) return (listed.Failure, null);
                if (listed.Warning)
                {
                    warnings.Add(listed.Note!);
                    warningCode = "status.no_credential_id";
                }
                else notes.Add(listed.Note!);
                if (listed.Revoked) set.Add(StatusPurpose.Revocation);
                continue;
            }
            if (!FormatDetector.Mentions(entry["type"], "BitstringStatusListEntry"))
            {
                warnings.Add($"Status type {entry["type"]?.ToJsonString() ?? "(none)"} is not supported and was not checked.");
                continue;
            }
            if (options.FetchStatusList is null)
                return (Check(CheckOutcome.NotChecked, "status.no_fetcher", "The credential has a status list, but this verifier cannot fetch it."), null);
            var outcome = await CheckEntryAsync(entry, IssuerOf(credential), resolver, options, now, lists, ct).ConfigureAwait(false);
            if (outcome.Check is not null) return (outcome.Check, null);
            notes.Add(outcome.Note!);
            if (outcome.SetPurpose is { } purpose) set.Add(purpose);
        }

        var detail = string.Join(" ", notes);
        if (set.Contains(StatusPurpose.Revocation))
            return (Check(CheckOutcome.Failed, "status.revoked", Join("The issuer has revoked this credential.", detail)), "revoked");
        if (set.Contains(StatusPurpose.Suspension))
            return (Check(CheckOutcome.Failed, "status.suspended", Join("The issuer has suspended this credential.", detail)), "suspended");
        if (warnings.Count > 0) return (Check(CheckOutcome.Warning, warningCode, Join(string.Join(" ", warnings), detail)), null);
        return (Check(CheckOutcome.Passed, "status.ok", detail), null);
    }

    private sealed record EntryOutcome(VerificationCheck? Check, string? Note, string? SetPurpose);

    private sealed record ListOutcome(JsonObject? List, VerificationCheck? Failure);

    private static async Task<EntryOutcome> CheckEntryAsync(JsonObject entry, string? issuerId, IVerificationMethodResolver resolver,
        VerifierOptions options, DateTimeOffset now, Dictionary<string, Task<ListOutcome>> lists, CancellationToken ct)
    {
        var url = entry["statusListCredential"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return new(Check(CheckOutcome.Failed, "status.malformed", "statusListCredential is not an absolute URL."), null, null);

        if (!lists.TryGetValue(url, out var pending)) lists[url] = pending = FetchListAsync(url, uri, resolver, options, now, ct);
        var (list, failure) = await pending.ConfigureAwait(false);
        if (failure is not null) return new(failure, null, null);

        var checkOptions = new StatusCheckOptions { MaxDecodedBytes = options.MaxStatusListBytes, Now = now, ClockSkew = options.ClockSkew };
        var result = BitstringStatusChecker.Check(entry, list!, checkOptions);
        if (!result.Succeeded)
        {
            // Fail safe both ways: a list that names another id than the URL it was served at cannot vouch that the credential
            // is fine, but when the issuer itself signed it and it marks the entry as set, that revocation is honoured
            // (the 1EdTech revoked fixture points at a copy of its list whose id is the original URL).
            if (IdMismatchRevocation(entry, list!, issuerId, checkOptions) is { IsSet: true } revoked) result = revoked;
            else return new(Check(CheckOutcome.Failed, "status.list_error", $"The status could not be read from {url}: {result.ErrorDetail}"), null, null);
        }
        return result.Purpose switch
        {
            StatusPurpose.Revocation => new(null, result.IsSet ? $"Revoked according to {url}." : $"Not revoked according to {url}.",
                result.IsSet ? StatusPurpose.Revocation : null),
            StatusPurpose.Suspension => new(null, result.IsSet ? $"Suspended according to {url}." : $"Not suspended according to {url}.",
                result.IsSet ? StatusPurpose.Suspension : null),
            // SL-6.1: refresh and message do not decide validity; the verifier reports them.
            _ => new(null, $"Status '{result.Purpose}' is {result.Status}{(result.Message is { } m ? " (" + m + ")" : "")} according to {url}.", null),
        };
    }

    private static async Task<ListOutcome> FetchListAsync(string url, Uri uri, IVerificationMethodResolver resolver, VerifierOptions options,
        DateTimeOffset now, CancellationToken ct)
    {
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
            return new(null, Check(CheckOutcome.Failed, "status.unavailable", $"The status list {url} could not be fetched: {e.Message}"));
        }
        if (list is null) return new(null, Check(CheckOutcome.Failed, "status.unavailable", $"The status list {url} could not be fetched."));

        // SL-6.4 step 2: the list is a credential itself and must carry a valid proof. The same list serves thousands of
        // credentials, so a proof that verified is remembered for exactly these bytes and this key (StatusListProofCache).
        var cached = options.StatusListProofs is not null ? StatusListProofCache.KeyOf(url, list) : null;
        if (cached is not null && await options.StatusListProofs!.IsVerifiedAsync(cached, resolver, ct).ConfigureAwait(false)) return new(list, null);
        var proof = await ProofStage.DataIntegrityAsync(list, resolver, options, now, ct).ConfigureAwait(false);
        if (proof.Check.Outcome != CheckOutcome.Passed)
            return new(null, Check(CheckOutcome.Failed, "status.list_proof_invalid", $"The status list {url} is not authentic: {proof.Check.Detail}"));
        if (cached is not null && proof.VerifiedMethods is [var method])
            await options.StatusListProofs!.RememberAsync(cached, list, method, resolver, ct).ConfigureAwait(false);
        return new(list, null);
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

    private static string Join(string first, string second) => second.Length == 0 ? first : first + " " + second;

    private static VerificationCheck Check(CheckOutcome outcome, string code, string detail) => new(CheckIds.Status, outcome, code, detail);
}
