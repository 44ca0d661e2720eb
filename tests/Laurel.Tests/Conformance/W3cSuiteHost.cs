using Laurel.Features.Demo;
using Laurel.Infrastructure.Web;

namespace Laurel.Tests.Conformance;

/// <summary>
/// Laurel as an integrator runs it for the W3C suites (their README): Development (demo data, so the demo OAuth client
/// <see cref="DemoData.DemoApiClientId"/> exists), its own SQLite database, served over HTTPS on 127.0.0.1 with a certificate
/// made at test time and <c>PublicBaseUrl</c> on that origin, so the status list URLs in issued credentials are https — the
/// bitstring suite fetches them only over https.
/// </summary>
public sealed class W3cSuiteHost() : LaurelHost(new TestHostOptions(Db.Sqlite).With(() => new LoopbackHttpsAddOn()))
{
    public TestCertificates Certificates => AddOn<LoopbackHttpsAddOn>().Certificates;

    public string Origin => AddOn<LoopbackHttpsAddOn>().Origin;

    /// <summary>What the suites' runs saw, once per host (both suites' tests share one run of run.sh).</summary>
    public W3cSuiteRun Run { get; } = new();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        // The suites send hundreds of verify requests from loopback within a minute; the default (30 per minute) would
        // answer them 429. Set here explicitly, whatever LaurelHost's blanket test limits are.
        settings[$"{RateLimits.Section}:{RateLimits.Verify}:PermitLimit"] = "100000";
    }
}

/// <summary>Laurel on <c>https://127.0.0.1:PORT</c> (the address the suites' README and the reviewers use), with a test CA.</summary>
public sealed class LoopbackHttpsAddOn : HostAddOn
{
    public TestCertificates Certificates { get; } = new();

    public string Origin { get; } = $"https://127.0.0.1:{TestPorts.Free()}";

    public override void Configure(Dictionary<string, string?> settings)
    {
        settings["Laurel:PublicBaseUrl"] = Origin;
        // A configured Kestrel endpoint replaces the host's plain-http --urls.
        settings["Kestrel:Endpoints:Https:Url"] = Origin;
        settings["Kestrel:Endpoints:Https:Certificate:Path"] = Certificates.ServerPfxPath;
        settings["Kestrel:Endpoints:Https:Certificate:Password"] = Certificates.ServerPfxPassword;
    }

    public override ValueTask DisposeAsync()
    {
        Certificates.Dispose();
        return ValueTask.CompletedTask;
    }
}
