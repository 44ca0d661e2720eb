using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Laurel.Credentials.JsonLd;

/// <summary>A remote context document in the internal representation, with the URL it was loaded from.</summary>
internal sealed record LoadedDocument(string DocumentUrl, object? Document);

/// <summary>
/// Per-loader caches: each remote document is parsed once, and the initial active contexts (one per base IRI and
/// processing mode) are shared so that the contexts derived from them are cached across calls.
/// </summary>
internal sealed class LoaderCache
{
    private static readonly ConditionalWeakTable<IDocumentLoader, LoaderCache> Caches = [];

    private readonly IDocumentLoader loader;
    private readonly ConcurrentDictionary<string, LoadedDocument> documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string?, bool), ActiveContext> roots = new();

    private LoaderCache(IDocumentLoader loader) => this.loader = loader;

    public static LoaderCache For(IDocumentLoader loader) => Caches.GetValue(loader, l => new LoaderCache(l));

    public ActiveContext Root(string? baseIri, bool json10)
    {
        if (roots.TryGetValue((baseIri, json10), out var root)) return root;
        root = new ActiveContext(baseIri, json10).Freeze();
        // Bounded: callers passing ever-new base IRIs get uncached (but correct) processing beyond this point.
        return roots.Count < MaxRoots ? roots.GetOrAdd((baseIri, json10), root) : root;
    }

    private const int MaxRoots = 1024;

    public LoadedDocument Load(string url)
    {
        if (documents.TryGetValue(url, out var cached)) return cached;
        LoadedDocument loaded;
        try
        {
            if (loader is ShippedContexts shipped)
            {
                loaded = new LoadedDocument(url, shipped.Tree(url));
            }
            else
            {
                var remote = loader.Load(url);
                loaded = new LoadedDocument(remote.DocumentUrl, JsonTree.FromNode(remote.Document));
            }
        }
        catch (JsonLdException e) when (e.Code == "loading remote context failed")
        {
            throw;
        }
        catch (Exception e)
        {
            throw new JsonLdException("loading remote context failed", $"Could not load the JSON-LD context '{url}': {e.Message}");
        }

        return documents.GetOrAdd(url, loaded);
    }
}
