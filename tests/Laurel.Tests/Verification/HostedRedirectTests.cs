using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges;
using Laurel.Infrastructure.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Laurel.Tests.Verification;

/// <summary>
/// Issue 12 finding 1, re-checked: where an address is what proves who speaks (a hosted OB 2.0 assertion, a did:web or https
/// controller document), a redirect to another origin — an open redirect on a trusted university host — must not let that
/// other host answer in the trusted host's name. Redirects within the same origin still work.
/// </summary>
public sealed class HostedRedirectTests(RedirectingIssuerHost host) : IClassFixture<RedirectingIssuerHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Assertion(string id) => new()
    {
        ["@context"] = "https://w3id.org/openbadges/v2", ["type"] = "Assertion", ["id"] = id,
        ["recipient"] = new JsonObject { ["type"] = "email", ["hashed"] = true, ["salt"] = "ob2", ["identity"] = IdentityHash.Compute("someone@example.org", "ob2") },
        ["badge"] = new JsonObject
        {
            ["type"] = "BadgeClass", ["id"] = "https://www.uu.nl/badges/teamwork", ["name"] = "Teamwork", ["description"] = "Works in a team.",
            ["image"] = "https://www.uu.nl/teamwork.png", ["criteria"] = new JsonObject { ["narrative"] = "Two projects." },
            ["issuer"] = new JsonObject { ["type"] = "Issuer", ["id"] = "https://www.uu.nl/issuer", ["name"] = "Universiteit Utrecht", ["url"] = "https://www.uu.nl", ["email"] = "badges@uu.nl" },
        },
        ["verification"] = new JsonObject { ["type"] = "hosted" },
        ["issuedOn"] = DateTimeOffset.UtcNow.AddDays(-10).ToString("yyyy-MM-ddTHH:mm:ssZ"),
    };

    private async Task<string> ProofCodeAsync(JsonObject assertion)
    {
        var (status, body, _) = await CpuExhaustionTests.PostAsync(host, "/credentials/verify", new JsonObject { ["verifiableCredential"] = assertion });
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest, body.ToJsonString());
        return body["details"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == "proof")!["code"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_hosted_assertion_whose_address_redirects_to_another_origin_is_not_verified_by_the_copy_found_there()
    {
        // The attacker's server holds a copy whose id is the trusted host's open redirect pointing at that copy.
        var key = Guid.NewGuid().ToString("N");
        var target = host.Attacker.Url("/a/" + key).AbsoluteUri;
        var assertion = Assertion(host.Trusted.Url("/to?target=" + Uri.EscapeDataString(target)).AbsoluteUri);
        host.Documents[key] = assertion.ToJsonString();

        Assert.Equal("proof.hosted_unavailable", await ProofCodeAsync(assertion));
    }

    [Fact]
    public async Task A_hosted_assertion_that_moved_within_its_own_origin_still_verifies()
    {
        var key = Guid.NewGuid().ToString("N");
        var assertion = Assertion(host.Trusted.Url("/moved/" + key).AbsoluteUri);
        host.Documents[key] = assertion.ToJsonString();

        Assert.Equal("proof.hosted_match", await ProofCodeAsync(assertion));
    }

    [Fact]
    public async Task The_same_origin_fetch_refuses_a_cross_origin_redirect_and_the_plain_fetch_still_follows_it()
    {
        var key = Guid.NewGuid().ToString("N");
        host.Documents[key] = "{\"moved\":true}";
        var fetcher = new SafeFetcher(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Laurel:Verification:AllowedFetchHosts"] = host.Trusted.HostAndPort + "," + host.Attacker.HostAndPort,
        }).Build());
        var away = host.Trusted.Url("/to?target=" + Uri.EscapeDataString(host.Attacker.Url("/a/" + key).AbsoluteUri));

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchStringSameOriginAsync(away, Ct));
        Assert.Contains("another origin", refused.Message);
        Assert.Equal("{\"moved\":true}", await fetcher.FetchStringSameOriginAsync(host.Trusted.Url("/moved/" + key), Ct));
        Assert.Equal("{\"moved\":true}", await fetcher.FetchStringAsync(away, Ct));
    }
}

/// <summary>
/// A Laurel host with two loopback servers standing for two origins: <see cref="Trusted"/> (with an open redirect <c>/to</c> and a
/// same-origin move <c>/moved/{key}</c> → <c>/a/{key}</c>) and <see cref="Attacker"/>; both serve <see cref="Documents"/> at <c>/a/{key}</c>.
/// </summary>
public sealed class RedirectingIssuerHost : SqliteHost
{
    private LoopbackServer? _trusted;
    private LoopbackServer? _attacker;

    public ConcurrentDictionary<string, string> Documents { get; } = new(StringComparer.Ordinal);
    public LoopbackServer Trusted => _trusted ?? throw new InvalidOperationException("Host not started.");
    public LoopbackServer Attacker => _attacker ?? throw new InvalidOperationException("Host not started.");

    private LoopbackServer Serve(bool redirects) => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/a/{key}", (string key) => Documents.TryGetValue(key, out var text) ? Results.Text(text, "application/json") : Results.NotFound());
        if (!redirects) return;
        app.MapGet("/to", (string target) => Results.Redirect(target));
        app.MapGet("/moved/{key}", (string key) => Results.Redirect("/a/" + key));
    }).GetAwaiter().GetResult();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        _trusted = Serve(redirects: true);
        _attacker = Serve(redirects: false);
        settings["Laurel:Verification:AllowedFetchHosts"] = _trusted.HostAndPort + "," + _attacker.HostAndPort;
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_trusted is not null) await _trusted.DisposeAsync();
        if (_attacker is not null) await _attacker.DisposeAsync();
        await base.DropDatabaseAsync();
    }
}
