using System.Text.Json.Nodes;

namespace Laurel.Credentials.Verification;

/// <summary>
/// The 1EdTech Revocation List Status Method (vcrl v1p0), the <c>credentialStatus</c> type <c>1EdTechRevocationList</c> of OB 3.0
/// (OB3-3.3, OB3-8.2 "revoked via 1EdTechRevocationList"): GET the list at the entry's <c>id</c>; the credential is revoked when
/// its <c>id</c> is listed under <c>revokedCredentials</c> (1EdTech's own validator reads <c>revokedCredential</c>: both are read)
/// with <c>revoked</c> true or absent. The list carries no proof, so it only counts when it is about the credential's own
/// issuer: a list that names another issuer is refused. The fetch is the verifier's status fetch (network guards, size and
/// depth limits, timeout); entries beyond <see cref="MaxEntries"/> are refused as a list error, not scanned.
/// </summary>
internal static class RevocationListStage
{
    /// <summary>The status type this stage checks.</summary>
    public const string Type = "1EdTechRevocationList";

    /// <summary>More listed credentials than any issuer's real list; a bigger list is refused (each costs a comparison).</summary>
    public const int MaxEntries = 100_000;

    /// <summary>What one entry found: a failure, or a note and whether the credential is revoked.</summary>
    public sealed record Outcome(VerificationCheck? Failure, string? Note, bool Revoked, bool Warning = false);

    public static async Task<Outcome> CheckAsync(JsonObject entry, JsonObject credential, VerifierOptions options,
        Dictionary<string, Task<(JsonObject? List, string? Error)>> fetched, CancellationToken ct)
    {
        var url = Str(entry["id"]);
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return new(Fail("status.malformed", "The 1EdTechRevocationList entry's id is not an http(s) URL."), null, false);
        // Revocation is by credential id: without one nothing can be listed, so the status is reported, not guessed.
        if (Str(credential["id"]) is not { Length: > 0 } credentialId)
            return new(null, $"The credential has no id, so the revocation list {url} cannot name it.", false, Warning: true);

        if (!fetched.TryGetValue(url, out var pending)) fetched[url] = pending = FetchAsync(uri, options, ct);
        var (list, error) = await pending.ConfigureAwait(false);
        if (list is null) return new(Fail("status.unavailable", $"The revocation list {url} could not be fetched: {error}"), null, false);

        var issuer = StatusStage.IssuerOf(credential);
        var listIssuer = list["issuer"] switch
        {
            JsonObject o => Str(o["id"]),
            var n => Str(n),
        };
        if (listIssuer is not null && issuer is not null && !SameId(listIssuer, issuer))
            return new(Fail("status.list_error", $"The revocation list {url} is published by {listIssuer}, not by the credential's issuer {issuer}."), null, false);

        var revoked = list["revokedCredentials"] ?? list["revokedCredential"];
        var entries = revoked switch
        {
            null => [],
            JsonArray a => a,
            JsonObject o => [o],
            _ => null,
        };
        if (entries is null)
            return new(Fail("status.list_error", $"The revocation list {url} has a revokedCredentials value that is not a list."), null, false);
        if (entries.Count > MaxEntries)
            return new(Fail("status.list_error", $"The revocation list {url} lists {entries.Count:N0} credentials, more than the {MaxEntries:N0} this verifier reads."), null, false);

        foreach (var node in entries)
        {
            if (node is not JsonObject item || Str(item["id"]) is not { } id || !SameId(id, credentialId)) continue;
            // "revoked" is optional and true by default; an explicit false means the issuer lifted the revocation.
            var flag = item["revoked"];
            var isRevoked = true;
            if (flag is not null && !(flag is JsonValue v && v.TryGetValue(out isRevoked)))
                return new(Fail("status.list_error", $"The revocation list {url} has an entry whose 'revoked' is not true or false."), null, false);
            if (!isRevoked) continue;
            var reason = Str(item["revocationReason"]);
            return new(null, $"Revoked according to {url}{(reason is { Length: > 0 } ? ": " + reason : "")}.", true);
        }
        return new(null, $"Not revoked according to {url}.", false);
    }

    private static async Task<(JsonObject? List, string? Error)> FetchAsync(Uri uri, VerifierOptions options, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.FetchTimeout);
            var list = await options.FetchStatusList!(uri, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
            return list is null ? (null, "no JSON object was returned") : (list, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return (null, e.Message);
        }
    }

    // OB3-6.1 compares ids after percent-decoding and trimming.
    private static bool SameId(string a, string b) =>
        string.Equals(Uri.UnescapeDataString(a.Trim()), Uri.UnescapeDataString(b.Trim()), StringComparison.Ordinal);

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static VerificationCheck Fail(string code, string detail) => new(CheckIds.Status, CheckOutcome.Failed, code, detail);
}
