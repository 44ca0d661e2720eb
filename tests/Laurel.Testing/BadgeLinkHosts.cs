using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Laurel.Testing;

/// <summary>
/// What an employer's paste of a badge link needs in a test (issue 14): Laurel's public base URL is its own loopback address
/// (share links work in a browser), and someone else's web server (on the fetch allow-list) with a badge page whose
/// credential link is followed over the network, a page that offers no credential, and one that points its credential link
/// at a private address.
/// </summary>
public sealed class BadgeLinkAddOn : HostAddOn
{
    private readonly int _port = TestPorts.Free();
    private LoopbackServer? _pages;

    /// <summary>Laurel's own origin, e.g. <c>http://127.0.0.1:41234</c> (also its public base URL).</summary>
    public string Origin => $"http://127.0.0.1:{_port}";

    /// <summary>
    /// Someone else's web server: <c>/plain.html</c> (no credential link), <c>/private-link.html</c> (link to 10.0.0.5), and
    /// <c>/someone/badge.html</c> whose relative credential link serves <see cref="SomeoneCredential"/>.
    /// </summary>
    public LoopbackServer Pages => Started(_pages);

    /// <summary>What <c>/someone/credential.json</c> answers (a test puts a credential there).</summary>
    public string SomeoneCredential { get; set; } = "{}";

    public override async Task StartAsync() => _pages = await LoopbackServer.StartAsync(routes =>
    {
        routes.MapGet("/plain.html", () => Results.Content(
            "<!DOCTYPE html><html lang=\"en\"><head><title>My badges</title></head><body><p>A badge.</p></body></html>", "text/html"));
        routes.MapGet("/someone/badge.html", () => Results.Content(
            "<!DOCTYPE html><html><head><title>Badge</title><link rel=\"stylesheet\" href=\"/site.css\">"
            + "<link rel=\"alternate\" type=\"application/vc+ld+json\" href=\"credential.json\"></head><body></body></html>", "text/html"));
        routes.MapGet("/someone/credential.json", () => Results.Content(SomeoneCredential, "application/vc+ld+json"));
        routes.MapGet("/private-link.html", () => Results.Content(
            "<!doctype html><html><head><title>Badge</title><link rel=\"alternate\" type=\"application/vc+ld+json\" href=\"http://10.0.0.5/credential.json\"></head><body></body></html>",
            "text/html"));
    });

    public override void Configure(Dictionary<string, string?> settings)
    {
        settings["Laurel:PublicBaseUrl"] = Origin;
        // A configured Kestrel endpoint replaces the host's --urls (as for HTTPS): Laurel listens where its links point, so a
        // browser can follow a share link. Laurel's own origin is NOT on the fetch allow-list: its badge links are answered
        // from the database, never fetched.
        settings["Kestrel:Endpoints:Http:Url"] = Origin;
        AllowFetch(settings, Pages.HostAndPort);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_pages is not null) await _pages.DisposeAsync();
    }
}

public sealed class BadgeLinkSqliteHost() : LaurelHost(new TestHostOptions(Db.Sqlite).With(() => new BadgeLinkAddOn()));

public sealed class BadgeLinkPostgresHost() : LaurelHost(new TestHostOptions(Db.Postgres).With(() => new BadgeLinkAddOn()));
