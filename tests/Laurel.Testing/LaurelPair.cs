using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Laurel.Testing;

/// <summary>
/// Two whole Laurels of two institutions, each at its own public https origin on loopback (one test CA that both trust through
/// <c>Laurel:Verification:ExtraTrustedRootPath</c>, each on the other's fetch allow-list): <see cref="Host"/> serves the
/// Open Badges 3.0 API, <see cref="Consumer"/> connects to it as a learner's backpack would. Https because each verifies
/// the other's did:web credentials, and did:web documents are only ever fetched over https. The host's clock can be moved
/// forward (<see cref="HostClock"/>) so its access tokens expire without waiting.
/// </summary>
public abstract class LaurelPair : IAsyncLifetime
{
    private readonly TestCertificates _certificates = new();

    protected LaurelPair(Db database)
    {
        int hostPort = TestPorts.Free(), consumerPort = TestPorts.Free();
        HostOrigin = $"https://localhost:{hostPort}";
        ConsumerOrigin = $"https://localhost:{consumerPort}";
        Host = new LaurelHost(Options(database, HostOrigin, ConsumerOrigin).WithServices(s => s.AddSingleton<TimeProvider>(HostClock)));
        // Both origins are on "localhost", where a browser keeps one cookie jar for every port: own cookie names keep the two
        // sessions apart in the browser journey, as two host names would in production.
        Consumer = new LaurelHost(Options(database, ConsumerOrigin, HostOrigin).WithSetting("Laurel:ObConnect:PageSize", "2")
            .WithSetting("Laurel:Cookies:Prefix", "consumer"));
    }

    /// <summary>The institution whose Laurel serves the OB 3.0 API.</summary>
    public LaurelHost Host { get; }

    /// <summary>The institution whose Laurel's learner connects to <see cref="Host"/>.</summary>
    public LaurelHost Consumer { get; }

    public string HostOrigin { get; }
    public string ConsumerOrigin { get; }

    /// <summary>The host's clock: the system time plus a shift the test sets.</summary>
    public ShiftedClock HostClock { get; } = new();

    /// <summary>The test CA both origins' certificates chain to (a test's own HTTP clients trust it too).</summary>
    public string CaPemPath => _certificates.CaPemPath;

    private TestHostOptions Options(Db database, string own, string other) => new TestHostOptions(database)
        .WithSetting("Laurel:PublicBaseUrl", own)
        .WithSetting("Kestrel:Endpoints:Https:Url", own)
        .WithSetting("Kestrel:Endpoints:Https:Certificate:Path", _certificates.ServerPfxPath)
        .WithSetting("Kestrel:Endpoints:Https:Certificate:Password", _certificates.ServerPfxPassword)
        .WithSetting("Laurel:Verification:ExtraTrustedRootPath", _certificates.CaPemPath)
        .WithSetting("Laurel:Verification:AllowedFetchHosts", $"{new Uri(other).Authority},{new Uri(own).Authority}");

    /// <summary>A client of <paramref name="laurel"/> with its own cookie jar that trusts the test CA; redirects not followed.</summary>
    public HttpClient Client(LaurelHost laurel)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(CaPemPath));
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(laurel.BaseUrl) };
    }

    /// <summary>Signs in on <paramref name="laurel"/> through its demo persona page with a client from <see cref="Client"/>.</summary>
    public async Task<HttpClient> SignInAsync(LaurelHost laurel, string persona)
    {
        var client = Client(laurel);
        var page = await client.GetStringAsync("/account/sign-in");
        var response = await client.PostAsync("/account/sign-in?handler=Demo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["persona"] = persona, ["returnUrl"] = "/", ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(page),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Demo sign-in as {persona} failed: {(int)response.StatusCode}");
        return client;
    }

    public async ValueTask InitializeAsync()
    {
        await Host.InitializeAsync();
        await Consumer.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Consumer.DisposeAsync();
        await Host.DisposeAsync();
        _certificates.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The system clock moved by <see cref="Shift"/> (a host whose tokens a test lets expire).</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Shift { get; set; }
    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Shift;
}

public sealed class LaurelPairOnSqlite() : LaurelPair(Db.Sqlite);

public sealed class LaurelPairOnPostgres() : LaurelPair(Db.Postgres);
