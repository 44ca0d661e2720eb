using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Limits;
using Laurel.Credentials.Verification;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Verification;

/// <summary><c>POST /presentations/verify</c>: each OB 3.0 credential in a VerifiablePresentation, and the presentation's proof if it has one.</summary>
internal static class PresentationApi
{
    private const int MaxCredentials = 50;

    public static async Task<IResult> VerifyAsync(HttpContext context, VerificationService verification, CancellationToken ct)
    {
        var (body, problem) = await VerifyApi.ReadBodyAsync(context, ct);
        if (problem is not null) return problem;
        using (body)
        {
            var root = body!.RootElement;
            var errors = new Dictionary<string, string[]>();
            var vp = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("verifiablePresentation", out var p) ? p : default;
            if (vp.ValueKind != JsonValueKind.Object) errors["verifiablePresentation"] = ["verifiablePresentation is required and must be a presentation object."];
            else if (!Mentions(vp, "type", "VerifiablePresentation")) errors["verifiablePresentation.type"] = ["The presentation's type must include VerifiablePresentation."];
            var options = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("options", out var o) && o.ValueKind == JsonValueKind.Object ? o : default;
            var credentials = new List<byte[]>();
            if (errors.Count == 0 && vp.TryGetProperty("verifiableCredential", out var vc))
            {
                var items = vc.ValueKind == JsonValueKind.Array ? vc.EnumerateArray().ToList() : [vc];
                if (items.Count > MaxCredentials) errors["verifiablePresentation.verifiableCredential"] = [$"At most {MaxCredentials} credentials per presentation."];
                for (var i = 0; i < items.Count && errors.Count == 0; i++)
                {
                    var holder = JsonDocument.Parse($"{{\"c\":{items[i].GetRawText()}}}", new JsonDocumentOptions { MaxDepth = 80 }).RootElement;
                    if (VerifyApi.CredentialInput(holder, "c", errors) is { } bytes) credentials.Add(bytes);
                    if (errors.Remove("c", out var message)) errors[$"verifiablePresentation.verifiableCredential[{i}]"] = message;
                }
            }
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

            var results = new List<VerificationResult>();
            foreach (var credential in credentials)
            {
                var report = await verification.VerifyCachedAsync(credential, null, ct);
                if (VerificationLimits.Problem(report) is { } exceeded) return exceeded;
                results.Add(VerificationResult.From(report, ProblemTypes.Base(context.RequestServices)));
            }

            var checks = new List<string>();
            var failures = new List<CheckProblem>();
            if (vp.TryGetProperty("proof", out _))
            {
                var presentation = JsonNode.Parse(vp.GetRawText(), documentOptions: new JsonDocumentOptions { MaxDepth = 80 })!.AsObject();
                ProofSetResult proof;
                try
                {
                    proof = await verification.VerifyPresentationProofAsync(presentation, Text(options, "challenge"), Text(options, "domain"), ct);
                }
                catch (ProcessingLimitExceededException e)
                {
                    return VerificationLimits.Problem(new VerificationReport
                    {
                        Checks = [new(CheckIds.Proof, CheckOutcome.Failed, "limit.exceeded", e.Message)],
                        ExceededLimit = e.Limit,
                    })!;
                }
                if (proof.Verified) checks.Add("proof");
                else failures.Add(new(ProblemTypes.For(context, "presentation.proof_invalid"), "proof: Failed",
                    "The presentation's proof does not verify: " + (proof.Proofs.FirstOrDefault(r => !r.Verified)?.Error ?? "no usable proof"),
                    "proof", "presentation.proof_invalid"));
            }
            if (credentials.Count == 0)
                failures.Add(new(ProblemTypes.For(context, "presentation.empty"), "credentials: Failed", "The presentation holds no credentials.",
                    "credentials", "presentation.empty"));
            else if (results.All(r => r.Verdict == "valid")) checks.Add("credentials");
            else failures.Add(new(ProblemTypes.For(context, "presentation.credential_invalid"), "credentials: Failed",
                "At least one credential in the presentation is not valid.", "credentials", "presentation.credential_invalid"));

            var result = new PresentationVerificationResult(checks, [], failures, failures.Count == 0 ? "valid" : "invalid", results);
            return failures.Count == 0 ? TypedResults.Ok(result) : TypedResults.BadRequest(result);
        }
    }

    private static bool Mentions(JsonElement element, string property, string value) =>
        element.TryGetProperty(property, out var v) && (v.ValueKind == JsonValueKind.String ? v.GetString() == value
            : v.ValueKind == JsonValueKind.Array && v.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.String && x.GetString() == value));

    private static string? Text(JsonElement options, string name) =>
        options.ValueKind == JsonValueKind.Object && options.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
