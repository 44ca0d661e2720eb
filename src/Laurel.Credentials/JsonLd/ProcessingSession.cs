using Laurel.Credentials.Limits;

namespace Laurel.Credentials.JsonLd;

/// <summary>Options and caches of one Expand/ToRdf call.</summary>
internal sealed class ProcessingSession
{
    public ProcessingSession(JsonLdOptions options, WorkBudget? budget = null)
    {
        Options = options;
        Budget = budget ?? WorkBudget.None;
        Loader = LoaderCache.For(options.DocumentLoader ?? ShippedContexts.Instance);
        Json10 = options.ProcessingMode == "json-ld-1.0";
    }

    public JsonLdOptions Options { get; }

    public WorkBudget Budget { get; }

    private int _steps;
    private int _contexts;

    /// <summary>One JSON value visited by expansion (ProcessingLimits.MaxExpansionSteps).</summary>
    public void Step()
    {
        Budget.Tick();
        var max = Budget.Limits.MaxExpansionSteps;
        if (++_steps > max) throw ProcessingLimitExceededException.Of(nameof(ProcessingLimits.MaxExpansionSteps), max, "the document has too many values");
    }

    /// <summary>One context actually processed, not served from cache (ProcessingLimits.MaxContexts).</summary>
    public void ContextProcessed()
    {
        Budget.Tick();
        var max = Budget.Limits.MaxContexts;
        if (++_contexts > max) throw ProcessingLimitExceededException.Of(nameof(ProcessingLimits.MaxContexts), max, "the document processes too many contexts");
    }

    public LoaderCache Loader { get; }

    public bool Json10 { get; }

    public bool SafeMode => Options.SafeMode;

    /// <summary>Raises the safe-mode error (digest JL-1.5) for a lossy construct; no-op outside safe mode.</summary>
    public void Lossy(string message)
    {
        if (Options.SafeMode) throw new JsonLdException("safe mode violation", "JSON-LD safe mode: " + message);
    }
}
