using System.Threading.RateLimiting;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// The sign-in limit per client address. It covers the sign-in starts, Laurel's completion endpoints and the providers'
/// callback paths (<c>/signin-oidc-*</c>), which the authentication middleware answers before any endpoint policy could run.
/// </summary>
public sealed class SignInLimiter(FixedWindowRateLimiterOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter =
        PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => options));

    public static bool Covers(HttpRequest request) =>
        request.Path.StartsWithSegments("/account/sign-in", out var rest) && (rest.HasValue || !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        || request.Path.StartsWithSegments("/account/link")
        || request.Path.Value?.StartsWith("/signin-oidc-", StringComparison.Ordinal) == true;

    public RateLimitLease Acquire(string address) => _limiter.AttemptAcquire(address);

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// Failed client authentications at the token endpoint, counted per client id and per client address. Only failures count,
/// so an integration that knows its secret is never slowed; once either budget is spent, the endpoint answers 429 before it
/// looks at the secret (a correct secret included) until the window ends: guessing stops, at the price that someone who
/// knows a client id can make that client wait a window — the per-client limit is therefore higher than a typo needs.
/// </summary>
public sealed class TokenFailureLimiter(FixedWindowRateLimiterOptions perClient, FixedWindowRateLimiterOptions perAddress) : IDisposable
{
    // Client ids are short (see ApiClientSecrets); a longer one is someone else's string and is counted by its prefix.
    private const int MaxClientIdLength = 100;

    private readonly PartitionedRateLimiter<string> _perClient =
        PartitionedRateLimiter.Create<string, string>(id => RateLimitPartition.GetFixedWindowLimiter(id, _ => perClient));
    private readonly PartitionedRateLimiter<string> _perAddress =
        PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => perAddress));

    /// <summary>A failed lease (with its Retry-After) when the client id or the address has no failures left; null otherwise.</summary>
    public RateLimitLease? Refusal(string? clientId, string address)
    {
        // Acquiring zero permits asks "is anything left?" without spending.
        var byAddress = _perAddress.AttemptAcquire(address, 0);
        if (!byAddress.IsAcquired) return byAddress;
        byAddress.Dispose();
        if (clientId is null) return null;
        var byClient = _perClient.AttemptAcquire(Key(clientId), 0);
        if (!byClient.IsAcquired) return byClient;
        byClient.Dispose();
        return null;
    }

    public void RecordFailure(string? clientId, string address)
    {
        _perAddress.AttemptAcquire(address).Dispose();
        if (clientId is not null) _perClient.AttemptAcquire(Key(clientId)).Dispose();
    }

    private static string Key(string clientId) => clientId.Length > MaxClientIdLength ? clientId[..MaxClientIdLength] : clientId;

    public void Dispose()
    {
        _perClient.Dispose();
        _perAddress.Dispose();
    }
}
