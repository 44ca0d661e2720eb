using Laurel.Features.Demo;
using Laurel.Infrastructure.Web;

namespace Laurel.Tests.Conformance;

/// <summary>
/// Laurel as an integrator runs it for the W3C suites (their README): Development (demo data, so the demo OAuth client
/// <see cref="DemoData.DemoApiClientId"/> exists), its own SQLite database, served over HTTPS on 127.0.0.1 with a certificate
/// made at test time and <c>PublicBaseUrl</c> on that origin, so the status list URLs in issued credentials are https — the
/// bitstring suite fetches them only over https.
/// </summary>
public sealed class W3cSuiteHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithHttps("127.0.0.1"))
{
    public TestCertificates Certificates => AddOn<HttpsAddOn>().Certificates;

    public string Origin => AddOn<HttpsAddOn>().Origin;

    /// <summary>What the suites' runs saw, once per host (both suites' tests share one run of run.sh).</summary>
    public W3cSuiteRun Run { get; } = new();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        // The suites send hundreds of verify requests from loopback within a minute; the default (30 per minute) would
        // answer them 429. Set here explicitly, whatever LaurelHost's blanket test limits are.
        settings[$"{RateLimits.Section}:{RateLimits.Verify}:PermitLimit"] = "100000";
    }
}
