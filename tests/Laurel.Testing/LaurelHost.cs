using System.Net;
using System.Text.RegularExpressions;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;

namespace Laurel.Testing;

/// <summary>
/// Runs the real Laurel application on a loopback port against a fresh database, with the peers its
/// <see cref="TestHostOptions"/> name (OIDC provider, SMTP server, webhook receiver, …). An xunit class fixture needs one
/// concrete type per composition: see <c>HostFixtures.cs</c> for the one-liners (<c>SqliteHost</c>, <c>OidcPostgresHost</c>, …).
/// </summary>
public partial class LaurelHost : IAsyncLifetime
{
    private readonly TestDatabase _database;
    private readonly IReadOnlyList<HostAddOn> _addOns;
    private WebApplication? _app;
    private string? _keyFolder;

    static LaurelHost()
    {
        // A test run starts hundreds of hosts. Each file watcher costs an inotify instance and Linux allows 128 per user by
        // default, so a busy run failed with "The configured user limit (128) on the number of inotify instances has been
        // reached" (CI, asp-append-version in _Layout). Tests never edit files under a running host: poll instead.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }

    public LaurelHost(TestHostOptions options)
    {
        Options = options;
        _database = TestDatabase.For(options.Database);
        // Ports are chosen now: Laurel's settings name them before the peers start.
        _addOns = [.. options.AddOns.Select(make => make())];
    }

    public LaurelHost(Db database) : this(new TestHostOptions(database)) { }

    public TestHostOptions Options { get; }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => (_app ?? throw new InvalidOperationException("Host not started.")).Services;

    /// <summary>ASP.NET environment; Development enables the demo sign-in and demo data.</summary>
    protected virtual string EnvironmentName => Options.Environment;

    /// <summary>Database name shown in test output.</summary>
    public string DatabaseName => _database.Name;

    /// <summary>This host; lets tests written against <see cref="IOidcHost"/> and friends reach it.</summary>
    public LaurelHost Laurel => this;

    /// <summary>The add-on of this type the host was composed with (<see cref="TestHostOptions.WithOidc"/>, …).</summary>
    public T AddOn<T>() where T : HostAddOn =>
        _addOns.OfType<T>().SingleOrDefault() ?? throw new InvalidOperationException($"This host was not composed with {typeof(T).Name}.");

    /// <summary>The OIDC provider process (<see cref="TestHostOptions.WithOidc"/>).</summary>
    public OidcProviderProcess Provider => AddOn<OidcAddOn>().Provider;

    /// <summary>The SMTP server process (<see cref="TestHostOptions.WithSmtp"/>).</summary>
    public SmtpServerProcess Smtp => AddOn<SmtpAddOn>().Server;

    /// <summary>The webhook receiver (<see cref="TestHostOptions.WithWebhooks"/>).</summary>
    public WebhookReceiver Receiver => AddOn<WebhookAddOn>().Receiver;

    /// <summary>An allow-listed loopback port with no server behind it (a webhook receiver that is down).</summary>
    public int DeadPort => AddOn<WebhookAddOn>().DeadPort;

    /// <summary>The foreign badge platform on the fetch allow-list (<see cref="TestHostOptions.WithForeignIssuer"/>).</summary>
    public ForeignIssuer Foreign => AddOn<FetchablePeerAddOn<ForeignIssuer>>().Peer;

    /// <summary>Extra configuration for a derived host (feature flags, limits); runs after the add-ons'.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings) { }

    /// <summary>
    /// Test stand-ins that replace the application's own services (registered after every feature registered its own, so
    /// they win); null for none.
    /// </summary>
    protected virtual Action<IServiceCollection>? ServiceOverrides => null;

    /// <summary>Drops the database; a derived host that starts more stops it here and calls the base.</summary>
    protected virtual Task DropDatabaseAsync() => _database.DropAsync();

    public async ValueTask InitializeAsync()
    {
        foreach (var addOn in _addOns) await addOn.StartAsync();
        var settings = await _database.CreateAsync();
        settings["Laurel:Demo:SampleAwards"] = "false"; // tests start from an empty backpack; DemoSampleTests turns it on
        // Tests sign in, verify and import far more often than a person; RateLimitTests set low limits of their own.
        foreach (var policy in RateLimits.Defaults.Keys) settings[$"{RateLimits.Section}:{policy}:PermitLimit"] = "1000000";
        foreach (var addOn in _addOns) addOn.Configure(settings);
        foreach (var (key, value) in Options.Settings) settings[key] = value;
        Configure(settings);
        if (EnvironmentName != "Development" && !settings.ContainsKey(KeyProtection.CertificatePath) && !settings.ContainsKey(KeyProtection.KeyEncryptionKeyPath))
        {
            // Outside Development Laurel starts only with its key ring protected.
            _keyFolder = Directory.CreateTempSubdirectory("laurel-keys-").FullName;
            settings[KeyProtection.CertificatePath] = TestKeyProtection.CreateCertificate(_keyFolder);
            settings[KeyProtection.CertificatePassword] = TestKeyProtection.Password;
        }
        var args = new List<string> { $"--environment={EnvironmentName}", "--urls=http://127.0.0.1:0" };
        args.AddRange(settings.Select(kv => $"--{kv.Key}={kv.Value}"));
        _app = LaurelApp.Build([.. args], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            // The factory sees the finished service collection, so the test's registrations come after Laurel's.
            if (Options.Services.Count > 0)
                builder.Host.UseServiceProviderFactory(new OverridingServiceProviderFactory(Options.Services, builder.Environment.IsDevelopment()));
        });
        await LaurelApp.InitializeAsync(_app);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        foreach (var addOn in _addOns) await addOn.StartAfterLaurelAsync(this);
    }

    /// <summary>
    /// The command-line settings a second node of this deployment needs (the CLI in a test): the same environment,
    /// database and key protection, as an operator would give every node.
    /// </summary>
    public string[] SecondNodeArgs()
    {
        var configuration = Services.GetRequiredService<IConfiguration>();
        var args = new List<string> { $"--environment={EnvironmentName}" };
        foreach (var key in new[] { "Laurel:Database:Provider", "Laurel:Database:ConnectionString", KeyProtection.CertificatePath,
                     KeyProtection.CertificatePassword, KeyProtection.KeyEncryptionKeyPath })
            if (configuration[key] is { } value) args.Add($"--{key}={value}");
        return [.. args];
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await DropDatabaseAsync();
        foreach (var addOn in _addOns.Reverse()) await addOn.DisposeAsync();
        if (_keyFolder is not null) Directory.Delete(_keyFolder, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>An HTTP client with its own cookie jar; redirects are not followed unless asked.</summary>
    public HttpClient CreateClient(bool followRedirects = false) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects, CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = new Uri(BaseUrl),
        };

    /// <summary>Signs in through the demo persona page (Development only) and returns the signed-in client.</summary>
    public async Task<HttpClient> SignInAsDemoAsync(string persona)
    {
        var client = CreateClient();
        var page = await client.GetStringAsync("/account/sign-in");
        var response = await client.PostAsync("/account/sign-in?handler=Demo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["persona"] = persona,
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Demo sign-in as {persona} failed: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>The anti-forgery token of the first form in an HTML page.</summary>
    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("The page has no anti-forgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public override string ToString() => DatabaseName;
}

/// <summary>Builds the app's service provider after adding a test's own registrations last (see <see cref="TestHostOptions.Services"/>).</summary>
internal sealed class OverridingServiceProviderFactory(IReadOnlyList<Action<IServiceCollection>> registrations, bool validate)
    : IServiceProviderFactory<IServiceCollection>
{
    public IServiceCollection CreateBuilder(IServiceCollection services) => services;

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder)
    {
        foreach (var register in registrations) register(containerBuilder);
        // As the default factory does in Development.
        return containerBuilder.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = validate, ValidateOnBuild = validate });
    }
}
