using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Verification;

namespace Laurel.Features.Presentations.Exchanges;

/// <summary>
/// Turns a wallet's verifiable presentation into a <see cref="PresentationAnswer"/>: the presentation's own checks (structure, the
/// holder's proof over this session's challenge and Laurel's domain, the holder controls the signing key), every credential through
/// <see cref="IPresentedCredentialChecks"/> (ldp_vc), each bound to the holder only when its <c>credentialSubject.id</c> is the holder
/// DID, and the learner facts the credential carries (a wallet shares a whole credential: what is in it is disclosed).
/// </summary>
public sealed class ExchangeAnswerReader(VerificationService verification, IPresentedCredentialChecks credentialChecks)
{
    /// <summary>At most this many credentials in one answer (the verifier's own budget may be lower).</summary>
    public const int MaxCredentials = 10;

    public async Task<PresentationAnswer> ReadAsync(PresentationSession session, JsonObject presentation, string domain, CancellationToken ct)
    {
        var report = await verification.VerifyPresentationAsync(presentation, session.Nonce, domain, ct);
        // The per-credential verdicts are judged below, one by one, with the reason of each; here only the presentation itself.
        var checks = report.Checks.Where(c => c.Id != CheckIds.Credentials)
            .Select(c => new PresentedCheck(c.Id, c.Outcome is CheckOutcome.Passed or CheckOutcome.Warning, c.Code, c.Detail)).ToList();
        if (report.ExceededLimit is { } limit) checks.Add(new PresentedCheck("limits", false, "limits.exceeded", limit));
        var holder = report.HolderId;
        var holderProven = holder is not null && report.Check(CheckIds.Holder)?.Outcome == CheckOutcome.Passed;
        // The VPR asks for DID authentication: an answer that does not prove who presented it cannot be bound to anyone.
        if (!holderProven && checks.All(c => c.Passed))
            checks.Add(new PresentedCheck(CheckIds.Holder, false, "holder.none", "The presentation must name its holder DID and be signed by it."));

        var items = presentation["verifiableCredential"] switch { null => [], JsonArray a => a.ToList(), var one => [one] };
        var credentials = new List<PresentedCredential>();
        if (report.ExceededLimit is null && items.Count <= MaxCredentials)
            foreach (var item in items)
                credentials.Add(await CredentialAsync(item, holderProven ? holder : null, ct));
        else if (items.Count > MaxCredentials)
            checks.Add(new PresentedCheck(CheckIds.Credentials, false, "credentials.too_many", $"At most {MaxCredentials} credentials per answer."));

        return new PresentationAnswer
        {
            RequestId = session.RequestId, SessionId = session.Id, Channel = PresentationChannel.VcApi,
            HolderKey = holder ?? "unknown", PresentationChecks = checks, Credentials = credentials,
            HolderName = credentials.Select(c => c.Disclosed.GetValueOrDefault(DisclosedFact.RecipientName)).FirstOrDefault(n => n is not null),
        };
    }

    private async Task<PresentedCredential> CredentialAsync(JsonNode? item, string? holder, CancellationToken ct)
    {
        if (item is not JsonObject credential)
            return new PresentedCredential
            {
                Format = PresentationFormats.LdpVc, Facts = new BadgeFacts { AchievementName = "?", IssuerName = "?" }, BoundToHolder = false,
                BindingCode = "holder.not_bound", Checks = [new PresentedCheck(CheckIds.Format, false, "format.unsupported", "Only embedded ldp_vc credentials are accepted.")],
            };
        var text = credential.ToJsonString();
        var (checks, facts) = await credentialChecks.CheckAsync(PresentationFormats.LdpVc, text, ct);
        var subjects = credential["credentialSubject"] switch { JsonArray a => a.OfType<JsonObject>().ToList(), JsonObject o => [o], _ => [] };
        // Every subject must be the holder: a badge issued to someone else stays theirs, whoever holds a copy.
        var bound = holder is not null && subjects.Count > 0 && subjects.All(s => Text(s["id"]) == holder);
        var values = new Dictionary<DisclosedFact, string?>
        {
            [DisclosedFact.RecipientName] = subjects.Select(RecipientName).FirstOrDefault(n => n is not null),
            [DisclosedFact.Grade] = subjects.Select(Grade).FirstOrDefault(g => g is not null),
            [DisclosedFact.Evidence] = Evidence(credential),
        };
        return new PresentedCredential
        {
            Format = PresentationFormats.LdpVc, Checks = checks, Facts = facts ?? new BadgeFacts { AchievementName = "?", IssuerName = "?" },
            BoundToHolder = bound, BindingCode = bound ? "holder.subject_id" : "holder.not_bound",
            Disclosed = values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).ToDictionary(v => v.Key, v => Clip(v.Value!)),
            Withheld = [.. values.Where(v => string.IsNullOrWhiteSpace(v.Value)).Select(v => v.Key)],
            Presented = text,
        };
    }

    /// <summary>OB 3.0: <c>credentialSubject.name</c>, or a plain (unhashed) <c>identifier</c> of identityType <c>name</c>.</summary>
    private static string? RecipientName(JsonObject subject) =>
        Text(subject["name"]) ?? (subject["identifier"] as JsonArray)?.OfType<JsonObject>()
            .Where(i => Text(i["identityType"]) == "name" && i["hashed"] is JsonValue h && h.TryGetValue<bool>(out var hashed) && !hashed)
            .Select(i => Text(i["identityHash"])).FirstOrDefault(n => n is not null);

    private static string? Grade(JsonObject subject) => subject["result"] switch
    {
        JsonArray results => results.OfType<JsonObject>().Select(r => Text(r["value"])).FirstOrDefault(v => v is not null),
        JsonObject result => Text(result["value"]),
        _ => null,
    };

    private static string? Evidence(JsonObject credential)
    {
        var items = credential["evidence"] switch { JsonArray a => a.OfType<JsonObject>(), JsonObject o => [o], _ => [] };
        var text = string.Join("; ", items.Take(20).Select(e => string.Join(" ", new[] { Text(e["name"]), Text(e["id"]) }.Where(x => !string.IsNullOrWhiteSpace(x))))
            .Where(x => x.Length > 0));
        return text.Length == 0 ? null : text;
    }

    private static string Clip(string text) => text.Length <= 2_000 ? text : text[..2_000];

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
