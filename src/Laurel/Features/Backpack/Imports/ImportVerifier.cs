using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Net;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Backpack.Imports;

/// <summary>
/// A verification of an imported credential: the verifier's report, what it means for the import, the recipient match, and
/// the issuer the verification proved (<see cref="ImportVerifier.ProvenIssuerOf"/>; null when nothing ties it to an issuer).
/// </summary>
public sealed record ImportCheck(VerificationReport Report, ImportStatus Status, RecipientMatch Recipient, string? RecipientType,
    string? ProvenIssuer = null)
{
    /// <summary>
    /// May be imported: the signature (or OB 2.0 hosted copy) checks out and nothing failed except, possibly, the expiry date —
    /// an expired badge still records what the learner achieved and is shown as expired.
    /// </summary>
    public bool Acceptable => Status is ImportStatus.Valid or ImportStatus.Expired;
}

/// <summary>
/// The import's adapter on Laurel's one verifier (<see cref="VerificationService"/>, the same pipeline as /verify): verifies the
/// stored credential text, maps the report to an <see cref="ImportStatus"/>, stores it as JSON and reads it back.
/// </summary>
public sealed class ImportVerifier(VerificationService verification, SafeFetcher fetcher, PublicOrigin origin)
{
    /// <summary>Check codes that mean "someone else's server did not answer", not "the credential is bad".</summary>
    private static readonly HashSet<string> UnreachableCodes =
        ["status.unavailable", "proof.hosted_unavailable", "issuer.key_unresolved", "proof.key_not_found", "fetch.refused"];

    public async Task<ImportCheck> CheckAsync(string credentialText, IReadOnlyCollection<LearnerIdentity> identities, CancellationToken ct)
    {
        var report = await verification.VerifyAsync(Encoding.UTF8.GetBytes(credentialText), null, ct);
        var (match, type) = RecipientMatcher.Match(report.Credential, identities);
        var status = StatusOf(report);
        if (status == ImportStatus.Invalid && report.Check(CheckIds.Proof)?.Code == "proof.hosted_mismatch" && await HostedCopyRevokedAsync(report, ct))
            status = ImportStatus.Revoked;
        return new ImportCheck(report, status, match, type, ProvenIssuerOf(report));
    }

    /// <summary>
    /// The issuer a verification actually proved, which is what trust decisions use (the issuer's name is its own claim):
    /// for OB 3.0 the issuer id when the signing key is the issuer's own (OB3 §8, check <c>issuer.key_matches</c>); for a
    /// hosted OB 2.0 assertion the https origin that served it, or its issuer id when that lives on the same origin (host and port) (OB 2.0
    /// hosted verification ties an assertion to its issuer by origin). Null otherwise, e.g. a urn:uuid issuer.
    /// </summary>
    public static string? ProvenIssuerOf(VerificationReport report)
    {
        if (report.Format == CredentialFormat.Ob2Assertion)
        {
            if (report.Check(CheckIds.Proof)?.Outcome != CheckOutcome.Passed
                || !Uri.TryCreate(Text(report.Credential?["id"]), UriKind.Absolute, out var hosted) || hosted.Scheme != Uri.UriSchemeHttps)
                return null;
            // Same origin, port included: an assertion served from another port of the issuer's host is not the issuer's.
            var origin = IssuerMatcher.OriginOf(hosted);
            return report.IssuerId is { } id && IssuerMatcher.OriginOf(id) == origin ? id : $"https://{origin}/";
        }
        return report.Check(CheckIds.Issuer)?.Code == "issuer.key_matches" ? report.IssuerId : null;
    }

    /// <summary>
    /// OB 2.0 has no status list: an issuer revokes a hosted assertion by serving it with <c>revoked: true</c>, which the
    /// verifier reports as "differs from the hosted copy". For an import re-checked later that difference is the revocation.
    /// </summary>
    private async Task<bool> HostedCopyRevokedAsync(VerificationReport report, CancellationToken ct)
    {
        if (report.Format != CredentialFormat.Ob2Assertion || !Uri.TryCreate(Text(report.Credential?["id"]), UriKind.Absolute, out var url)) return false;
        try
        {
            return JsonNode.Parse(await fetcher.FetchStringAsync(url, ct)) is JsonObject hosted
                && hosted["revoked"] is JsonValue revoked && revoked.TryGetValue<bool>(out var value) && value;
        }
        catch (Exception e) when (e is FetchRefusedException or JsonException)
        {
            return false;
        }
    }

    public static ImportStatus StatusOf(VerificationReport report)
    {
        // The request time cap is almost always a slow key or status server: nothing is known about the badge, so it is
        // "try again later", not "not valid" (the other budgets stay Invalid: they are about the input itself).
        if (report.ExceededLimit == nameof(VerificationLimits.RequestTimeout)) return ImportStatus.Unreachable;
        var failed = report.Checks.Where(c => c.Outcome == CheckOutcome.Failed).ToList();
        if (failed.Any(c => c.Code == "status.revoked")) return ImportStatus.Revoked;
        if (failed.Any(c => c.Code == "status.suspended")) return ImportStatus.Suspended;
        var proofPassed = report.Check(CheckIds.Proof)?.Outcome == CheckOutcome.Passed;
        if (failed.Count > 0 && failed.All(c => UnreachableCodes.Contains(c.Code))) return ImportStatus.Unreachable;
        if (!proofPassed) return report.Checks.Any(c => UnreachableCodes.Contains(c.Code)) ? ImportStatus.Unreachable : ImportStatus.Invalid;
        if (failed.Count == 0)
            // OB 2.0 hosted badges have no signature: the issuer serving the same assertion is the proof; its issuer
            // profile is not checked, which leaves the verdict indeterminate but the badge as good as OB 2.0 allows.
            return report.Verdict == Verdict.Valid || report.Format == CredentialFormat.Ob2Assertion ? ImportStatus.Valid : ImportStatus.Invalid;
        return failed.All(c => c.Code == "dates.expired") ? ImportStatus.Expired : ImportStatus.Invalid;
    }

    /// <summary>True for credentials Laurel issued itself (its institutions' did:web DIDs, its hosted OB 2.0 assertions).</summary>
    public bool IsLaurelsOwn(VerificationReport report)
    {
        if (report.IssuerId is { } issuer && issuer.StartsWith(origin.InstitutionDid(""), StringComparison.Ordinal)) return true;
        if (report.VerificationMethod is { } method && method.StartsWith(origin.InstitutionDid(""), StringComparison.Ordinal)) return true;
        return report.Format == CredentialFormat.Ob2Assertion
            && Text(report.Credential?["id"]) is { } id && id.StartsWith(origin.Url("/ob2/"), StringComparison.Ordinal);
    }

    /// <summary>The report as stored in <see cref="ImportedCredential.VerificationReportJson"/> (without the credential, which is stored beside it).</summary>
    public static string ToJson(ImportCheck check)
    {
        var r = check.Report;
        return new JsonObject
        {
            ["verdict"] = r.Verdict.ToString(),
            ["status"] = check.Status.ToString(),
            ["format"] = r.Format.ToString(),
            ["container"] = r.Container.ToString(),
            ["issuerId"] = r.IssuerId,
            ["issuerName"] = r.IssuerName,
            ["achievementName"] = r.AchievementName,
            ["verificationMethod"] = r.VerificationMethod,
            ["statusReason"] = r.StatusReason,
            ["recipient"] = new JsonObject { ["match"] = check.Recipient.ToString(), ["identityType"] = check.RecipientType },
            ["provenIssuer"] = check.ProvenIssuer,
            ["checks"] = ChecksJson(r),
            // A CLR 2.0 credential: each credential inside it with its own checks (Laurel.Features.Standards.Clr).
            ["components"] = r.Components.Count == 0 ? null : new JsonArray([.. r.Components.Select(c => (JsonNode)new JsonObject
            {
                ["format"] = c.Format.ToString(), ["issuerId"] = c.IssuerId, ["issuerName"] = c.IssuerName, ["achievementName"] = c.AchievementName,
                ["statusReason"] = c.StatusReason, ["checks"] = ChecksJson(c),
            })]),
        }.ToJsonString();
    }

    private static JsonArray ChecksJson(VerificationReport r) => new([.. r.Checks.Select(c => (JsonNode)new JsonObject
    {
        ["id"] = c.Id, ["outcome"] = c.Outcome.ToString(), ["code"] = c.Code, ["detail"] = c.Detail,
    })]);

    private static List<VerificationCheck> ChecksFrom(JsonNode? checks) => (checks as JsonArray ?? []).OfType<JsonObject>().Select(c => new VerificationCheck(
        Text(c["id"]) ?? "", Enum.Parse<CheckOutcome>(Text(c["outcome"]) ?? nameof(CheckOutcome.NotChecked)),
        Text(c["code"]) ?? "", Text(c["detail"]) ?? "")).ToList();

    /// <summary>Reads a stored report back (for showing the report of the last check); null when it cannot be read.</summary>
    public static ImportCheck? FromJson(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject o) return null;
            var checks = ChecksFrom(o["checks"]);
            var report = new VerificationReport
            {
                Checks = checks,
                Format = Enum.TryParse<CredentialFormat>(Text(o["format"]), out var f) ? f : CredentialFormat.Unknown,
                Container = Enum.TryParse<BakedContainer>(Text(o["container"]), out var b) ? b : BakedContainer.None,
                IssuerId = Text(o["issuerId"]), IssuerName = Text(o["issuerName"]), AchievementName = Text(o["achievementName"]),
                VerificationMethod = Text(o["verificationMethod"]), StatusReason = Text(o["statusReason"]),
                Components = [.. (o["components"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new VerificationReport
                {
                    Checks = ChecksFrom(c["checks"]),
                    Format = Enum.TryParse<CredentialFormat>(Text(c["format"]), out var cf) ? cf : CredentialFormat.Unknown,
                    IssuerId = Text(c["issuerId"]), IssuerName = Text(c["issuerName"]), AchievementName = Text(c["achievementName"]),
                    StatusReason = Text(c["statusReason"]),
                })],
            };
            var recipient = o["recipient"] as JsonObject;
            return new ImportCheck(report,
                Enum.TryParse<ImportStatus>(Text(o["status"]), out var s) ? s : StatusOf(report),
                Enum.TryParse<RecipientMatch>(Text(recipient?["match"]), out var m) ? m : RecipientMatch.Unchecked,
                Text(recipient?["identityType"]), Text(o["provenIssuer"]));
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
