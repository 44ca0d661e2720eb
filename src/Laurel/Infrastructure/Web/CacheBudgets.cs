namespace Laurel.Infrastructure.Web;

/// <summary>
/// The byte budgets of Laurel's own in-memory caches, per node, from <c>Laurel:Memory:&lt;Cache&gt;MB</c> (issue 18: app memory
/// &lt; 300 MB). Each cache drops its least recently used entries past its budget; 0 keeps nothing (every request works
/// uncached). The defaults together stay ≈ 50 MB of real memory: rendered pages 32 MB, badge artwork 16 MB, verification results
/// 32 MB estimated (≈ 13 MB really kept, VerificationCache).
/// </summary>
public static class CacheBudgets
{
    public const string Section = "Laurel:Memory";

    /// <summary>The configured budget of <paramref name="name"/> (e.g. "RenderedPagesMB") in bytes, or the default.</summary>
    public static long Bytes(IConfiguration configuration, string name, long defaultBytes) =>
        configuration.GetValue<long?>($"{Section}:{name}") is { } mb && mb >= 0 ? mb * 1024 * 1024 : defaultBytes;
}
