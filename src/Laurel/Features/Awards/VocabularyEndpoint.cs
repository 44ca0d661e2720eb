using Laurel.Features.Achievements;
using Laurel.Features.Awards.Issuing;

namespace Laurel.Features.Awards;

/// <summary>
/// <c>GET /vocabulary/{scheme}/{code}</c>: what an <c>ext:</c> alignment in an issued credential means, for codes without a
/// known EU concept URI (see <see cref="MicroCredentialVocabulary"/>), so every <c>targetUrl</c> Laurel writes resolves.
/// </summary>
public static class VocabularyEndpoint
{
    private sealed record Term(string Scheme, string Code, string Framework, string? EuConcept);

    private static readonly Dictionary<(string Scheme, string Slug), Term> Terms = Build();

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/vocabulary/{scheme}/{code}", IResult (string scheme, string code) =>
                Terms.TryGetValue((scheme, code), out var term)
                    ? TypedResults.Json(new
                    {
                        id = $"/vocabulary/{scheme}/{code}",
                        scheme = term.Scheme,
                        code = term.Code,
                        framework = term.Framework,
                        exactMatch = term.EuConcept,
                        source = "Edubadges micro-credential model (eu-microcredential.md, EU Council Recommendation 2022/C 243/02)",
                    })
                    : TypedResults.NotFound())
            .WithTags("Vocabulary").WithSummary("Meaning of a micro-credential code used in issued credentials")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json").Produces(StatusCodes.Status404NotFound);

    private static Dictionary<(string, string), Term> Build()
    {
        var terms = new List<Term>();
        terms.AddRange(Enum.GetValues<AssessmentType>().Select(v =>
            new Term("assessment-type", MicroCredentialVocabulary.Code(v), "Type of assessment", null)));
        terms.AddRange(Enum.GetValues<ParticipationForm>().Select(v =>
            new Term("participation-type", MicroCredentialVocabulary.Code(v), "Form of participation", MicroCredentialVocabulary.EuConcept(v))));
        terms.AddRange(Enum.GetValues<AssessmentSupervision>().Select(v =>
            new Term("supervision-type", MicroCredentialVocabulary.Code(v), "Supervision and identity verification during assessment", MicroCredentialVocabulary.EuConcept(v))));
        terms.Add(new Term("identity-checked", "true", "Identity of the learner checked during assessment", null));
        terms.Add(new Term("identity-checked", "false", "Identity of the learner checked during assessment", null));
        terms.Add(new Term("stackable", "true", "Integration and stackability options", null));
        terms.Add(new Term("stackable", "false", "Integration and stackability options", null));
        return terms.ToDictionary(t => (t.Scheme, MicroCredentialVocabulary.Slug(t.Code)));
    }
}
