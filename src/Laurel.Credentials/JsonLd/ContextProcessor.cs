using Map = System.Collections.Generic.Dictionary<string, object?>;

namespace Laurel.Credentials.JsonLd;

/// <summary>Context Processing (API §4.1.2), with results cached on the (frozen) active context they derive from.</summary>
internal static class ContextProcessor
{
    private const int MaxRemoteContexts = 32;

    public static ActiveContext Process(ProcessingSession session, ActiveContext active, object? localContext, string? baseUrl,
        List<string>? remoteContexts = null, bool overrideProtected = false, bool propagate = true,
        bool validateScoped = true, bool stable = false)
    {
        remoteContexts ??= [];
        var flags = (overrideProtected ? 1 : 0) | (propagate ? 2 : 0) | (validateScoped ? 4 : 0);
        var cacheable = stable && localContext is not null && localContext is not string && remoteContexts.Count == 0 && active.Frozen;
        var key = new ContextKey(localContext ?? "", baseUrl, flags);
        if (cacheable && active.TryGetDerived(key, out var cached)) return cached!;

        var result = Compute(session, active, localContext, baseUrl, remoteContexts, overrideProtected, propagate, validateScoped, stable);
        if (!ReferenceEquals(result, active)) result.Freeze();
        if (cacheable) active.AddDerived(key, result);
        return result;
    }

    private static ActiveContext Compute(ProcessingSession session, ActiveContext active, object? localContext, string? baseUrl,
        List<string> remoteContexts, bool overrideProtected, bool propagate, bool validateScoped, bool stable)
    {
        var result = active;
        var owned = false; // never mutate the caller's context: clone before the first change
        if (localContext is Map withPropagate && withPropagate.TryGetValue(Keywords.Propagate, out var propagateValue))
        {
            if (propagateValue is not bool p)
                throw new JsonLdException("invalid @propagate value", "@propagate must be true or false.");
            propagate = p;
        }

        if (!propagate && result.PreviousContext is null)
        {
            result = result.Clone();
            result.PreviousContext = active;
            owned = true;
        }

        foreach (var context in JsonTree.AsList(localContext))
        {
            session.ContextProcessed();
            switch (context)
            {
                case null:
                    if (!overrideProtected && result.HasProtectedTerms())
                        throw new JsonLdException("invalid context nullification", "A null context may not clear protected term definitions.");
                    var previous = result.PreviousContext;
                    result = active.CreateEmpty();
                    owned = true;
                    if (!propagate) result.PreviousContext = previous;
                    break;
                case string reference:
                    var before = result;
                    result = ProcessRemote(session, result, reference, baseUrl, remoteContexts, validateScoped);
                    if (!ReferenceEquals(before, result)) owned = false;
                    break;
                case Map definition:
                    if (!owned)
                    {
                        result = result.Clone();
                        owned = true;
                    }

                    ApplyDefinition(session, result, definition, baseUrl, remoteContexts, overrideProtected, stable);
                    break;
                default:
                    throw new JsonLdException("invalid local context", "A context must be null, a string or an object.");
            }
        }

        return result;
    }

    private static ActiveContext ProcessRemote(ProcessingSession session, ActiveContext result, string reference, string? baseUrl,
        List<string> remoteContexts, bool validateScoped)
    {
        var url = IriResolver.Resolve(baseUrl, reference);
        if (!IriResolver.IsAbsolute(url))
            throw new JsonLdException("loading remote context failed", $"The context reference '{reference}' is not an absolute IRI.");
        if (!validateScoped && remoteContexts.Contains(url)) return result;
        if (remoteContexts.Count >= MaxRemoteContexts)
            throw new JsonLdException("context overflow", $"Too many nested remote contexts while loading '{url}'.");

        // Cache per URL on a shared context, e.g. the VC v2 context applied to the initial context.
        var flags = 8 | (validateScoped ? 4 : 0);
        var key = new ContextKey(url, null, flags);
        var cacheable = result.Frozen && remoteContexts.Count == 0;
        if (cacheable && result.TryGetDerived(key, out var cached)) return cached!;

        if (remoteContexts.Contains(url) && remoteContexts.Count > 0 && validateScoped)
            throw new JsonLdException("recursive context inclusion", $"The context '{url}' includes itself.");
        var nested = new List<string>(remoteContexts) { url };
        var loaded = session.Loader.Load(url);
        if (loaded.Document is not Map document || !document.TryGetValue(Keywords.Context, out var loadedContext))
            throw new JsonLdException("invalid remote context", $"The document at '{url}' has no top-level @context.");

        var processed = Process(session, result, loadedContext, loaded.DocumentUrl, nested, validateScoped: validateScoped, stable: true);
        if (cacheable) result.AddDerived(key, processed);
        return processed;
    }

    private static void ApplyDefinition(ProcessingSession session, ActiveContext result, Map context, string? baseUrl,
        List<string> remoteContexts, bool overrideProtected, bool stable)
    {
        if (context.TryGetValue(Keywords.Version, out var version))
        {
            if (version is not JsonNumber { Value: 1.1 })
                throw new JsonLdException("invalid @version value", "@version must be 1.1.");
            if (result.Json10)
                throw new JsonLdException("processing mode conflict", "@version 1.1 in json-ld-1.0 processing mode.");
        }

        if (context.TryGetValue(Keywords.Import, out var import))
        {
            if (result.Json10) throw new JsonLdException("invalid context entry", "@import is not allowed in json-ld-1.0.");
            if (import is not string importReference) throw new JsonLdException("invalid @import value", "@import must be a string.");
            context = MergeImport(session, context, IriResolver.Resolve(baseUrl, importReference));
            stable = false;
        }

        if (context.TryGetValue(Keywords.Base, out var baseValue) && remoteContexts.Count == 0)
        {
            result.BaseIri = baseValue switch
            {
                null => null,
                string iri when IriResolver.IsAbsolute(iri) => iri,
                string relative when result.BaseIri is not null => IriResolver.Resolve(result.BaseIri, relative),
                _ => throw new JsonLdException("invalid base IRI", "@base must be null or an IRI."),
            };
        }

        if (context.TryGetValue(Keywords.Vocab, out var vocab))
        {
            if (vocab is null) result.Vocab = null;
            else if (vocab is string vocabIri && !(result.Json10 && !IriResolver.IsAbsolute(vocabIri) && !vocabIri.StartsWith("_:", StringComparison.Ordinal)))
            {
                var expanded = IriExpander.Expand(result, vocabIri, documentRelative: true, vocab: true);
                if (expanded is null || Keywords.IsKeyword(expanded))
                    throw new JsonLdException("invalid vocab mapping", $"@vocab '{vocabIri}' is not an IRI.");
                if (!IriResolver.IsAbsolute(expanded) && !expanded.StartsWith("_:", StringComparison.Ordinal))
                    session.Lossy($"@vocab '{vocabIri}' is a relative IRI.");
                result.Vocab = expanded;
            }
            else throw new JsonLdException("invalid vocab mapping", "@vocab must be null, an IRI or a blank node identifier.");
        }

        if (context.TryGetValue(Keywords.Language, out var language))
        {
            result.DefaultLanguage = language switch
            {
                null => null,
                string tag => tag,
                _ => throw new JsonLdException("invalid default language", "@language must be a string or null."),
            };
        }

        if (context.TryGetValue(Keywords.Direction, out var direction))
        {
            if (result.Json10) throw new JsonLdException("invalid context entry", "@direction is not allowed in json-ld-1.0.");
            result.DefaultDirection = direction switch
            {
                null => null,
                "ltr" or "rtl" => (string)direction,
                _ => throw new JsonLdException("invalid base direction", "@direction must be \"ltr\", \"rtl\" or null."),
            };
        }

        if (context.TryGetValue(Keywords.Propagate, out var propagateValue))
        {
            if (result.Json10) throw new JsonLdException("invalid context entry", "@propagate is not allowed in json-ld-1.0.");
            if (propagateValue is not bool) throw new JsonLdException("invalid @propagate value", "@propagate must be true or false.");
        }

        var protectedDefault = false;
        if (context.TryGetValue(Keywords.Protected, out var protectedValue))
        {
            if (protectedValue is not bool p) throw new JsonLdException("invalid @protected value", "@protected must be true or false.");
            protectedDefault = p;
        }

        var build = new TermBuildState(context, baseUrl, protectedDefault, overrideProtected, remoteContexts, stable, session);
        foreach (var term in context.Keys)
        {
            session.Step();
            switch (term)
            {
                case Keywords.Base or Keywords.Direction or Keywords.Import or Keywords.Language or Keywords.Propagate
                    or Keywords.Protected or Keywords.Version or Keywords.Vocab:
                    continue;
                default:
                    TermDefinitionBuilder.Create(result, build, term);
                    break;
            }
        }
    }

    private static Map MergeImport(ProcessingSession session, Map context, string url)
    {
        var loaded = session.Loader.Load(url);
        if (loaded.Document is not Map document || document.GetValueOrDefault(Keywords.Context) is not Map imported)
            throw new JsonLdException("invalid remote context", $"The imported document '{url}' has no @context object.");
        if (imported.ContainsKey(Keywords.Import))
            throw new JsonLdException("invalid context entry", "An imported context may not itself use @import.");
        var merged = new Map(imported);
        foreach (var (key, value) in context)
            if (key != Keywords.Import) merged[key] = value;
        return merged;
    }
}
