using System.Text;
using System.Text.Json.Nodes;

namespace Laurel.Credentials.Verification;

/// <summary>
/// The one credential verifier (web page, VC-API, CLI, backpack import): parse → format → shape → proof → issuer key →
/// status → dates → recipient (OB3 §6). Bad input of any kind becomes a failed check; only cancellation throws.
/// </summary>
public sealed partial class Verifier
{
    private readonly VerifierOptions _options;

    /// <summary>Creates a verifier.</summary>
    public Verifier(VerifierOptions? options = null) => _options = options ?? new VerifierOptions();

    /// <summary>Verifies OB 3.0 JSON, a VC-JWT, a baked PNG/SVG or OB 2.0 JSON given as bytes.</summary>
    public async Task<VerificationReport> VerifyAsync(ReadOnlyMemory<byte> input, VerificationRequest? request = null, CancellationToken ct = default)
    {
        DetectedInput detected;
        try
        {
            detected = FormatDetector.Detect(input.Span, _options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            detected = new(CredentialFormat.Unknown, BakedContainer.None, null, null,
                new(CheckIds.Format, CheckOutcome.Failed, "format.unreadable", "The input could not be read: " + e.Message));
        }
        return await VerifyDetectedAsync(detected, request, depth: 0, ct).ConfigureAwait(false);
    }

    /// <summary>Verifies OB 3.0 or OB 2.0 JSON, or a VC-JWT, given as text.</summary>
    public Task<VerificationReport> VerifyAsync(string input, VerificationRequest? request = null, CancellationToken ct = default) =>
        VerifyAsync(Encoding.UTF8.GetBytes(input ?? ""), request, ct);

    /// <summary>Verifies an already parsed OB 3.0 credential or OB 2.0 assertion.</summary>
    public Task<VerificationReport> VerifyAsync(JsonObject credential, VerificationRequest? request = null, CancellationToken ct = default) =>
        credential is null ? VerifyAsync(ReadOnlyMemory<byte>.Empty, request, ct) : VerifyAsync(Encoding.UTF8.GetBytes(credential.ToJsonString()), request, ct);

    private async Task<VerificationReport> VerifyDetectedAsync(DetectedInput input, VerificationRequest? request, int depth, CancellationToken ct)
    {
        var checks = new List<VerificationCheck> { input.Check };
        if (input.Check.Outcome == CheckOutcome.Failed)
            return new VerificationReport
            {
                Format = input.Format, Container = input.Container, Checks = checks, Credential = input.Json, ExceededLimit = input.ExceededLimit,
            };

        var now = request?.Now ?? _options.TimeProvider.GetUtcNow();
        try
        {
            return input.Format == CredentialFormat.Ob2Assertion
                ? await VerifyOb2Async(input, checks, request, now, ct).ConfigureAwait(false)
                : await VerifyVcAsync(input, checks, request, now, depth, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Stages catch their own errors; this is the last line so that no input can crash a caller.
            checks.Add(new(CheckIds.Proof, CheckOutcome.Failed, "verifier.error", "Verification stopped unexpectedly: " + e.Message));
            return new VerificationReport { Format = input.Format, Container = input.Container, Checks = checks, Credential = input.Json };
        }
    }

    /// <summary>A VC (OB 3.0 or any other) with a Data Integrity proof, or a VC-JWT.</summary>
    private async Task<VerificationReport> VerifyVcAsync(DetectedInput input, List<VerificationCheck> checks, VerificationRequest? request,
        DateTimeOffset now, int depth, CancellationToken ct)
    {
        // A CLR with more credentials than the budget is refused before any of them (or the CLR's own proof) costs work.
        if (ClrOverBudget(input.Json) is { } tooMany)
        {
            checks.Add(new(CheckIds.Components, CheckOutcome.Failed, ProofStage.LimitCode, tooMany.Message));
            return new VerificationReport { Format = input.Format, Container = input.Container, Checks = checks, Credential = input.Json, ExceededLimit = tooMany.Limit };
        }
        var resolver = new MemoizingResolver(_options.Resolver);
        var proof = input.Format == CredentialFormat.Ob3Jwt
            ? await ProofStage.JwtAsync(input.Jwt!, resolver, _options, now, ct).ConfigureAwait(false)
            : await ProofStage.DataIntegrityAsync(input.Json!, resolver, _options, now, ct).ConfigureAwait(false);
        var credential = proof.Credential;
        if (proof.ExceededLimit is not null)
        {
            // Out of budget: the rest of the pipeline adds nothing a verifier could trust, so answer at once.
            checks.Add(proof.Check);
            return new VerificationReport { Format = input.Format, Container = input.Container, Checks = checks, Credential = credential, ExceededLimit = proof.ExceededLimit };
        }
        if (credential is null)
        {
            checks.Add(new(CheckIds.Schema, CheckOutcome.NotChecked, "schema.no_credential", "No credential could be read from the input."));
            checks.Add(proof.Check);
            return new VerificationReport { Format = input.Format, Container = input.Container, Checks = checks };
        }

        // OB 3.0 shape and micro-credential rules apply on top of the VC data model only to OB 3.0 credentials.
        var openBadge = SchemaStage.IsOpenBadge(credential);
        var format = input.Format == CredentialFormat.Ob3Jwt || openBadge ? input.Format : CredentialFormat.VcDataIntegrity;
        checks.Add(SchemaStage.Check(credential, openBadge));
        checks.Add(proof.Check);
        var issuerId = IssuerId(credential);
        checks.Add(await IssuerStage.CheckAsync(issuerId, proof.VerifiedMethods, proof.Check.Outcome == CheckOutcome.Passed, resolver, ct).ConfigureAwait(false));
        VerificationCheck status;
        string? reason;
        try
        {
            (status, reason) = await StatusStage.CheckAsync(credential, resolver, _options, now, ct).ConfigureAwait(false);
        }
        catch (Limits.ProcessingLimitExceededException e)
        {
            checks.Add(new(CheckIds.Status, CheckOutcome.Failed, ProofStage.LimitCode, e.Message));
            return new VerificationReport { Format = format, Container = input.Container, Checks = checks, Credential = credential, ExceededLimit = e.Limit };
        }
        checks.Add(status);
        checks.Add(DatesStage.Check(credential, now, _options.ClockSkew, proof.DateProblems, openBadge));
        checks.Add(RecipientStage.Check(credential, input.Format, request));
        IReadOnlyList<VerificationReport> components = [];
        if (IsClr(credential))
        {
            (var check, components) = await ComponentsAsync(credential, depth, now, ct).ConfigureAwait(false);
            checks.Add(check);
            if (components.FirstOrDefault(c => c.ExceededLimit is not null) is { } exceeded)
                return new VerificationReport
                {
                    Format = format, Container = input.Container, Checks = checks, Credential = credential, Components = components,
                    ExceededLimit = exceeded.ExceededLimit,
                };
        }

        return new VerificationReport
        {
            Format = format,
            Container = input.Container,
            Checks = checks,
            Credential = credential,
            Components = components,
            IssuerId = issuerId,
            IssuerName = Text((credential["issuer"] as JsonObject)?["name"]),
            AchievementName = openBadge ? Text(((credential["credentialSubject"] as JsonObject)?["achievement"] as JsonObject)?["name"])
                : IsClr(credential) ? Text(credential["name"]) : null,
            VerificationMethod = proof.VerificationMethod,
            StatusReason = reason,
        };
    }

    private async Task<VerificationReport> VerifyOb2Async(DetectedInput input, List<VerificationCheck> checks, VerificationRequest? request,
        DateTimeOffset now, CancellationToken ct)
    {
        var json = input.Json!;
        checks.Add(Ob2Stage.Shape(json, out var assertion));
        checks.Add(await Ob2Stage.HostedAsync(json, assertion, _options, ct).ConfigureAwait(false));
        checks.Add(new(CheckIds.Issuer, CheckOutcome.NotChecked, "issuer.ob2_not_fetched", "The OB 2.0 badge class and issuer profile were not fetched."));
        checks.Add(assertion?.Revoked == true
            ? new(CheckIds.Status, CheckOutcome.Failed, "status.revoked", "The assertion is marked revoked.")
            : new(CheckIds.Status, CheckOutcome.NotChecked, "status.ob2_not_fetched", "The issuer's revocation list was not fetched."));
        checks.Add(Ob2Stage.Dates(assertion, now, _options.ClockSkew));
        checks.Add(RecipientStage.Check(json, input.Format, request));
        var badge = json["badge"] as JsonObject;
        return new VerificationReport
        {
            Format = input.Format,
            Container = input.Container,
            Checks = checks,
            Credential = json,
            IssuerId = Text(badge?["issuer"]) ?? Text((badge?["issuer"] as JsonObject)?["id"]),
            IssuerName = Text((badge?["issuer"] as JsonObject)?["name"]),
            AchievementName = Text(badge?["name"]),
            StatusReason = assertion?.Revoked == true ? "revoked" : null,
        };
    }

    private static string? IssuerId(JsonObject credential) => credential["issuer"] switch
    {
        JsonObject o => Text(o["id"]),
        var n => Text(n),
    };

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
