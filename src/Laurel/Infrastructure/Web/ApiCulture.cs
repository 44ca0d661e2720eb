using Microsoft.AspNetCore.Localization;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// The language of an API answer when the client did not choose one: English. Pages default to Dutch (Laurel's users are
/// Dutch), but an integrator's program sends no Accept-Language and reads English error texts (issue 15). Runs after the
/// query string, cookie and Accept-Language providers, so a client's explicit choice still wins.
/// </summary>
public sealed class ApiCulture : RequestCultureProvider
{
    /// <summary>The path prefixes of Laurel's JSON APIs: W3C VC-API (not the /presentations pages of verifiers), Laurel's REST API, OAuth, the OB 3.0 REST API, OpenAPI.</summary>
    public static readonly string[] ApiPrefixes = ["/credentials", "/presentations/verify", "/presentations/exchanges", "/api", "/oauth", "/ims", "/openapi"];

    private static readonly Task<ProviderCultureResult?> English = Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult("en"));
    private static readonly Task<ProviderCultureResult?> NoChoice = Task.FromResult<ProviderCultureResult?>(null);

    public static bool IsApi(PathString path) => ApiPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
        IsApi(httpContext.Request.Path) ? English : NoChoice;
}
