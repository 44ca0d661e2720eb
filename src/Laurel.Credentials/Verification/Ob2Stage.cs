using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges2;

namespace Laurel.Credentials.Verification;

/// <summary>OB 2.0 assertions: shape, hosted verification (when a fetcher is configured) and expiry.</summary>
internal static class Ob2Stage
{
    public static VerificationCheck Shape(JsonObject json, out Assertion? assertion)
    {
        assertion = null;
        try
        {
            assertion = Ob2Json.FromJson<Assertion>(json);
            var problems = Ob2Validator.Validate(assertion);
            return problems.Count == 0
                ? new(CheckIds.Schema, CheckOutcome.Passed, "schema.valid", "The assertion is well-formed.")
                : new(CheckIds.Schema, CheckOutcome.Failed, "schema.invalid", string.Join(" ", problems));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or NotSupportedException or ArgumentException)
        {
            return new(CheckIds.Schema, CheckOutcome.Failed, "schema.invalid", "The assertion is malformed: " + e.Message);
        }
    }

    /// <summary>OB2 hosted verification: the assertion must be served, unchanged, at its own id.</summary>
    public static async Task<VerificationCheck> HostedAsync(JsonObject json, Assertion? assertion, VerifierOptions options, CancellationToken ct)
    {
        var type = assertion?.Verification.Type?.ToLowerInvariant();
        if (type is "signed" or "signedbadge")
            return new(CheckIds.Proof, CheckOutcome.NotChecked, "proof.ob2_signed_unsupported", "Signed OB 2.0 assertions are verified from their JWS, not from JSON.");
        if (options.FetchHostedAssertion is null || assertion is null || !Uri.TryCreate(assertion.Id, UriKind.Absolute, out var url))
            return new(CheckIds.Proof, CheckOutcome.NotChecked, "proof.hosted_not_fetched", "Hosted verification needs the assertion to be fetched from its URL, which this verifier does not do.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.FetchTimeout);
            var hosted = await options.FetchHostedAssertion(url, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
            if (hosted is null) return new(CheckIds.Proof, CheckOutcome.Failed, "proof.hosted_unavailable", $"The assertion is not served at {url}.");
            return JsonNode.DeepEquals(hosted, json)
                ? new(CheckIds.Proof, CheckOutcome.Passed, "proof.hosted_match", $"The issuer serves this assertion at {url}.")
                : new(CheckIds.Proof, CheckOutcome.Failed, "proof.hosted_mismatch", $"The assertion served at {url} differs from this one.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new(CheckIds.Proof, CheckOutcome.Failed, "proof.hosted_unavailable", $"The assertion could not be fetched from {url}: {e.Message}");
        }
    }

    public static VerificationCheck Dates(Assertion? assertion, DateTimeOffset now, TimeSpan skew)
    {
        if (assertion is null) return new(CheckIds.Dates, CheckOutcome.NotChecked, "dates.unreadable", "The dates could not be read.");
        if (!DateTimeOffset.TryParse(assertion.IssuedOn, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var issued))
            return new(CheckIds.Dates, CheckOutcome.Failed, "dates.malformed", "issuedOn is not a valid date-time.");
        if (issued > now + skew) return new(CheckIds.Dates, CheckOutcome.Failed, "dates.not_yet_valid", "issuedOn is in the future.");
        if (assertion.Expires is { } text)
        {
            if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var expires))
                return new(CheckIds.Dates, CheckOutcome.Failed, "dates.malformed", "expires is not a valid date-time.");
            if (expires < now - skew) return new(CheckIds.Dates, CheckOutcome.Failed, "dates.expired", "The assertion has expired.");
        }
        return new(CheckIds.Dates, CheckOutcome.Passed, "dates.valid", "The assertion is within its validity period.");
    }
}
