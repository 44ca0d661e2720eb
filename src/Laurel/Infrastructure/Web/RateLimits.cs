using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// Every rate limit in one place (issue 12, finding 3). Each policy is a fixed window configured under
/// <c>Laurel:RateLimits:&lt;Policy&gt;:PermitLimit</c> and <c>:Window</c> (a TimeSpan, e.g. <c>00:01:00</c>); a refused
/// request gets 429 with <c>Retry-After</c>. Counters live in each node's memory: with several nodes behind one proxy a
/// client may get up to (nodes × limit); that is accepted, the limits are there against one client eating a node's CPU.
/// </summary>
public static class RateLimits
{
    public const string Section = "Laurel:RateLimits";

    /// <summary>/verify file and text POSTs, <c>POST /credentials/verify</c>, <c>POST /presentations/verify</c>: per client address.</summary>
    public const string Verify = "Verify";
    /// <summary>/verify address POSTs (Laurel fetches the address): per client address, tighter.</summary>
    public const string VerifyUrl = "VerifyUrl";
    /// <summary>Backpack import POSTs: per signed-in learner (per address when not signed in).</summary>
    public const string Import = "Import";
    /// <summary>The learner's daily import quota, counted together with <see cref="Import"/>.</summary>
    public const string ImportDaily = "ImportDaily";
    /// <summary>Sign-in starts and provider callbacks: per client address.</summary>
    public const string SignIn = "SignIn";
    /// <summary>Failed client authentications at <c>/oauth/token</c> per client id.</summary>
    public const string TokenFailuresPerClient = "TokenFailuresPerClient";
    /// <summary>Failed client authentications at <c>/oauth/token</c> per client address.</summary>
    public const string TokenFailuresPerAddress = "TokenFailuresPerAddress";
    /// <summary>Wallet token endpoint (<c>/oid4vci/token</c>) and PAR (<c>/oid4vci/par</c>) POSTs: per client address.</summary>
    public const string WalletAuthorization = "WalletAuthorization";
    /// <summary>OpenID4VCI nonce, credential and notification POSTs (Features/Wallets/Issuance) and the VC-API wallet exchange
    /// (<c>/wallet/exchanges/…</c>): per client address.</summary>
    public const string WalletIssuance = "WalletIssuance";
    /// <summary>OpenID4VP request URI fetches and direct_post answers (Features/Presentations/OpenId4Vp): per client address.</summary>
    public const string OpenId4Vp = "OpenId4Vp";
    /// <summary>POSTs of the presentation request pages (create/edit/close a request, answer from the backpack) and of the exemption
    /// application form: per signed-in person.</summary>
    public const string Presentations = "Presentations";
    /// <summary>The OB 3.0 Service Description Document (<c>/ims/ob/v3p0/discovery</c>): per client address.</summary>
    public const string ObApiDiscovery = "ObApiDiscovery";
    /// <summary>OB 3.0 dynamic client registration (<c>/oauth/ob/register</c>): per client address, tight.</summary>
    public const string ObApiRegistration = "ObApiRegistration";
    /// <summary>OB 3.0 token and revocation endpoints (<c>/oauth/ob/token</c>, <c>/oauth/ob/revoke</c>): per client address.</summary>
    public const string ObApiToken = "ObApiToken";

    /// <summary>Defaults: generous for a person, far below what keeps two cores busy.</summary>
    public static readonly IReadOnlyDictionary<string, RateLimitSetting> Defaults = new Dictionary<string, RateLimitSetting>
    {
        [Verify] = new(30, TimeSpan.FromMinutes(1)),
        [VerifyUrl] = new(10, TimeSpan.FromMinutes(1)),
        [Import] = new(10, TimeSpan.FromMinutes(1)),
        [ImportDaily] = new(100, TimeSpan.FromDays(1)),
        [SignIn] = new(30, TimeSpan.FromMinutes(1)),
        [TokenFailuresPerClient] = new(10, TimeSpan.FromMinutes(5)),
        [TokenFailuresPerAddress] = new(20, TimeSpan.FromMinutes(5)),
        // A wallet makes one or two such requests per badge; a class behind one NAT address adds badges at the same time.
        [WalletAuthorization] = new(60, TimeSpan.FromMinutes(1)),
        [WalletIssuance] = new(60, TimeSpan.FromMinutes(1)),
        [OpenId4Vp] = new(60, TimeSpan.FromMinutes(1)),
        // Each answer verifies the chosen badges again; a person answers a few requests, a verifier edits a few.
        [Presentations] = new(30, TimeSpan.FromMinutes(1)),
        // A client reads the SDD once and caches it (ETag); registering is once per client and host.
        [ObApiDiscovery] = new(60, TimeSpan.FromMinutes(1)),
        [ObApiRegistration] = new(10, TimeSpan.FromHours(1)),
        [ObApiToken] = new(60, TimeSpan.FromMinutes(1)),
    };

    /// <summary>The page whose POSTs each page policy covers (Razor Pages root is /Features).</summary>
    private static readonly (string Page, string Policy)[] PagePolicies =
    [
        ("/Verification/Verify", Verify),
        ("/Backpack/Imports/Import", Import),
        ("/Presentations/Answers/AnswerPage", Presentations),
        ("/Presentations/Requests/NewRequest", Presentations),
        ("/Presentations/Requests/EditRequest", Presentations),
        ("/Presentations/Requests/ManageRequest", Presentations),
        ("/Presentations/Responses/ResponseDetail", Presentations),
        // Saving or submitting an exemption application re-reads and checks the chosen badges.
        ("/Recognition/Applications/Apply", Presentations),
    ];

    public static IServiceCollection AddLaurelRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        // Read once at start-up, so a wrong setting stops the start instead of the first request.
        var settings = Defaults.Keys.ToDictionary(policy => policy, policy => Setting(configuration, policy).ToOptions());
        FixedWindowRateLimiterOptions Options(string policy) => settings[policy];

        services.AddSingleton(new TokenFailureLimiter(Options(TokenFailuresPerClient), Options(TokenFailuresPerAddress)));
        services.AddSingleton(new SignInLimiter(Options(SignIn)));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => RateLimitRejection.WriteAsync(context.HttpContext, context.Lease);
            o.AddPolicy(Verify, context => !IsWrite(context) ? RateLimitPartition.GetNoLimiter("")
                // The address form makes Laurel fetch: its own, smaller budget.
                : context.Request.Query["handler"].ToString().Equals("Url", StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter("url " + ClientAddress(context), _ => Options(VerifyUrl))
                    : RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => Options(Verify)));
            o.AddPolicy(ObApiDiscovery, context => RateLimitPartition.GetFixedWindowLimiter("obsdd " + ClientAddress(context), _ => Options(ObApiDiscovery)));
            o.AddPolicy(ObApiRegistration, context => RateLimitPartition.GetFixedWindowLimiter("obreg " + ClientAddress(context), _ => Options(ObApiRegistration)));
            o.AddPolicy(ObApiToken, context => RateLimitPartition.GetFixedWindowLimiter("obtoken " + ClientAddress(context), _ => Options(ObApiToken)));
            o.AddPolicy(WalletAuthorization, context => RateLimitPartition.GetFixedWindowLimiter("wallet " + ClientAddress(context), _ => Options(WalletAuthorization)));
            o.AddPolicy(Presentations, context => !IsWrite(context) ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter("presentations " + LearnerOrAddress(context), _ => Options(Presentations)));
            o.AddPolicy(Import, context => !IsWrite(context) ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.Get(LearnerOrAddress(context), _ => RateLimiter.CreateChained(
                    new FixedWindowRateLimiter(Options(Import)), new FixedWindowRateLimiter(Options(ImportDaily)))));
        });
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
        {
            foreach (var (page, policy) in PagePolicies)
                o.Conventions.AddPageApplicationModelConvention(page, m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(policy)));
        });
        return services;
    }

    /// <summary>The configured limit of a policy, its default filled in for what is not configured.</summary>
    public static RateLimitSetting Setting(IConfiguration configuration, string policy)
    {
        var section = configuration.GetSection($"{Section}:{policy}");
        var fallback = Defaults[policy];
        var setting = new RateLimitSetting(section.GetValue("PermitLimit", fallback.PermitLimit), section.GetValue("Window", fallback.Window));
        if (setting.PermitLimit < 1 || setting.Window <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:{policy}: PermitLimit must be at least 1 and Window a positive time span (e.g. 00:01:00).");
        return setting;
    }

    // Reading a page is cheap; only the requests that make Laurel verify, fetch or import count.
    private static bool IsWrite(HttpContext context) => !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);

    private static string LearnerOrAddress(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } person ? "person " + person : ClientAddress(context);

    /// <summary>
    /// The client's address as the forwarded-headers middleware left it (the proxy's client, from a known proxy only). An IPv6
    /// client counts per /64, the block one subscriber usually holds, so rotating addresses inside it gains nothing.
    /// </summary>
    public static string ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Applies the sign-in limit ahead of authentication, which answers the providers' callbacks itself.</summary>
    public static IApplicationBuilder UseSignInRateLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!SignInLimiter.Covers(context.Request))
        {
            await next(context);
            return;
        }
        using var lease = context.RequestServices.GetRequiredService<SignInLimiter>().Acquire(ClientAddress(context));
        if (lease.IsAcquired) await next(context);
        else await RateLimitRejection.WriteAsync(context, lease);
    });
}

/// <summary>One policy's limit: <see cref="PermitLimit"/> requests per fixed <see cref="Window"/>.</summary>
public sealed record RateLimitSetting(int PermitLimit, TimeSpan Window)
{
    public FixedWindowRateLimiterOptions ToOptions() =>
        new() { PermitLimit = PermitLimit, Window = Window, QueueLimit = 0, AutoReplenishment = true };

    public override string ToString() => $"{PermitLimit} per {Window.ToString("c", CultureInfo.InvariantCulture)}";
}
