namespace Laurel.Credentials.JsonLd;

/// <summary>Options and caches of one Expand/ToRdf call.</summary>
internal sealed class ProcessingSession
{
    public ProcessingSession(JsonLdOptions options)
    {
        Options = options;
        Loader = LoaderCache.For(options.DocumentLoader ?? ShippedContexts.Instance);
        Json10 = options.ProcessingMode == "json-ld-1.0";
    }

    public JsonLdOptions Options { get; }

    public LoaderCache Loader { get; }

    public bool Json10 { get; }

    public bool SafeMode => Options.SafeMode;

    /// <summary>Raises the safe-mode error (digest JL-1.5) for a lossy construct; no-op outside safe mode.</summary>
    public void Lossy(string message)
    {
        if (Options.SafeMode) throw new JsonLdException("safe mode violation", "JSON-LD safe mode: " + message);
    }
}
