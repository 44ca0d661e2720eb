using System.Diagnostics;

namespace Laurel.Credentials.Limits;

/// <summary>
/// The running budget of one verification: cancellation, the processing clock and the counters behind
/// <see cref="ProcessingLimits"/>. Loops call <see cref="Tick"/>; every 256 ticks it checks the token and the clock.
/// </summary>
internal sealed class WorkBudget
{
    private readonly CancellationToken _ct;
    private long _elapsedTicks;
    private long _runningSince;
    private int _ticks;

    public WorkBudget(ProcessingLimits limits, CancellationToken ct = default)
    {
        Limits = limits;
        _ct = ct;
    }

    /// <summary>No limits beyond the algorithms' own (signing Laurel's own credentials, conformance suites).</summary>
    public static WorkBudget None => new(Unlimited);

    private static readonly ProcessingLimits Unlimited = new()
    {
        TimeLimit = Timeout.InfiniteTimeSpan, MaxArrayLength = int.MaxValue, MaxExpansionSteps = int.MaxValue, MaxContexts = int.MaxValue,
        MaxListDepth = int.MaxValue, MaxQuads = int.MaxValue, MaxBlankNodes = int.MaxValue, MaxHashNDegreeCalls = long.MaxValue,
        MaxHashNDegreeDepth = 1_000, MaxPermutations = long.MaxValue, MaxSvgElements = int.MaxValue, MaxSvgDepth = int.MaxValue,
        MaxPngChunks = int.MaxValue, MaxProofs = int.MaxValue, MaxStatusEntries = int.MaxValue, MaxPresentationCredentials = int.MaxValue,
        MaxClrCredentials = int.MaxValue,
    };

    public ProcessingLimits Limits { get; }

    public CancellationToken Token => _ct;

    /// <summary>Runs CPU work on the processing clock (network waits in between are not counted).</summary>
    public T Run<T>(Func<T> work)
    {
        _runningSince = Stopwatch.GetTimestamp();
        try
        {
            Check();
            return work();
        }
        finally
        {
            _elapsedTicks += Stopwatch.GetTimestamp() - _runningSince;
            _runningSince = 0;
        }
    }

    public void Tick()
    {
        if ((++_ticks & 255) == 0) Check();
    }

    public void Check()
    {
        _ct.ThrowIfCancellationRequested();
        if (Limits.TimeLimit == Timeout.InfiniteTimeSpan) return;
        var elapsed = _elapsedTicks + (_runningSince == 0 ? 0 : Stopwatch.GetTimestamp() - _runningSince);
        if (Stopwatch.GetElapsedTime(0, elapsed) > Limits.TimeLimit)
            throw ProcessingLimitExceededException.Of(nameof(ProcessingLimits.TimeLimit), (long)Limits.TimeLimit.TotalMilliseconds,
                "processing took longer than allowed");
    }

    public static void Ensure(bool withinLimit, string limit, long max, string what)
    {
        if (!withinLimit) throw ProcessingLimitExceededException.Of(limit, max, what);
    }
}
