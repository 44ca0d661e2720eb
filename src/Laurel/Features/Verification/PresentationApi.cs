using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Verification;

/// <summary>
/// <c>POST /presentations/verify</c>: any VC 2.0 (or 1.1) verifiable presentation — its structure, its proof when present
/// (purpose authentication with <c>options.challenge</c>/<c>options.domain</c>), its holder's key, and every credential in
/// it. Zero credentials is fine for a signed presentation (DID authentication).
/// </summary>
internal static class PresentationApi
{
    private const int MaxDepth = 80; // the body allows 72 levels; a presentation sits one level down

    public static async Task<IResult> VerifyAsync(HttpContext context, VerificationService verification, ReportPresenter presenter, CancellationToken ct)
    {
        var (body, problem) = await VerifyApi.ReadBodyAsync(context, presenter, ct);
        if (problem is not null) return problem;
        using (body)
        {
            var root = body!.RootElement;
            var errors = new Dictionary<string, string[]>();
            var vp = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("verifiablePresentation", out var p) ? p : default;
            if (vp.ValueKind == JsonValueKind.String)
                errors["verifiablePresentation"] = [presenter.Text("Api_PresentationString")];
            else if (vp.ValueKind != JsonValueKind.Object)
                errors["verifiablePresentation"] = [presenter.Text("Api_PresentationRequired")];
            var challenge = OptionText(root, "challenge", errors, presenter);
            var domain = OptionText(root, "domain", errors, presenter);
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

            var presentation = JsonNode.Parse(vp.GetRawText(), documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth })!.AsObject();
            var report = await verification.VerifyPresentationAsync(presentation, challenge, domain, ct);
            if (VerificationLimits.Problem(report) is { } exceeded) return exceeded;
            var result = PresentationVerificationResult.From(report, ProblemTypes.Base(context.RequestServices), presenter);
            return report.Verdict == Verdict.Valid ? TypedResults.Ok(result) : TypedResults.BadRequest(result);
        }
    }

    /// <summary><c>options.challenge</c> / <c>options.domain</c>: a string when given (VC-API); anything else is a validation problem.</summary>
    private static string? OptionText(JsonElement root, string name, Dictionary<string, string[]> errors, ReportPresenter t)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("options", out var options) || options.ValueKind == JsonValueKind.Null) return null;
        if (options.ValueKind != JsonValueKind.Object)
        {
            errors["options"] = [t.Text("Api_OptionsObject")];
            return null;
        }
        if (!options.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        errors["options." + name] = [t.Text("Api_OptionString", "options." + name)];
        return null;
    }
}
