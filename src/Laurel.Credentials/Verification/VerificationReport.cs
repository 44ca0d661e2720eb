using System.Text.Json.Nodes;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Verification;

/// <summary>What kind of credential the input turned out to be.</summary>
public enum CredentialFormat
{
    /// <summary>Not recognized (garbage, empty, too large, not a credential).</summary>
    Unknown,
    /// <summary>OB 3.0 / VC JSON-LD secured with a Data Integrity proof.</summary>
    Ob3DataIntegrity,
    /// <summary>OB 3.0 VC-JWT (compact JWS).</summary>
    Ob3Jwt,
    /// <summary>OB 2.0 assertion JSON.</summary>
    Ob2Assertion,
    /// <summary>A W3C verifiable credential (VC 2.0 or 1.1) in JSON-LD that is not an Open Badges credential.</summary>
    VcDataIntegrity,
}

/// <summary>The image a credential was baked into, if any.</summary>
public enum BakedContainer
{
    /// <summary>The input was the credential itself.</summary>
    None,
    /// <summary>A baked PNG.</summary>
    Png,
    /// <summary>A baked SVG.</summary>
    Svg,
}

/// <summary>The overall outcome.</summary>
public enum Verdict
{
    /// <summary>Every essential check passed.</summary>
    Valid,
    /// <summary>At least one check failed.</summary>
    Invalid,
    /// <summary>Nothing failed, but the proof or issuer could not be checked.</summary>
    Indeterminate,
}

/// <summary>The outcome of one check.</summary>
public enum CheckOutcome
{
    /// <summary>The check passed.</summary>
    Passed,
    /// <summary>The check failed; the credential is not valid.</summary>
    Failed,
    /// <summary>Passed with a caveat worth showing.</summary>
    Warning,
    /// <summary>Applicable but could not be performed (e.g. no fetcher configured).</summary>
    NotChecked,
    /// <summary>Not applicable (e.g. no credentialStatus, no recipient asked for).</summary>
    Skipped,
}

/// <summary>One check: <paramref name="Id"/> such as <c>proof</c>, a machine <paramref name="Code"/> the app localizes, and English detail.</summary>
public sealed record VerificationCheck(string Id, CheckOutcome Outcome, string Code, string Detail);

/// <summary>The full result of <see cref="Verifier.VerifyAsync(ReadOnlyMemory{byte}, VerificationRequest?, CancellationToken)"/>.</summary>
public sealed class VerificationReport
{
    /// <summary>The detected format.</summary>
    public CredentialFormat Format { get; init; }

    /// <summary>The image the credential was baked into, if any.</summary>
    public BakedContainer Container { get; init; }

    /// <summary>Valid, Invalid or Indeterminate, derived from <see cref="Checks"/>.</summary>
    public Verdict Verdict => VerdictOf(Checks);

    /// <summary>Every check in pipeline order.</summary>
    public required IReadOnlyList<VerificationCheck> Checks { get; init; }

    /// <summary>The parsed credential (for a JWT: the credential claims), when the input could be parsed.</summary>
    public JsonObject? Credential { get; init; }

    /// <summary>The issuer id.</summary>
    public string? IssuerId { get; init; }

    /// <summary>The issuer name, if given.</summary>
    public string? IssuerName { get; init; }

    /// <summary>The achievement (OB 3.0) or badge class (OB 2.0) name, if given.</summary>
    public string? AchievementName { get; init; }

    /// <summary>The verification method that signed the credential, if one was resolved.</summary>
    public string? VerificationMethod { get; init; }

    /// <summary><c>revoked</c> or <c>suspended</c> when a status list says so; otherwise null.</summary>
    public string? StatusReason { get; init; }

    /// <summary>The <see cref="ProcessingLimits"/> property (or <c>TimeLimit</c>) the input exceeded; null when none was.</summary>
    public string? ExceededLimit { get; init; }

    /// <summary>
    /// For a CLR 2.0 <c>ClrCredential</c>: one report per credential it contains, in its order (each verified in full: proof,
    /// issuer key, status, dates). Empty for every other credential. Their outcome is the <c>components</c> check, a warning at
    /// worst: the CLR's own proof, issuer and status decide its own verdict.
    /// </summary>
    public IReadOnlyList<VerificationReport> Components { get; init; } = [];

    /// <summary>The check with the given id, or null.</summary>
    public VerificationCheck? Check(string id) => Checks.FirstOrDefault(c => c.Id == id);

    private static readonly string[] Essential = [CheckIds.Proof, CheckIds.Issuer];

    private static Verdict VerdictOf(IReadOnlyList<VerificationCheck> checks)
    {
        if (checks.Count == 0) return Verdict.Indeterminate;
        foreach (var c in checks) if (c.Outcome == CheckOutcome.Failed) return Verdict.Invalid;
        // A credential whose signature or signer was never established cannot be called valid.
        foreach (var c in checks)
            if (Array.IndexOf(Essential, c.Id) >= 0 && c.Outcome is CheckOutcome.NotChecked or CheckOutcome.Skipped) return Verdict.Indeterminate;
        return checks.Any(c => c.Id == CheckIds.Proof) ? Verdict.Valid : Verdict.Indeterminate;
    }
}

/// <summary>The check ids used in <see cref="VerificationCheck.Id"/>.</summary>
public static class CheckIds
{
    /// <summary>Input parsing and format detection.</summary>
    public const string Format = "format";
    /// <summary>Structural (shape/schema) validation.</summary>
    public const string Schema = "schema";
    /// <summary>Signature (Data Integrity proof or JWS).</summary>
    public const string Proof = "proof";
    /// <summary>The signing key belongs to the issuer.</summary>
    public const string Issuer = "issuer";
    /// <summary>Revocation / suspension status.</summary>
    public const string Status = "status";
    /// <summary>validFrom / validUntil.</summary>
    public const string Dates = "dates";
    /// <summary>The requested recipient matches.</summary>
    public const string Recipient = "recipient";
    /// <summary>A presentation's proof was made with a key of the holder it names.</summary>
    public const string Holder = "holder";
    /// <summary>Every credential in a presentation is valid.</summary>
    public const string Credentials = "credentials";
    /// <summary>Every credential inside a CLR 2.0 ClrCredential verifies.</summary>
    public const string Components = "components";
}
