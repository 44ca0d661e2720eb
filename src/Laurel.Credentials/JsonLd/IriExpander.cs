using Map = System.Collections.Generic.Dictionary<string, object?>;

namespace Laurel.Credentials.JsonLd;

/// <summary>State of one context definition being processed, needed when IRI expansion defines terms on demand.</summary>
internal sealed class TermBuildState(Map localContext, string? baseUrl, bool protectedDefault, bool overrideProtected,
    List<string> remoteContexts, bool stable, ProcessingSession session)
{
    public Map LocalContext { get; } = localContext;

    /// <summary>The spec's "defined" map: false while a term is being defined (cycle detection), true when done.</summary>
    public Dictionary<string, bool> Defined { get; } = new(StringComparer.Ordinal);

    public string? BaseUrl { get; } = baseUrl;

    public bool ProtectedDefault { get; } = protectedDefault;

    public bool OverrideProtected { get; } = overrideProtected;

    public List<string> RemoteContexts { get; } = remoteContexts;

    /// <summary>True when the local context is a shared, cached object (scoped contexts may then be cached by identity).</summary>
    public bool Stable { get; } = stable;

    public ProcessingSession Session { get; } = session;
}

/// <summary>IRI Expansion (API §5.2.2).</summary>
internal static class IriExpander
{
    /// <summary>Expands a key or vocabulary-relative value; memoised on frozen contexts.</summary>
    public static string? ExpandVocab(ActiveContext context, string value)
    {
        var memo = context.VocabIriMemo;
        if (memo is null) return Expand(context, value, documentRelative: false, vocab: true);
        if (memo.TryGetValue(value, out var cached)) return cached;
        var expanded = Expand(context, value, documentRelative: false, vocab: true);
        memo.TryAdd(value, expanded);
        return expanded;
    }

    /// <summary>Expands an <c>@type</c> value (vocab- and document-relative); memoised on frozen contexts.</summary>
    public static string? ExpandType(ActiveContext context, string value)
    {
        var memo = context.TypeIriMemo;
        if (memo is null) return Expand(context, value, documentRelative: true, vocab: true);
        if (memo.TryGetValue(value, out var cached)) return cached;
        var expanded = Expand(context, value, documentRelative: true, vocab: true);
        memo.TryAdd(value, expanded);
        return expanded;
    }

    public static string? Expand(ActiveContext context, string? value, bool documentRelative, bool vocab, TermBuildState? build = null)
    {
        if (value is null || Keywords.IsKeyword(value)) return value;
        if (Keywords.HasKeywordForm(value)) return null;

        if (build is not null && build.LocalContext.ContainsKey(value)
            && !(build.Defined.TryGetValue(value, out var done) && done))
        {
            TermDefinitionBuilder.Create(context, build, value);
        }

        var definition = context.Term(value);
        if (definition is not null)
        {
            if (Keywords.IsKeyword(definition.Iri)) return definition.Iri;
            if (vocab) return definition.Iri;
        }

        var colon = value.Length > 1 ? value.IndexOf(':', 1) : -1;
        if (colon > 0)
        {
            var prefix = value[..colon];
            var suffix = value.AsSpan(colon + 1);
            if (prefix == "_" || suffix.StartsWith("//")) return value;
            if (build is not null && build.LocalContext.ContainsKey(prefix)
                && !(build.Defined.TryGetValue(prefix, out var prefixDone) && prefixDone))
            {
                TermDefinitionBuilder.Create(context, build, prefix);
            }

            var prefixDefinition = context.Term(prefix);
            if (prefixDefinition is { Iri: not null, Prefix: true }) return string.Concat(prefixDefinition.Iri, suffix);
            if (IriResolver.IsAbsolute(value)) return value;
        }

        if (vocab && context.Vocab is not null) return context.Vocab + value;
        if (documentRelative) return IriResolver.Resolve(context.BaseIri, value);
        return value;
    }
}
