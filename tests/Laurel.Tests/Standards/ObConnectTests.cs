using System.Net;
using Laurel.Features.Standards.ObConnect;
using Microsoft.EntityFrameworkCore;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Standards;

/// <summary>
/// Laurel as an OB 3.0 service consumer against the stand-in for the 1EdTech test system (node/ob-host.mjs): connect
/// (SDD → registration → authorization with PKCE → code exchange with Basic), read (getProfile, getCredentials with and
/// without paging), import, send (upsertCredential), refresh, disconnect with revocation, and every remote failure.
/// </summary>
public abstract class ObConnectTests(IObConnectHost fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private LaurelHost Laurel => fixture.Laurel;
    private ObHostStandIn Host => fixture.Host;

    /// <summary>Clicks "Connect", follows Laurel to the host's (auto-approving) authorization page and back; the connection id.</summary>
    private async Task<Guid> ConnectAsync(HttpClient learner, string? url = null, string mode = "normal")
    {
        await Host.ModeAsync(mode);
        var start = await learner.PostFormAsync("/backpack/connections", "/backpack/connections?handler=connect", ("url", url ?? Host.Origin));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(Host.Origin + "/oauth/authorize?", authorize.AbsoluteUri);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var approved = await browser.GetAsync(authorize, Ct);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var callback = approved.Headers.Location!;
        Assert.Equal(ObConnectService.CallbackPath, callback.AbsolutePath);
        var back = await learner.GetAsync(callback.PathAndQuery, Ct);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var location = back.Headers.Location!.OriginalString;
        Assert.Matches("^/backpack/connections/[0-9a-f-]{36}\\?connected=true$", location);
        return Guid.Parse(location["/backpack/connections/".Length..].Split('?')[0]);
    }

    private Task<int> ImportCountAsync(Guid personId) => Laurel.DbAsync(db => db.ImportedCredentials.CountAsync(i => i.PersonId == personId, Ct));

    [Fact]
    public async Task Connecting_discovers_registers_with_Laurels_metadata_uses_PKCE_S256_and_Basic_and_stores_tokens_protected()
    {
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var id = await ConnectAsync(learner);

        var seen = await Host.SeenAsync();
        var registration = seen["registrations"]!.AsArray().Last()!.AsObject();
        foreach (var field in new[] { "client_name", "client_uri", "logo_uri", "tos_uri", "policy_uri", "software_id", "software_version", "scope" })
            Assert.False(string.IsNullOrEmpty(registration[field]?.GetValue<string>()), field);
        Assert.Equal("Laurel", registration["client_name"]!.GetValue<string>());
        Assert.EndsWith(ObConnectService.CallbackPath, registration["redirect_uris"]!.AsArray().Single()!.GetValue<string>());
        Assert.Equal("client_secret_basic", registration["token_endpoint_auth_method"]!.GetValue<string>());
        var authorization = seen["authorizations"]!.AsArray().Last()!.AsObject();
        Assert.Equal("S256", authorization["code_challenge_method"]!.GetValue<string>());
        Assert.Equal(43, authorization["state"]!.GetValue<string>().Length);
        Assert.Contains(ObProtocol.ScopeRead, authorization["scope"]!.GetValue<string>());
        var token = seen["tokenRequests"]!.AsArray().Last()!.AsObject();
        Assert.Equal("authorization_code", token["grant_type"]!.GetValue<string>());
        Assert.True(token["basic"]!.GetValue<bool>());

        var row = await Laurel.DbAsync(db => db.Set<ObConnection>().AsNoTracking().SingleAsync(c => c.Id == id, Ct));
        Assert.Equal(ObConnectionState.Connected, row.State);
        Assert.Equal("OB 3.0 conformance stand-in", row.HostName);
        Assert.Null(row.StateHash);
        Assert.Null(row.ProtectedCodeVerifier);
        // Data Protection payloads, never the tokens or the client secret themselves.
        Assert.StartsWith("CfDJ8", row.ProtectedAccessToken);
        Assert.StartsWith("CfDJ8", row.ProtectedRefreshToken);
        Assert.StartsWith("CfDJ8", row.ProtectedClientSecret);
        Assert.Equal(Host.Origin + "/oauth/revoke", row.RevocationUrl);

        var list = await learner.PageAsync("/backpack/connections?culture=en");
        Assert.Contains("View badges at OB 3.0 conformance stand-in", list);
    }

    [Theory]
    [InlineData("normal")]
    [InlineData("nopaging")]
    public async Task Host_page_shows_the_profile_and_every_credential_with_and_without_paging(string mode)
    {
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var id = await ConnectAsync(learner);
        await Host.ModeAsync(mode);
        var before = (await Host.SeenAsync())["credentialRequests"]!.AsArray().Count;
        var page = await learner.PageAsync($"/backpack/connections/{id}?culture=en");
        Assert.Contains("Conformance Test Learner", page);
        Assert.Contains("conformance@imsglobal.org", page);
        foreach (var name in Host.Names) Assert.Contains(name, page);
        Assert.Contains("(VC-JWT)", page);
        var requests = (await Host.SeenAsync())["credentialRequests"]!.AsArray().Skip(before).Select(r => r!.GetValue<string>()).ToList();
        if (mode == "normal")
        {
            // Two per page at the stand-in: the Link next chain was followed to the end, and the total shown.
            Assert.True(requests.Count >= 2, string.Join(" ", requests));
            Assert.Contains(requests, r => r.Contains("offset=2"));
            Assert.Matches("\\d+ badges \\(the host reports \\d+\\)", page);
        }
        else Assert.Single(requests);
    }

    [Fact]
    public async Task Import_all_verifies_and_stores_each_once_and_a_Laurel_badge_comes_back_as_its_award()
    {
        // Awarded through the staff page, so it is signed by this Laurel's institution DID.
        var achievement = await SeedKit.NewAchievementAsync(Laurel);
        using var awarder = await Laurel.SignInAsDemoAsync("awarder");
        var awardId = await awarder.AwardThroughPageAsync(achievement, ForeignIssuer.LearnerEmail);
        var award = await SeedKit.AwardAsync(Laurel, awardId);
        await Host.AddAsync(award.CredentialJson);
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var personId = await Laurel.DemoLearnerIdAsync();
        var id = await ConnectAsync(learner);
        var before = await ImportCountAsync(personId);

        var first = await learner.PostFormAsync($"/backpack/connections/{id}", $"/backpack/connections/{id}?handler=import", ("all", "true"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var html = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync(Ct));
        var results = html[html.IndexOf("import-results", StringComparison.Ordinal)..html.IndexOf("profile-heading", StringComparison.Ordinal)];
        Assert.True(results.Contains("data-result=\"LaurelsOwn\"", StringComparison.Ordinal), results);
        Assert.DoesNotContain("data-result=\"Refused\"", html);
        // Earlier tests in this class may have imported some already; together they are every credential the host has.
        var imported = System.Text.RegularExpressions.Regex.Matches(html, "data-result=\"Imported\"").Count;
        Assert.True(imported + System.Text.RegularExpressions.Regex.Matches(html, "data-result=\"AlreadyImported\"").Count >= 4, html);
        Assert.Equal(before + imported, await ImportCountAsync(personId));
        Assert.Equal(1, await Laurel.DbAsync(db => db.Awards.CountAsync(a => a.Id == awardId, Ct)));

        var again = await learner.PostFormAsync($"/backpack/connections/{id}", $"/backpack/connections/{id}?handler=import", ("all", "true"));
        Assert.DoesNotContain("data-result=\"Imported\"", await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before + imported, await ImportCountAsync(personId));
    }

    [Fact]
    public async Task Import_selected_imports_only_the_chosen_one_and_none_chosen_names_the_field()
    {
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var id = await ConnectAsync(learner);
        var page = await learner.PageAsync($"/backpack/connections/{id}?culture=en");
        var key = System.Text.RegularExpressions.Regex.Match(page, "name=\"key\" value=\"([0-9a-f]{64})\"").Groups[1].Value;
        var none = await learner.PostFormAsync($"/backpack/connections/{id}?culture=en", $"/backpack/connections/{id}?handler=import&culture=en");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("Choose at least one badge to import.", WebUtility.HtmlDecode(await none.Content.ReadAsStringAsync(Ct)));

        var one = await learner.PostFormAsync($"/backpack/connections/{id}", $"/backpack/connections/{id}?handler=import", ("key", key));
        var html = await one.Content.ReadAsStringAsync(Ct);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<li data-result="));
    }

    [Fact]
    public async Task Send_upserts_the_credential_exactly_as_signed_201_then_200_and_shows_the_hosts_refusal()
    {
        var awardId = await Laurel.CreateAwardAsync(new AwardSpec { Achievement = "Solar Energy Systems" });
        var award = await Laurel.DbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == awardId, Ct));
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var id = await ConnectAsync(learner);
        var badge = await learner.PageAsync($"/backpack/badges/{awardId}?culture=en");
        Assert.Contains($"action=\"/backpack/connections/{id}/send\"", badge);
        Assert.Contains("Send to OB 3.0 conformance stand-in", badge);

        var sent = await learner.PostFormAsync($"/backpack/badges/{awardId}?culture=en", $"/backpack/connections/{id}/send?culture=en", ("awardId", awardId.ToString()));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("has added the badge to your account there", WebUtility.HtmlDecode(await sent.Content.ReadAsStringAsync(Ct)));
        var upsert = (await Host.SeenAsync())["upserts"]!.AsArray().Last()!.AsObject();
        Assert.Equal(award.CredentialJson, upsert["text"]!.GetValue<string>());
        Assert.Equal("application/json", upsert["contentType"]!.GetValue<string>());

        var again = await learner.PostFormAsync($"/backpack/badges/{awardId}?culture=en", $"/backpack/connections/{id}/send?culture=en", ("awardId", awardId.ToString()));
        Assert.Contains("already had this badge and has updated it", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync(Ct)));

        await Host.ModeAsync("upsert-reject");
        var refused = await learner.PostFormAsync($"/backpack/badges/{awardId}?culture=nl", $"/backpack/connections/{id}/send?culture=nl", ("awardId", awardId.ToString()));
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        var text = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct));
        Assert.Contains("heeft de badge niet aangenomen", text);
        Assert.Contains("400 failure (invalid_data): The test system refuses this credential.", text);
    }

    [Fact]
    public async Task A_token_the_host_no_longer_accepts_is_refreshed_once_and_the_call_repeated()
    {
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var id = await ConnectAsync(learner);
        var stored = await Laurel.DbAsync(db => db.Set<ObConnection>().AsNoTracking().SingleAsync(c => c.Id == id, Ct));
        await Host.ExpireTokensAsync();
        var page = await learner.PageAsync($"/backpack/connections/{id}?culture=en");
        foreach (var name in Host.Names) Assert.Contains(name, page);
        var grants = (await Host.SeenAsync())["tokenRequests"]!.AsArray().Select(t => t!["grant_type"]!.GetValue<string>()).ToList();
        Assert.Contains("refresh_token", grants);
        var after = await Laurel.DbAsync(db => db.Set<ObConnection>().AsNoTracking().SingleAsync(c => c.Id == id, Ct));
        Assert.NotEqual(stored.ProtectedRefreshToken, after.ProtectedRefreshToken); // the rotated one is kept
    }

    [Fact]
    public async Task Disconnect_revokes_both_tokens_and_forgets_the_connection()
    {
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var id = await ConnectAsync(learner);
        var revokedBefore = (await Host.SeenAsync())["revoked"]!.AsArray().Count;
        var response = await learner.PostFormAsync("/backpack/connections", "/backpack/connections?handler=disconnect", ("id", id.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var revoked = (await Host.SeenAsync())["revoked"]!.AsArray().Skip(revokedBefore).Select(r => r!.AsObject()).ToList();
        Assert.Equal(["refresh_token", "access_token"], revoked.Select(r => r["token_type_hint"]!.GetValue<string>()));
        Assert.All(revoked, r => Assert.True(r["known"]!.GetValue<bool>()));
        Assert.False(await Laurel.DbAsync(db => db.Set<ObConnection>().AnyAsync(c => c.Id == id, Ct)));
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync($"/backpack/connections/{id}", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("huge", "more than 2 MB")]
    [InlineData("malformed", "not valid JSON")]
    [InlineData("server-error", "500 failure (internal_server_error): The test system is having a bad day.")]
    [InlineData("redirect-private", "private (10.0.0.0/8)")]
    [InlineData("slow", "did not answer within 10 seconds")]
    public async Task A_failing_host_is_named_with_its_error_and_nothing_is_imported(string mode, string message)
    {
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var id = await ConnectAsync(learner);
        var personId = await Laurel.DbAsync(db => db.Set<ObConnection>().Where(c => c.Id == id).Select(c => c.PersonId).SingleAsync(Ct));
        var before = await ImportCountAsync(personId);
        await Host.ModeAsync(mode);
        var view = await learner.GetAsync($"/backpack/connections/{id}?culture=en", Ct);
        Assert.Equal(HttpStatusCode.BadGateway, view.StatusCode);
        var html = WebUtility.HtmlDecode(await view.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Reading the host did not work", html);
        Assert.Contains(message, html);
        Assert.Contains("Nothing in your backpack was changed.", html);
        var import = await learner.PostFormAsync("/backpack/connections", $"/backpack/connections/{id}?handler=import", ("all", "true"));
        Assert.Equal(HttpStatusCode.BadGateway, import.StatusCode);
        Assert.Equal(before, await ImportCountAsync(personId));
        await Host.ModeAsync("normal");
    }

    [Fact]
    public async Task The_SDD_is_revalidated_with_its_ETag_and_a_fresh_one_is_used_without_asking_again()
    {
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        // The stand-in says no-cache with an ETag: every connect asks again, with If-None-Match, and a 304 keeps Laurel's copy.
        await ConnectAsync(learner);
        await ConnectAsync(learner);
        var revalidated = (await Host.SeenAsync())["sddRequests"]!.AsArray().Last()!.AsObject();
        Assert.StartsWith("\"", revalidated["ifNoneMatch"]!.GetValue<string>());
        Assert.Equal(304, revalidated["status"]!.GetValue<int>());

        // max-age=3600 (at a discovery address no other test uses): the second connect does not fetch the SDD at all.
        static int Fetches(System.Text.Json.Nodes.JsonObject seen) => seen["sddRequests"]!.AsArray().Count(r => r!["host"]!.GetValue<string>().StartsWith("localhost", StringComparison.Ordinal));
        await ConnectAsync(learner, Host.LocalhostOrigin, "sdd-fresh");
        Assert.Equal(1, Fetches(await Host.SeenAsync()));
        await ConnectAsync(learner, Host.LocalhostOrigin, "sdd-fresh");
        Assert.Equal(1, Fetches(await Host.SeenAsync()));
        await Host.ModeAsync("normal");
    }

    [Fact]
    public async Task A_short_Retry_After_is_waited_out_once_and_a_longer_wait_tells_the_learner_when_to_try_again()
    {
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var id = await ConnectAsync(learner);
        try
        {
            // 429 with Retry-After: 1 once: Laurel waits a second, asks again and shows the badges.
            var served = (await Host.SeenAsync())["busyServed"]!.GetValue<int>();
            await Host.BusyAsync(1, "1");
            var page = await learner.PageAsync($"/backpack/connections/{id}?culture=en");
            foreach (var name in Host.Names) Assert.Contains(name, page);
            Assert.Equal(served + 1, (await Host.SeenAsync())["busyServed"]!.GetValue<int>());

            // Retry-After: 1 twice: one retry only, then the learner is told to come back.
            await Host.BusyAsync(2, "1");
            await AssertBusyAsync(id, "en", "is busy and asked Laurel to wait. Try again in a minute.");
            // 30 minutes: not waited out; Dutch and English.
            await Host.BusyAsync(1, "1800");
            await AssertBusyAsync(id, "en", "is busy and asked Laurel to wait. Try again in 30 minutes.");
            await Host.BusyAsync(1, "1800");
            await AssertBusyAsync(id, "nl", "is even te druk en vroeg Laurel te wachten. Probeer het over 30 minuten opnieuw.");
            // No Retry-After: OB3-7.5's 30 minutes. An HTTP date two hours ahead: hours.
            await Host.BusyAsync(1, null);
            await AssertBusyAsync(id, "en", "Try again in 30 minutes.");
            await Host.BusyAsync(1, DateTimeOffset.UtcNow.AddHours(2).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            await AssertBusyAsync(id, "en", "Try again in 2 hours.");
        }
        finally
        {
            await Host.BusyAsync(0, null);
        }

        async Task AssertBusyAsync(Guid connection, string culture, string message)
        {
            var view = await learner.GetAsync($"/backpack/connections/{connection}?culture={culture}", Ct);
            Assert.Equal(HttpStatusCode.BadGateway, view.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(await view.Content.ReadAsStringAsync(Ct)));
        }
    }

    [Fact]
    public async Task Endless_paging_stops_at_the_page_budget_and_keeps_what_was_read()
    {
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var id = await ConnectAsync(learner);
        await Host.ModeAsync("endless");
        var before = (await Host.SeenAsync())["credentialRequests"]!.AsArray().Count;
        var page = await learner.PageAsync($"/backpack/connections/{id}?culture=en");
        await Host.ModeAsync("normal");
        Assert.Contains("Laurel stopped reading early because", page);
        Assert.Contains(Host.Names[0], page);
        Assert.True((await Host.SeenAsync())["credentialRequests"]!.AsArray().Count - before <= ObHostEntries.MaxPages);
    }

    [Theory]
    [InlineData("", "Enter the address of the host.")]
    [InlineData("not an address", "Enter a complete web address that starts with https://.")]
    [InlineData("ftp://badges.example.edu", "Enter a complete web address that starts with https://.")]
    [InlineData("https://10.0.0.1", "private (10.0.0.0/8)")]
    [InlineData("http://badges.example.edu", "is not https")]
    public async Task A_bad_address_is_refused_with_a_message_at_the_field(string url, string message)
    {
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var response = await learner.PostFormAsync("/backpack/connections?culture=en", "/backpack/connections?handler=connect&culture=en", ("url", url));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("id=\"url-error\"", html);
        Assert.Contains(message, html);
    }

    [Fact]
    public async Task Oversized_forms_are_refused_before_anything_is_fetched_or_stored()
    {
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var id = await ConnectAsync(learner);
        var registrations = (await Host.SeenAsync())["registrations"]!.AsArray().Count;
        var hugeUrl = await learner.PostFormAsync("/backpack/connections", "/backpack/connections?handler=connect", ("url", "https://example.org/" + new string('a', 40_000)));
        Assert.True(hugeUrl.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, hugeUrl.StatusCode.ToString());
        var tooManyKeys = Enumerable.Range(0, 2000).Select(i => ("key", new string('a', 64))).ToArray();
        var import = await learner.PostFormAsync("/backpack/connections", $"/backpack/connections/{id}?handler=import", tooManyKeys);
        Assert.True(import.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, import.StatusCode.ToString());
        Assert.Equal(registrations, (await Host.SeenAsync())["registrations"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_service_description_without_OAuth_endpoints_is_named_and_nothing_is_registered()
    {
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        await Host.ModeAsync("bad-sdd");
        var registrations = (await Host.SeenAsync())["registrations"]!.AsArray().Count;
        var response = await learner.PostFormAsync("/backpack/connections?culture=en", "/backpack/connections?handler=connect&culture=en", ("url", Host.Origin));
        await Host.ModeAsync("normal");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("lacks x-imssf-registrationUrl, authorizationUrl, tokenUrl", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(registrations, (await Host.SeenAsync())["registrations"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_denial_at_the_host_or_a_replayed_or_foreign_callback_connects_nothing()
    {
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var start = await learner.PostFormAsync("/backpack/connections", "/backpack/connections?handler=connect", ("url", Host.Origin));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var callback = (await browser.GetAsync(start.Headers.Location!, Ct)).Headers.Location!;

        // Another signed-in person cannot complete the learner's connection with the learner's code and state.
        using var other = await Laurel.SignInAsDemoAsync("viewer");
        Assert.Equal(HttpStatusCode.BadRequest, (await other.GetAsync(callback.PathAndQuery, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await learner.GetAsync(callback.PathAndQuery, Ct)).StatusCode);
        // Replayed: the state was used.
        var replay = await learner.GetAsync(callback.PathAndQuery + "&culture=en", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("does not belong to a connection you started", WebUtility.HtmlDecode(await replay.Content.ReadAsStringAsync(Ct)));

        await Host.ModeAsync("deny");
        var denied = await learner.PostFormAsync("/backpack/connections", "/backpack/connections?handler=connect", ("url", Host.Origin));
        var back = (await browser.GetAsync(denied.Headers.Location!, Ct)).Headers.Location!;
        await Host.ModeAsync("normal");
        var page = await learner.GetAsync(back.PathAndQuery + "&culture=en", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("The host did not grant access (access_denied)", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task Only_the_owner_sees_imports_from_or_sends_to_a_connection_and_anonymous_visitors_sign_in()
    {
        var awardId = await Laurel.CreateAwardAsync(new AwardSpec { Achievement = "Solar Energy Systems" });
        using var learner = await Laurel.SignInAsDemoAsync("learner");
        var id = await ConnectAsync(learner);
        using var other = await Laurel.SignInAsDemoAsync("viewer");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/backpack/connections/{id}", Ct)).StatusCode);
        Assert.DoesNotContain(id.ToString(), await other.GetStringAsync("/backpack/connections", Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync("/backpack/connections", $"/backpack/connections/{id}?handler=import", ("all", "true"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync("/backpack/connections", $"/backpack/connections/{id}/send", ("awardId", awardId.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync("/backpack/connections", "/backpack/connections?handler=disconnect", ("id", id.ToString()))).StatusCode);
        Assert.True(await Laurel.DbAsync(db => db.Set<ObConnection>().AnyAsync(c => c.Id == id, Ct)));

        using var anonymous = Laurel.CreateClient();
        foreach (var path in new[] { "/backpack/connections", $"/backpack/connections/{id}", "/backpack/connections/callback?state=x&code=y" })
        {
            var response = await anonymous.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery);
        }
        // No anti-forgery token: refused before anything is sent.
        var forged = await learner.PostAsync($"/backpack/connections/{id}/send", new FormUrlEncodedContent([new("awardId", awardId.ToString())]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }
}

public sealed class ObConnectTestsOnSqlite(ObConnectSqliteHost host) : ObConnectTests(host), IClassFixture<ObConnectSqliteHost>;

public sealed class ObConnectTestsOnPostgres(ObConnectPostgresHost host) : ObConnectTests(host), IClassFixture<ObConnectPostgresHost>;
