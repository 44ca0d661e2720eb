using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Verification;

/// <summary>One check as a person reads it: what was checked, the outcome, what it means, and the verifier's own detail.</summary>
public sealed record PresentedCheck(string Id, string Code, CheckOutcome Outcome, string Title, string OutcomeText, string Explanation, string Detail);

/// <summary>A credential's key facts, label and value, in display order.</summary>
public sealed record PresentedFact(string Label, string Value);

/// <summary>
/// Who and what a credential is about, as the verify result shows it first: the holder's name (null when the credential
/// and Laurel's public badge page do not give one), the badge image (same-origin or data: only, as the CSP allows), the
/// issuer's name, the achievement, and its level and study load; for Laurel's own public badge, the link to its page.
/// The description, issue date and state (valid, expired, revoked...) are what the 1EdTech displayer checklist asks to see (OB3-8.2).
/// </summary>
public sealed record CredentialSummary(string? Holder, string? ImageUrl, string? Issuer, string? Achievement, string? Level, string? Credits,
    string? PageUrl = null)
{
    public string? Description { get; init; }
    /// <summary>True when <see cref="ImageUrl"/> is the uploaded baked image itself.</summary>
    public bool ImageIsBaked { get; init; }
    public string? Issued { get; init; }
    /// <summary>The credential's state in a word or two; <see cref="State"/> is its key (valid, expired, revoked, suspended...).</summary>
    public string? StateText { get; init; }
    public string? State { get; init; }
}

/// <summary>The revocation or suspension Laurel recorded for one of its own credentials (date and the staff member's reason).</summary>
public sealed record StatusNote(DateTime At, string Reason, bool Revoked);

/// <summary>Turns a <see cref="VerificationReport"/> into plain nl/en text for the page and the command line.</summary>
public sealed class ReportPresenter(IStringLocalizer<VerificationText> text)
{
    public string Verdict(VerificationReport report) => text["Verdict_" + report.Verdict];

    /// <summary>Any of the feature's texts (the command line uses the same resources as the page).</summary>
    public string Text(string key, params object[] arguments) => text[key, arguments];

    public IReadOnlyList<PresentedCheck> Checks(VerificationReport report, StatusNote? note = null) =>
        report.Checks.Select(c => Present(c, report, note)).ToList();

    /// <summary>What a presentation's check code means, in the request's language; null when the code has no text of its own.</summary>
    public string? CodeText(string code) => text["Code_" + code.Replace('.', '_')] is { ResourceNotFound: false } found ? found.Value : null;

    /// <summary>What one check's outcome means, in the request's language (the VC-API problems' title).</summary>
    public string Explanation(VerificationCheck check, VerificationReport report) => Present(check, report, null).Explanation;

    private PresentedCheck Present(VerificationCheck check, VerificationReport report, StatusNote? note)
    {
        var key = "Code_" + check.Code.Replace('.', '_');
        // The time cap is usually a slow issuer server, not oversized input: say so rather than "far larger than a real credential".
        if (check.Code == "limit.exceeded" && report.ExceededLimit == nameof(VerificationLimits.RequestTimeout)) key = "Code_limit_timeout";
        var template = text[key];
        var explanation = template.ResourceNotFound ? text["Code_unknown"].Value : string.Format(CultureInfo.CurrentCulture, template.Value,
            IssuerDisplay(report), report.VerificationMethod ?? "?");
        if (note is not null && check.Code is "status.revoked" or "status.suspended")
            explanation += " " + text[note.Revoked ? "StatusRevokedOn" : "StatusSuspendedOn",
                note.At.ToString("d MMMM yyyy", CultureInfo.CurrentCulture), note.Reason];
        var title = text["Title_" + check.Id];
        // Without a recipient to compare with, nothing was checked about whom the credential names: "not applicable" would
        // suggest it does not matter.
        var outcome = check.Code == "recipient.not_requested" ? text["Outcome_" + CheckOutcome.NotChecked] : text["Outcome_" + check.Outcome];
        return new PresentedCheck(check.Id, check.Code, check.Outcome, title.ResourceNotFound ? check.Id : title.Value,
            outcome, explanation, check.Detail);
    }

    /// <summary>
    /// Who proved to have issued the credential and whether this Laurel knows that issuer, as one sentence apart from the
    /// checks: a valid signature from an unknown did:key says nothing about the name it claims (issue 12 finding 1).
    /// </summary>
    public string IssuerLine(VerificationReport report, KnownIssuer known) => known.Knowledge switch
    {
        IssuerKnowledge.LaurelInstitution => text["Known_LaurelInstitution", known.ProvenIssuer!, known.KnownAs!],
        IssuerKnowledge.Trusted => text["Known_Trusted", known.ProvenIssuer!, known.KnownAs!],
        IssuerKnowledge.Unknown when report.IssuerName is { } claimed => text["Known_Unknown", known.ProvenIssuer!, claimed],
        IssuerKnowledge.Unknown => text["Known_UnknownNoName", known.ProvenIssuer!],
        _ => text["Known_Unproven", IssuerDisplay(report)],
    };

    /// <summary>e.g. <c>did:web:… (Universiteit Utrecht)</c>.</summary>
    public static string IssuerDisplay(VerificationReport report) =>
        (report.IssuerId, report.IssuerName) switch
        {
            ({ } id, { } name) => $"{id} ({name})",
            ({ } id, null) => id,
            (null, { } name) => name,
            _ => "?",
        };

    public IReadOnlyList<PresentedFact> Facts(VerificationReport report)
    {
        var facts = new List<PresentedFact> { new(text["FactFormat"], FormatText(report)) };
        var credential = report.Credential;
        if (report.AchievementName is { } achievement) facts.Add(new(text["FactAchievement"], achievement));
        if (report.IssuerId is not null || report.IssuerName is not null) facts.Add(new(text["FactIssuer"], IssuerDisplay(report)));
        if (credential is null) return facts;

        var subject = credential["credentialSubject"] as JsonObject;
        if (Recipient(subject) is { } recipient) facts.Add(new(text["FactRecipient"], recipient));
        if (Date(credential["validFrom"] ?? credential["issuanceDate"] ?? credential["issuedOn"]) is { } issued)
            facts.Add(new(text["FactIssued"], issued));
        if (Date(credential["validUntil"] ?? credential["expirationDate"] ?? credential["expires"]) is { } until)
            facts.Add(new(text["FactValidUntil"], until));

        var definition = subject?["achievement"] as JsonObject;
        if (Str(definition?["achievementType"]) is "MicroCredential" or "ext:MicroCredential")
            facts.Add(new(text["FactMicroCredential"], text["FactYes"]));
        if (EqfLevel(definition) is { } level) facts.Add(new(text["FactLevel"], level));
        if (definition?["creditsAvailable"] is JsonValue credits && credits.TryGetValue<double>(out var ec))
            facts.Add(new(text["FactCredits"], text["FactCreditsValue", ec.ToString("0.##", CultureInfo.CurrentCulture)]));
        return facts;
    }

    /// <summary>
    /// The summary for the top of the result. <paramref name="laurelHolder"/> and <paramref name="laurelImage"/> come from
    /// Laurel's own award when the credential is one (the name only when its public page shows it).
    /// </summary>
    public CredentialSummary? Summary(VerificationReport report, string? laurelHolder, string? laurelImage)
    {
        if (report.Credential is not { } credential) return null;
        var subject = credential["credentialSubject"] as JsonObject;
        var definition = subject?["achievement"] as JsonObject;
        var image = laurelImage ?? (definition?["image"] switch
        {
            JsonObject o => Str(o["id"]),
            var node => Str(node),
        } is { } url && url.StartsWith("data:image/", StringComparison.Ordinal) ? url : null);
        var credits = definition?["creditsAvailable"] is JsonValue c && c.TryGetValue<double>(out var ec)
            ? text["FactCreditsValue", ec.ToString("0.##", CultureInfo.CurrentCulture)].Value : null;
        var state = State(report);
        return new CredentialSummary(HolderName(subject) ?? laurelHolder, image, report.IssuerName ?? report.IssuerId,
            report.AchievementName, EqfLevel(definition), credits)
        {
            Description = Str(definition?["description"]) ?? Str(credential["description"]) ?? Str((credential["badge"] as JsonObject)?["description"]),
            Issued = Date(credential["validFrom"] ?? credential["issuanceDate"] ?? credential["issuedOn"]),
            State = state,
            StateText = text["State_" + state],
        };
    }

    /// <summary>
    /// The one state a viewer reads first (OB3 §6 step 4: revoked and expired are shown apart): revoked or suspended by the
    /// status check, expired or not yet valid by the dates check, otherwise the verdict.
    /// </summary>
    public static string State(VerificationReport report)
    {
        var codes = report.Checks.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        if (codes.Contains("status.revoked")) return "revoked";
        if (codes.Contains("status.suspended")) return "suspended";
        if (codes.Contains("dates.expired")) return "expired";
        if (codes.Contains("dates.not_yet_valid")) return "not_yet_valid";
        return report.Verdict.ToString().ToLowerInvariant();
    }

    /// <summary>A name the credential states in plain text: <c>credentialSubject.name</c> or an unhashed "name" identifier.</summary>
    private static string? HolderName(JsonObject? subject)
    {
        if (subject is null) return null;
        if (Str(subject["name"]) is { Length: > 0 } name) return name;
        var identities = subject["identifier"] switch { JsonArray a => a.OfType<JsonObject>().ToList(), JsonObject o => [o], _ => [] };
        return identities.Where(i => Str(i["identityType"]) == "name" && !(i["hashed"] is JsonValue h && h.TryGetValue<bool>(out var hashed) && hashed))
            .Select(i => Str(i["identityHash"])).FirstOrDefault(n => n is { Length: > 0 });
    }

    private string FormatText(VerificationReport report)
    {
        var format = text["Format_" + report.Format].Value;
        return report.Container == BakedContainer.None ? format : $"{format}, {text["Container_" + report.Container]}";
    }

    private string? Recipient(JsonObject? subject)
    {
        if (subject is null) return null;
        var identities = subject["identifier"] switch { JsonArray a => a.OfType<JsonObject>().ToList(), JsonObject o => [o], _ => [] };
        foreach (var identity in identities)
        {
            var type = Str(identity["identityType"]) ?? "";
            if (identity["hashed"] is JsonValue h && h.TryGetValue<bool>(out var hashed) && hashed)
                return $"{type}: {text["FactRecipientHashed"]}";
            if (Str(identity["identityHash"]) is { } plain) return $"{type}: {plain}";
        }
        return Str(subject["id"]);
    }

    private static string? EqfLevel(JsonObject? definition)
    {
        var alignments = definition?["alignment"] as JsonArray;
        var eqf = alignments?.OfType<JsonObject>().FirstOrDefault(a =>
            (Str(a["targetUrl"]) ?? "").Contains("/snb/eqf/", StringComparison.Ordinal) || Str(a["targetType"]) == "ext:EQF");
        return eqf is null ? null : Str(eqf["targetName"]) ?? "EQF " + Str(eqf["targetCode"]);
    }

    private static string? Date(JsonNode? node) =>
        Str(node) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
            ? d.ToString("d MMMM yyyy", CultureInfo.CurrentCulture)
            : null;

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
