using Map = System.Collections.Generic.Dictionary<string, object?>;

namespace Laurel.Credentials.JsonLd;

/// <summary>Value Expansion (API §5.3.2).</summary>
internal static class ValueExpander
{
    public static Map Expand(ProcessingSession session, ActiveContext active, string? activeProperty, object value)
    {
        var definition = activeProperty is null ? null : active.Term(activeProperty);
        var typeMapping = definition?.TypeMapping;
        if (value is string reference && typeMapping is Keywords.Id or Keywords.Vocab)
        {
            var iri = IriExpander.Expand(active, reference, documentRelative: true, vocab: typeMapping == Keywords.Vocab);
            CheckReference(session, iri, reference, activeProperty);
            return new Map(1) { [Keywords.Id] = iri };
        }

        var result = new Map(2) { [Keywords.Value] = value };
        if (typeMapping is not null and not Keywords.Id and not Keywords.Vocab and not Keywords.None)
        {
            result[Keywords.Type] = typeMapping;
        }
        else if (value is string)
        {
            var language = definition is { HasLanguage: true } ? definition.Language : active.DefaultLanguage;
            var direction = definition is { HasDirection: true } ? definition.Direction : active.DefaultDirection;
            if (language is not null) result[Keywords.Language] = language;
            if (direction is not null) result[Keywords.Direction] = direction;
        }

        return result;
    }

    /// <summary>Safe mode: an @id that is neither an absolute IRI nor a blank node identifier would be dropped from the RDF.</summary>
    public static void CheckReference(ProcessingSession session, string? iri, string original, string? property)
    {
        if (!session.SafeMode || iri is null) return;
        if (IriResolver.IsAbsolute(iri) || iri.StartsWith("_:", StringComparison.Ordinal)) return;
        session.Lossy($"the IRI reference '{original}'{(property is null ? "" : $" of '{property}'")} is relative and cannot be signed.");
    }
}
