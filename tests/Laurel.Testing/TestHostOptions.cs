namespace Laurel.Testing;

/// <summary>
/// What a <see cref="LaurelHost"/> runs on and with: a database and add-ons, e.g.
/// <c>new TestHostOptions(Db.Postgres).WithOidc().WithSmtp()</c>. Immutable; every <c>With…</c> returns a new value.
/// </summary>
public sealed record TestHostOptions(Db Database)
{
    /// <summary>ASP.NET environment; Development enables the demo sign-in and demo data.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>Makers of the add-ons, in the order they start (each host makes its own instances, with its own ports).</summary>
    public IReadOnlyList<Func<HostAddOn>> AddOns { get; init; } = [];

    /// <summary>Extra configuration, applied after the add-ons' settings.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Service registrations applied after Laurel's own (they win): test stand-ins for parts another feature implements.
    /// </summary>
    public IReadOnlyList<Action<IServiceCollection>> Services { get; init; } = [];

    public TestHostOptions WithServices(Action<IServiceCollection> register) => this with { Services = [.. Services, register] };

    public TestHostOptions With(Func<HostAddOn> addOn) => this with { AddOns = [.. AddOns, addOn] };

    /// <summary>A real OIDC provider process serving two providers: eduid (learners) and surfconext (staff).</summary>
    public TestHostOptions WithOidc() => With(() => new OidcAddOn());

    /// <summary>A real SMTP server process that requires a login; recipients containing <paramref name="reject"/> get 550.
    /// The outbox worker is off: tests drain the outbox themselves.</summary>
    public TestHostOptions WithSmtp(string? reject = null) => With(() => new SmtpAddOn(reject));

    /// <summary>A loopback HTTPS webhook receiver and a dead port, both allow-listed; webhook and outbox workers off.</summary>
    public TestHostOptions WithWebhooks() => With(() => new WebhookAddOn());

    /// <summary>Another school's badge platform (<see cref="ForeignIssuer"/>) on the fetch allow-list.</summary>
    public TestHostOptions WithForeignIssuer() => With(() => new FetchablePeerAddOn<ForeignIssuer>(ForeignIssuer.StartAsync, p => p.Server));

    /// <summary>Another institution's issuer with status lists (<see cref="OtherIssuer"/>) on the fetch allow-list.</summary>
    public TestHostOptions WithOtherIssuer() => With(() => new FetchablePeerAddOn<OtherIssuer>(OtherIssuer.StartAsync, p => p.Server));

    /// <summary>Laurel on loopback HTTPS with a test CA, and <c>Laurel:PublicBaseUrl</c> set to that origin.</summary>
    public TestHostOptions WithHttps(string host = "localhost") => With(() => new HttpsAddOn(host));

    public TestHostOptions WithSetting(string key, string? value) =>
        this with { Settings = new Dictionary<string, string?>(Settings) { [key] = value } };

    public TestHostOptions InEnvironment(string environment) => this with { Environment = environment };
}
