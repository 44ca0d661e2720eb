using System.Text.Json.Nodes;

namespace Laurel.Credentials.DataModel;

// VC Data Model 2.0 §4.13 (verifiable presentations); the embedded credentials are validated by the credential verifier.
public static partial class VcDataModel
{
    /// <summary>Problem code: an item of <c>verifiableCredential</c> is not an object (a string, number or URL).</summary>
    public const string NotCredential = "not-credential";

    /// <summary>
    /// Validates a presentation (secured or not) against VC 2.0 §4.13, or VC 1.1 §4.10 when its first context is the 1.1 one:
    /// the contexts, a type that includes <c>VerifiablePresentation</c>, an optional URL <c>id</c>, a <c>holder</c> that is a
    /// URL or an object whose id is a URL, <c>verifiableCredential</c> items that are objects (verifiable credentials or
    /// enveloped ones, never strings), and proofs that are objects. Zero credentials is allowed (DID authentication).
    /// Every problem is returned, not only the first.
    /// </summary>
    public static IReadOnlyList<DataModelProblem> ValidatePresentation(JsonObject presentation)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        var p = new List<DataModelProblem>();
        var v1 = BaseContextIs(presentation, V1Context);
        Contexts(p, presentation["@context"], "@context", v1 ? V1Context : V2Context, presentation.ContainsKey("@context"));

        var types = TypeValues(p, presentation["type"], presentation.ContainsKey("type"), "type");
        if (types.Contains("EnvelopedVerifiablePresentation"))
        {
            EnvelopeRules(p, presentation, types, "EnvelopedVerifiablePresentation");
            return p;
        }
        if (types.Count > 0 && !types.Contains("VerifiablePresentation"))
            p.Add(new("type", BadType, "type must include 'VerifiablePresentation' (VC 2.0 §4.13)."));

        OptionalId(p, presentation, "id", "");
        Holder(p, presentation);
        PresentedCredentials(p, presentation);
        Proofs(p, presentation);
        return p;
    }

    // VC 2.0 §4.13: "If present, the value MUST be either a URL or an object containing an id property."
    private static void Holder(List<DataModelProblem> p, JsonObject presentation)
    {
        if (!presentation.TryGetPropertyValue("holder", out var holder)) return;
        if (holder is JsonObject o)
        {
            if (o["id"] is null) p.Add(new("holder.id", Required, "A holder object must have an id that is a URL (VC 2.0 §4.13)."));
            else SingleUrl(p, o["id"], "holder.id", "The holder id");
        }
        else SingleUrl(p, holder, "holder", "holder");
    }

    // "The value MUST be one or more verifiable credential and/or enveloped verifiable credential objects (the values MUST
    // NOT be non-object values such as numbers, strings, or URLs)."
    private static void PresentedCredentials(List<DataModelProblem> p, JsonObject presentation)
    {
        if (!presentation.TryGetPropertyValue("verifiableCredential", out var node)) return;
        if (node is null)
        {
            p.Add(new("verifiableCredential", NotCredential, "verifiableCredential, when present, holds credential objects, not null."));
            return;
        }
        foreach (var (item, path) in Each(node, "verifiableCredential"))
        {
            if (item is not JsonObject credential)
            {
                p.Add(new(path, NotCredential, "Each presented credential must be an object, not a string, number or URL (VC 2.0 §4.13)."));
                continue;
            }
            var types = TypesOf(credential["type"]);
            if (types.Contains("EnvelopedVerifiableCredential"))
            {
                // The envelope rules name paths from their own object.
                var inner = new List<DataModelProblem>();
                EnvelopeRules(inner, credential, types, "EnvelopedVerifiableCredential");
                p.AddRange(inner.Select(problem => problem with { Path = path + "." + problem.Path }));
            }
            else if (!types.Contains("VerifiableCredential"))
                p.Add(new(path + ".type", BadType, "A presented credential's type must include 'VerifiableCredential' or 'EnvelopedVerifiableCredential'."));
        }
    }
}
