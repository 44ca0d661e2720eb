using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Institutions;

namespace Laurel.Features.Standards.Elm;

/// <summary>What an ELM export is made from: the award, its definition and institution, and the OB 3.0 credential the viewer may have.</summary>
/// <param name="ViewerCredentialJson">
/// The signed OB 3.0 credential this viewer gets (<c>PublicCredentials.ForViewerAsync</c>): for the public while the learner hides
/// grade or evidence it is the public variant without them, so nothing hidden can reach the ELM file.
/// </param>
/// <param name="BadgePng">The badge image (with the micro-credential mark) shown as the credential's display page.</param>
/// <param name="EidasIdentifier">The organisation identifier of the institution's seal certificate, when it has one.</param>
public sealed record ElmSource(Award Award, Achievement Achievement, Issuer Issuer, Institution Institution, string ViewerCredentialJson, string BadgePageUrl,
    byte[] BadgePng, string? EidasIdentifier = null);

/// <summary>
/// Maps a micro-credential award to a Europass / European Learning Model v3 European Digital Credential (JSON-LD, context
/// <c>http://data.europa.eu/snb/model/context/edc-ap</c>, VC Data Model 1.1 as the EDC samples use), shaped after the
/// official micro-credential sample (ELM repository, <c>Sample-MC-Annex1</c>) so it passes the <c>edc-generic-full</c> SHACL
/// shapes. The mapping table, with what is fixed and what is omitted, is <c>docs/elm.md</c>; element numbers (M1–M11,
/// O1–O5) are those of <c>eu-microcredential.md</c> §2. Every node gets a stable id derived from the award id, so the same
/// award always gives the same bytes (downloads carry a strong ETag).
/// </summary>
public static partial class ElmCredential
{
    public const string Context = "http://data.europa.eu/snb/model/context/edc-ap";
    public const string VcV1Context = "https://www.w3.org/2018/credentials/v1";
    /// <summary>The SHACL profile the export is validated against (ELM-3.5): generic, with controlled-vocabulary checks.</summary>
    public const string Schema = "http://data.europa.eu/snb/model/ap/edc-generic-full";

    public static JsonObject Build(ElmSource source)
    {
        var award = source.Award;
        var achievement = source.Achievement;
        var ob = JsonNode.Parse(source.ViewerCredentialJson) as JsonObject ?? [];
        var subject = ob["credentialSubject"] as JsonObject ?? [];
        var n = award.Id.ToString("N")[..12];
        string Id(string kind) => $"urn:laurel:elm:{kind}:{n}";
        var issued = Date(award.IssuedAt);
        var languages = Languages(achievement);

        var organisation = Organisation(source, Id("org"));
        var specification = Specification(source, languages, Id);
        var assessment = Assessment(source, subject, languages, Id);
        var awarding = new JsonObject
        {
            ["id"] = Id("awardingProcess"),
            ["type"] = "AwardingProcess",
            ["awardingBody"] = Ref(organisation),
            ["awardingDate"] = issued,
        };
        assessment["awardedBy"] = Ref(awarding);

        var claim = new JsonObject
        {
            ["id"] = Id("learningAchievement"),
            ["type"] = "LearningAchievement",
            ["title"] = Text(languages, l => achievement.TextIn(l).Name),
            ["description"] = Text(languages, l => achievement.TextIn(l).Description),
            // M4, M5: the awarding body and the date of awarding.
            ["awardedBy"] = awarding,
            ["provenBy"] = assessment,
            ["specifiedBy"] = specification,
            // O5: the badge page, where the signed OB 3.0 credential can be checked.
            ["supplementaryDocument"] = new JsonObject
            {
                ["id"] = Id("webResource"),
                ["type"] = "WebResource",
                ["contentURL"] = source.BadgePageUrl,
            },
        };

        // M1: the learner. Laurel keeps no name in the credential without consent; the recipient is the DID the learner gave or
        // the salted hash of their identifier, exactly as in the OB 3.0 credential.
        var person = new JsonObject
        {
            ["id"] = Text(subject["id"]) is { } did && Uri.TryCreate(did, UriKind.Absolute, out _) ? did : Id("person"),
            ["type"] = "Person",
        };
        var identity = (subject["identifier"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault();
        if (Text(identity?["identityHash"]) is { } hash)
            person["identifier"] = new JsonObject
            {
                ["id"] = Id("identifier"),
                ["type"] = "Identifier",
                ["schemeName"] = "Open Badges 3.0 IdentityObject (" + (Text(identity?["identityType"]) ?? "identifier") + ", salted SHA-256)",
                ["notation"] = hash,
            };
        if (!string.IsNullOrWhiteSpace(award.RecipientName) && Text(subject["name"]) is { } name)
            person["fullName"] = new JsonObject { [languages[0]] = name };
        person["hasClaim"] = claim;

        var primary = languages[0];
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(VcV1Context, Context),
            ["id"] = "urn:credential:" + award.Id.ToString("D"),
            ["type"] = new JsonArray("VerifiableCredential", "EuropeanDigitalCredential"),
            ["credentialProfiles"] = Concept("http://data.europa.eu/snb/credential/e34929035b", "http://data.europa.eu/snb/credential/25831c2", "Generic"),
            ["credentialSchema"] = new JsonObject { ["id"] = Schema, ["type"] = "ShaclValidator2017" },
            ["issuer"] = organisation,
            ["issuanceDate"] = issued,
            ["issued"] = issued,
            ["validFrom"] = issued,
            ["credentialSubject"] = person,
            ["displayParameter"] = new JsonObject
            {
                ["id"] = Id("displayParameter"),
                ["type"] = "DisplayParameter",
                ["title"] = Text(languages, l => achievement.TextIn(l).Name),
                ["language"] = new JsonArray(languages.Select(LanguageConcept).ToArray<JsonNode?>()),
                ["primaryLanguage"] = LanguageConcept(primary),
                // One page: the badge image with its micro-credential mark, as the EDC viewer's first page.
                ["individualDisplay"] = new JsonObject
                {
                    ["id"] = Id("individualDisplay"),
                    ["type"] = "IndividualDisplay",
                    ["language"] = LanguageConcept(primary),
                    ["displayDetail"] = new JsonObject
                    {
                        ["id"] = Id("displayDetail"),
                        ["type"] = "DisplayDetail",
                        ["page"] = 1,
                        ["image"] = new JsonObject
                        {
                            ["id"] = Id("image"),
                            ["type"] = "MediaObject",
                            ["content"] = Convert.ToBase64String(source.BadgePng),
                            ["contentEncoding"] = Concept("http://data.europa.eu/snb/encoding/6146cde7dd", "http://data.europa.eu/snb/encoding/25831c2", "base64"),
                            ["contentType"] = Concept("http://publications.europa.eu/resource/authority/file-type/PNG",
                                "http://publications.europa.eu/resource/authority/file-type", "PNG", "file-type"),
                        },
                    },
                },
            },
        };
        return credential;
    }

    private static JsonObject Organisation(ElmSource source, string id)
    {
        var institution = source.Institution;
        var organisation = new JsonObject
        {
            ["id"] = id,
            ["type"] = "Organisation",
            ["legalName"] = new JsonObject { ["nl"] = institution.NameNl, ["en"] = institution.NameEn },
            // M3: country of the issuer. Laurel serves Dutch institutions (BRIN numbers, NLQF), so the country is fixed to NLD.
            ["location"] = new JsonObject
            {
                ["id"] = id + ":location",
                ["type"] = "Location",
                ["address"] = new JsonObject
                {
                    ["id"] = id + ":address",
                    ["type"] = "Address",
                    ["countryCode"] = Concept("http://publications.europa.eu/resource/authority/country/NLD",
                        "http://publications.europa.eu/resource/authority/country", "Netherlands", "country"),
                },
            },
            ["registration"] = new JsonObject
            {
                ["id"] = id + ":registration",
                ["type"] = "LegalIdentifier",
                ["notation"] = institution.Brin ?? institution.Identifier,
                ["spatial"] = Concept("http://publications.europa.eu/resource/authority/country/NLD",
                    "http://publications.europa.eu/resource/authority/country", "Netherlands", "country"),
            },
        };
        // The EDC issuer shape requires an eIDAS legal identifier: the organisation identifier in the institution's seal
        // certificate when it uploaded one (what EDC's own sealing puts here), otherwise its registration (BRIN).
        organisation["eIDASIdentifier"] = new JsonObject
        {
            ["id"] = id + ":eidas",
            ["type"] = "LegalIdentifier",
            ["notation"] = source.EidasIdentifier ?? institution.Brin ?? institution.Identifier,
            ["spatial"] = Concept("http://publications.europa.eu/resource/authority/country/NLD",
                "http://publications.europa.eu/resource/authority/country", "Netherlands", "country"),
        };
        if (source.Issuer.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out _))
            organisation["homepage"] = new JsonObject { ["id"] = id + ":homepage", ["type"] = "WebResource", ["contentURL"] = url };
        if (source.Issuer.Email is { } email && email.Contains('@'))
            organisation["contactPoint"] = new JsonObject
            {
                ["id"] = id + ":contactPoint",
                ["type"] = "ContactPoint",
                ["emailAddress"] = new JsonObject { ["id"] = "mailto:" + email, ["type"] = "Mailbox" },
            };
        return organisation;
    }

    private static JsonObject Specification(ElmSource source, string[] languages, Func<string, string> id)
    {
        var a = source.Achievement;
        var spec = new JsonObject
        {
            ["id"] = id("learningAchievementSpec"),
            ["type"] = "LearningAchievementSpecification",
            ["title"] = Text(languages, l => a.TextIn(l).Name),
            ["description"] = Text(languages, l => a.TextIn(l).Description),
            ["language"] = LanguageConcept(a.Language),
            ["homepage"] = new JsonObject { ["id"] = id("specHomepage"), ["type"] = "WebResource", ["contentURL"] = source.BadgePageUrl },
        };
        // M6: learning outcomes, one LearningOutcome per line of the Markdown list (titles in every language the definition has).
        var outcomes = languages.ToDictionary(l => l, l => Lines(a.TextIn(l).LearningOutcomes));
        var count = outcomes[languages[0]].Count;
        if (count > 0)
            spec["learningOutcome"] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode?)new JsonObject
            {
                ["id"] = id("learningOutcome") + ":" + (i + 1),
                ["type"] = "LearningOutcome",
                ["title"] = Text(languages.Where(l => outcomes[l].Count == count).ToArray(), l => outcomes[l][i]),
            }).ToArray());
        // M8: EQF level as the EU vocabulary concept.
        if (a.EqfLevel is int eqf and >= 1 and <= 8)
            spec["eqfLevel"] = Concept($"http://data.europa.eu/snb/eqf/{eqf}", "http://data.europa.eu/snb/eqf/25831c2", $"Level {eqf}");
        // M7: ECTS credit points and the volume of learning as an ISO 8601 duration in hours.
        if (a.StudyLoadEc is decimal ec && a.StudyLoadUnit != StudyLoadUnit.Sbu)
            spec["creditPoint"] = new JsonObject
            {
                ["id"] = id("creditPoint"),
                ["type"] = "CreditPoint",
                ["framework"] = Concept("http://data.europa.eu/snb/education-credit/6fcec5c5af", "http://data.europa.eu/snb/education-credit/25831c2",
                    "European Credit Transfer and Accumulation System"),
                ["point"] = ec.ToString("0.##", CultureInfo.InvariantCulture),
            };
        if (a.StudyLoadHours is decimal hours && hours > 0)
            spec["volumeOfLearning"] = "PT" + decimal.Round(hours, 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + "H";
        // M10: form of participation. The EU learning-mode vocabulary has Online and Blended concepts; Laurel's other forms
        // (volunteering, work experience, personalised learning) have no concept there and go into the note below.
        var modes = a.ParticipationForms.Select(f => f switch
        {
            ParticipationForm.Online => Concept("http://data.europa.eu/snb/learning-assessment/920fbb3cbe", "http://data.europa.eu/snb/learning-assessment/25831c2", "Online"),
            ParticipationForm.OnsiteOrBlended => Concept("http://data.europa.eu/snb/learning-assessment/e92d221e4d", "http://data.europa.eu/snb/learning-assessment/25831c2", "Blended"),
            _ => null,
        }).OfType<JsonObject>().GroupBy(c => Text(c["id"])).Select(g => (JsonNode?)g.First()).ToArray();
        if (modes.Length > 0) spec["mode"] = new JsonArray(modes);
        // O1: prerequisites and the criteria (Laurel's criteria text states what must be done to earn it).
        if (!string.IsNullOrWhiteSpace(a.CriteriaMarkdown))
            spec["entryRequirement"] = Note(id("entryRequirement"), languages, l => Plain(a.TextIn(l).CriteriaMarkdown));
        // M11: quality assurance. ELM's Accreditation needs an accrediting agent and a type concept Laurel does not store, so
        // the framework's name, description and address go into a note with the framework's page as supplementary document.
        var notes = new JsonArray();
        if (!string.IsNullOrWhiteSpace(a.QualityAssuranceName))
            notes.Add(NoteWithSubject(id("qualityAssurance"), "Quality assurance",
                string.Join(" — ", new[] { a.QualityAssuranceName, a.QualityAssuranceDescription, a.QualityAssuranceUrl }.Where(s => !string.IsNullOrWhiteSpace(s)))));
        // O4: integration / stackability.
        notes.Add(NoteWithSubject(id("stackability"), "Integration / stackability",
            a.Stackable ? "Stackable: can be combined with other credentials towards a larger credential." : "Stand-alone credential."));
        var otherForms = a.ParticipationForms.Where(f => f is not (ParticipationForm.Online or ParticipationForm.OnsiteOrBlended)).ToList();
        if (otherForms.Count > 0)
            notes.Add(NoteWithSubject(id("participation"), "Form of participation", string.Join(", ", otherForms.Select(FormLabel))));
        if (a.NlqfLevel is int nlqf)
            notes.Add(NoteWithSubject(id("nlqf"), "NLQF level", $"NLQF {nlqf}"));
        if (a.ProgrammeIdentifiers.Count > 0)
            notes.Add(NoteWithSubject(id("programmes"), "Programme identifiers", string.Join(", ", a.ProgrammeIdentifiers)));
        spec["additionalNote"] = notes;
        if (a.QualityAssuranceUrl is { } qa && Uri.TryCreate(qa, UriKind.Absolute, out var qaUri) && qaUri.Scheme is "http" or "https")
            spec["supplementaryDocument"] = new JsonObject { ["id"] = id("qualityAssuranceDocument"), ["type"] = "WebResource", ["contentURL"] = qa };
        return spec;
    }

    private static JsonObject Assessment(ElmSource source, JsonObject subject, string[] languages, Func<string, string> id)
    {
        var a = source.Achievement;
        var types = a.AssessmentTypes.Count == 0 ? "assessment" : string.Join(", ", a.AssessmentTypes.Select(TypeLabel));
        var assessment = new JsonObject
        {
            ["id"] = id("learningAssessment"),
            ["type"] = "LearningAssessment",
            ["title"] = new JsonObject { ["en"] = "Assessment: " + types },
            // M9: the type of assessment, as Edubadges names it (the EU assessment-type vocabulary is not mapped one to one).
            ["specifiedBy"] = new JsonObject
            {
                ["id"] = id("learningAssessmentSpec"),
                ["type"] = "LearningAssessmentSpecification",
                ["title"] = new JsonObject { ["en"] = types },
                ["description"] = new JsonObject { ["en"] = "Type of assessment: " + types + ". " + SupervisionLabel(a) },
            },
        };
        // O2: supervision and identity verification; the one EU concept Laurel maps with certainty is "unsupervised, no ID check".
        if (a.Supervision == AssessmentSupervision.UnsupervisedNoIdentityCheck && !a.IdentityChecked)
            assessment["idVerification"] = Concept("http://data.europa.eu/snb/supervision-verification/c598449d64",
                "http://data.europa.eu/snb/supervision-verification/25831c2", "Unsupervised without ID Verification");
        // O3: the grade, only when it is in the credential this viewer gets (hidden grades are absent from the public variant).
        var grade = (subject["result"] as JsonArray)?.OfType<JsonObject>().Select(r => Text(r["value"])).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (grade is not null)
            assessment["grade"] = new JsonObject { ["id"] = id("grade"), ["type"] = "Note", ["noteLiteral"] = new JsonObject { [languages[0]] = grade } };
        return assessment;
    }

    private static string SupervisionLabel(Achievement a) => (a.Supervision switch
    {
        AssessmentSupervision.UnsupervisedNoIdentityCheck => "Unsupervised with no identity verification",
        AssessmentSupervision.SupervisedNoIdentityCheck => "Supervised with no identity verification",
        AssessmentSupervision.SupervisedOnline => "Supervised online",
        AssessmentSupervision.OnsiteWithIdentityCheck => "Supervised onsite with identity verification",
        _ => "Supervision not stated",
    }) + (a.IdentityChecked ? "; identity checked." : ".");

    private static string TypeLabel(AssessmentType t) => t switch
    {
        AssessmentType.Testing => "testing",
        AssessmentType.ApplicationOfSkill => "application of a skill",
        AssessmentType.Portfolio => "portfolio",
        _ => "recognition of prior learning",
    };

    private static string FormLabel(ParticipationForm f) => f switch
    {
        ParticipationForm.Volunteering => "volunteering",
        ParticipationForm.WorkExperience => "work experience",
        ParticipationForm.PersonalizedLearning => "personalised learning activities",
        ParticipationForm.Online => "online",
        _ => "onsite or blended",
    };

    /// <summary>The definition's languages, main language first; every language map in the file carries these.</summary>
    private static string[] Languages(Achievement a) =>
        new[] { a.Language }.Concat(a.Translations.Select(t => t.Language)).Where(l => l is "nl" or "en").Distinct().DefaultIfEmpty("nl").ToArray();

    private static JsonObject Text(string[] languages, Func<string, string> text)
    {
        var map = new JsonObject();
        foreach (var l in languages)
            if (text(l) is { Length: > 0 } value) map[l] = value;
        return map;
    }

    private static JsonObject Note(string id, string[] languages, Func<string, string> text) =>
        new() { ["id"] = id, ["type"] = "Note", ["noteLiteral"] = Text(languages, text) };

    private static JsonObject NoteWithSubject(string id, string subject, string text) => new()
    {
        ["id"] = id,
        ["type"] = "Note",
        ["noteLiteral"] = new JsonObject { ["en"] = subject + ": " + text },
    };

    private static JsonObject Concept(string id, string scheme, string label, string? notation = null)
    {
        var concept = new JsonObject
        {
            ["id"] = id,
            ["type"] = "Concept",
            ["inScheme"] = new JsonObject { ["id"] = scheme, ["type"] = "ConceptScheme" },
            ["prefLabel"] = new JsonObject { ["en"] = label },
        };
        if (notation is not null) concept["notation"] = notation;
        return concept;
    }

    private static JsonObject LanguageConcept(string language) => language == "en"
        ? Concept("http://publications.europa.eu/resource/authority/language/ENG", "http://publications.europa.eu/resource/authority/language", "English", "language")
        : Concept("http://publications.europa.eu/resource/authority/language/NLD", "http://publications.europa.eu/resource/authority/language", "Dutch", "language");

    /// <summary>A reference to a node already in the document (JSON-LD merges nodes with the same id).</summary>
    private static JsonObject Ref(JsonObject node) => new() { ["id"] = node["id"]!.GetValue<string>(), ["type"] = node["type"]!.GetValue<string>() };

    private static string Date(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The items of a Markdown list (or the non-empty lines of plain text), markers removed.</summary>
    private static List<string> Lines(string markdown) =>
        markdown.Split('\n').Select(l => ListMarker().Replace(l.Trim(), "").Trim()).Where(l => l.Length > 0).Select(Plain).ToList();

    /// <summary>Markdown emphasis and link syntax removed: ELM texts are plain strings.</summary>
    private static string Plain(string markdown) => MarkdownSyntax().Replace(markdown.Trim(), "");

    [GeneratedRegex(@"^([-*+]|\d+[.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"[*_`#>]+")]
    private static partial Regex MarkdownSyntax();
}
