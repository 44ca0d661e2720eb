using System.Net;
using System.Text.RegularExpressions;
using Laurel.Features.Standards.ObApi;
using Laurel.Features.Standards.ObConnect;
using ObConnection = Laurel.Features.Standards.ObConnect.ObConnection;
using Microsoft.EntityFrameworkCore;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Standards;

/// <summary>
/// Laurel's OB 3.0 client against Laurel's OB 3.0 host, two whole Laurels over https (<see cref="LaurelPair"/>): the
/// consumer's learner connects the host (discovery → RFC 7591 registration → authorization with PKCE, where the host's
/// learner signs in and clicks Allow on the host's own consent page → code → token), reads the host's profile and every
/// page of credentials, imports them (verified, once), sends one of the consumer's own badges (it arrives once as a verified
/// import at the host), has an expired access token refreshed, and disconnects (the host's account page no longer lists it).
/// </summary>
public abstract partial class LaurelToLaurelTests(LaurelPair pair)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private LaurelHost Host => pair.Host;
    private LaurelHost Consumer => pair.Consumer;

    /// <summary>
    /// Clicks "Connect" on the consumer with the host's address, follows the consumer to the host's consent page, allows
    /// there as the host's signed-in learner, and follows the host back to the consumer; the connection id.
    /// </summary>
    private async Task<Guid> ConnectAsync(HttpClient atConsumer, HttpClient atHost)
    {
        var start = await atConsumer.PostFormAsync("/backpack/connections", "/backpack/connections?handler=connect", ("url", pair.HostOrigin));
        Assert.True(start.StatusCode == HttpStatusCode.Redirect, WebUtility.HtmlDecode(await start.Content.ReadAsStringAsync(Ct)));
        var authorize = start.Headers.Location!;
        Assert.StartsWith(pair.HostOrigin + ObRoutes.Authorize + "?", authorize.AbsoluteUri);
        Assert.Equal("S256", ObApiKit.Param(authorize, "code_challenge_method"));
        var back = await ObApiKit.ConsentAsync(atHost, authorize.PathAndQuery);
        Assert.StartsWith(pair.ConsumerOrigin + ObConnectService.CallbackPath + "?", back.AbsoluteUri);
        var done = await atConsumer.GetAsync(back.PathAndQuery, Ct);
        Assert.True(done.StatusCode == HttpStatusCode.Redirect, WebUtility.HtmlDecode(await done.Content.ReadAsStringAsync(Ct)));
        var location = done.Headers.Location!.OriginalString;
        Assert.Matches("^/backpack/connections/[0-9a-f-]{36}\\?connected=true$", location);
        return Guid.Parse(location["/backpack/connections/".Length..].Split('?')[0]);
    }

    /// <summary>The OB clients the host's account page lists for its signed-in learner.</summary>
    private static async Task<List<string>> ConnectedAppsAsync(HttpClient atHost) =>
        [.. ClientIds().Matches(await atHost.GetStringAsync("/account?culture=en", Ct)).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("data-client=\"([^\"]+)\"")]
    private static partial Regex ClientIds();

    [Fact]
    public async Task A_learner_connects_the_other_Laurel_reads_every_page_imports_once_sends_once_and_disconnects()
    {
        // The host's learner holds two badges the host's institution signed (did:web) and two signed elsewhere (did:key).
        var hostAwards = new[]
        {
            await Host.AwardThroughServiceAsync("Responsible AI in Practice", toDemoLearner: true),
            await Host.AwardThroughServiceAsync("Data Literacy for Professionals", toDemoLearner: true),
        };
        await Host.CreateAwardAsync(new AwardSpec { Achievement = "Solar Energy Systems" });
        await Host.CreateAwardAsync(new AwardSpec { Achievement = "Solar Energy Systems" });
        var hostLearner = await Host.DemoLearnerIdAsync();
        var hostCount = await Host.DbAsync(db => db.Awards.CountAsync(a => a.RecipientPersonId == hostLearner, Ct));
        Assert.True(hostCount >= 4);
        // The consumer's learner has a badge of the consumer's own institution to send.
        var ownAward = await Consumer.AwardThroughServiceAsync("Data Literacy for Professionals", toDemoLearner: true);
        var ownCredential = (await Consumer.AwardAsync(ownAward)).CredentialJson;

        using var atConsumer = await pair.SignInAsync(Consumer, "learner");
        using var atHost = await pair.SignInAsync(Host, "learner");
        var appsBefore = await ConnectedAppsAsync(atHost);
        var id = await ConnectAsync(atConsumer, atHost);
        var connection = await Consumer.DbAsync(db => db.Set<ObConnection>().AsNoTracking().SingleAsync(c => c.Id == id, Ct));
        Assert.Equal(ObConnectionState.Connected, connection.State);
        Assert.Equal(pair.HostOrigin + "/ims/ob/v3p0", connection.ApiBaseUrl);
        Assert.Equal(pair.HostOrigin + ObRoutes.Revoke, connection.RevocationUrl);
        // The host registered the consumer with its metadata, and lists it as a connected app of its learner.
        var client = await Host.DbAsync(db => db.Set<ObClient>().AsNoTracking().SingleAsync(c => c.Id == connection.ClientId, Ct));
        Assert.Equal("Laurel", client.Name);
        var apps = await ConnectedAppsAsync(atHost);
        Assert.Equal([.. appsBefore, connection.ClientId], apps);

        // The host page: the host's profile, and every credential read two at a time (the consumer's page size here).
        var page = await atConsumer.PageAsync($"/backpack/connections/{id}?culture=en");
        Assert.Contains("Lotte de Vries", page);
        Assert.Contains(LearnerEmail, page);
        foreach (var name in new[] { "Responsible AI in Practice", "Solar Energy Systems", "Data Literacy for Professionals" }) Assert.Contains(name, page);
        Assert.Contains($"{hostCount} badges (the host reports {hostCount})", page);
        Assert.Equal(hostCount, KeyInputs().Matches(page).Count);

        // Import all: each verified and stored once; the host's own did:web awards verify against the host's DID document.
        var consumerLearner = await Consumer.DemoLearnerIdAsync();
        var first = await atConsumer.PostFormAsync($"/backpack/connections/{id}", $"/backpack/connections/{id}?handler=import&culture=en", ("all", "true"));
        var html = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync(Ct));
        Assert.True(first.StatusCode == HttpStatusCode.OK, html);
        Assert.Equal(hostCount, Regex.Matches(html, "data-result=\"Imported\"").Count);
        var imported = await Consumer.DbAsync(db => db.ImportedCredentials.AsNoTracking().Where(i => i.PersonId == consumerLearner).ToListAsync(Ct));
        Assert.Equal(hostCount, imported.Count);
        foreach (var awardId in hostAwards)
        {
            var text = (await Host.AwardAsync(awardId)).CredentialJson;
            var import = Assert.Single(imported, i => i.CredentialText.Contains(awardId.ToString(), StringComparison.Ordinal));
            Assert.Contains(":institutions:uu", import.CredentialText);
            // The same credential (JSON as received, escapes aside).
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(text), System.Text.Json.Nodes.JsonNode.Parse(import.CredentialText)));
        }
        var importPage = await atConsumer.PageAsync($"/backpack/imports/{imported[0].Id}?culture=en");
        Assert.Contains("Verified", importPage);
        var again = await atConsumer.PostFormAsync($"/backpack/connections/{id}", $"/backpack/connections/{id}?handler=import", ("all", "true"));
        var againHtml = await again.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("data-result=\"Imported\"", againHtml);
        Assert.Equal(hostCount, Regex.Matches(againHtml, "data-result=\"AlreadyImported\"").Count);
        Assert.Equal(hostCount, await Consumer.DbAsync(db => db.ImportedCredentials.CountAsync(i => i.PersonId == consumerLearner, Ct)));

        // Send the consumer's own badge: the host verifies it against the consumer's DID document and keeps it once.
        var badge = await atConsumer.PageAsync($"/backpack/badges/{ownAward}?culture=en");
        Assert.Contains($"action=\"/backpack/connections/{id}/send\"", badge);
        var sent = await atConsumer.PostFormAsync($"/backpack/badges/{ownAward}?culture=en", $"/backpack/connections/{id}/send?culture=en", ("awardId", ownAward.ToString()));
        var sentText = WebUtility.HtmlDecode(await sent.Content.ReadAsStringAsync(Ct));
        Assert.True(sent.StatusCode == HttpStatusCode.OK, sentText);
        Assert.Contains("has added the badge to your account there", sentText);
        var atHostImports = await Host.DbAsync(db => db.ImportedCredentials.AsNoTracking().Where(i => i.PersonId == hostLearner).ToListAsync(Ct));
        var arrived = Assert.Single(atHostImports);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(ownCredential), System.Text.Json.Nodes.JsonNode.Parse(arrived.CredentialText)));
        Assert.Contains("Verified", await atHost.PageAsync($"/backpack/imports/{arrived.Id}?culture=en"));
        var resent = await atConsumer.PostFormAsync($"/backpack/badges/{ownAward}?culture=en", $"/backpack/connections/{id}/send?culture=en", ("awardId", ownAward.ToString()));
        Assert.Contains("already had this badge and has updated it", WebUtility.HtmlDecode(await resent.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(1, await Host.DbAsync(db => db.ImportedCredentials.CountAsync(i => i.PersonId == hostLearner, Ct)));

        // Disconnect: both tokens revoked at the host, which no longer lists the app or accepts its tokens.
        var grant = await Host.DbAsync(db => db.Set<ObGrant>().AsNoTracking().SingleAsync(g => g.ClientId == connection.ClientId, Ct));
        Assert.Null(grant.RevokedAt);
        var disconnected = await atConsumer.PostFormAsync("/backpack/connections", "/backpack/connections?handler=disconnect", ("id", id.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, disconnected.StatusCode);
        Assert.False(await Consumer.DbAsync(db => db.Set<ObConnection>().AnyAsync(c => c.Id == id, Ct)));
        Assert.DoesNotContain(connection.ClientId, await ConnectedAppsAsync(atHost));
        Assert.Equal(appsBefore, await ConnectedAppsAsync(atHost));
        Assert.NotNull((await Host.DbAsync(db => db.Set<ObGrant>().AsNoTracking().SingleAsync(g => g.Id == grant.Id, Ct))).RevokedAt);
    }

    [Fact]
    public async Task An_access_token_that_expired_at_the_host_is_refreshed_and_the_read_repeated()
    {
        using var atConsumer = await pair.SignInAsync(Consumer, "learner");
        using var atHost = await pair.SignInAsync(Host, "learner");
        var id = await ConnectAsync(atConsumer, atHost);
        var before = await Consumer.DbAsync(db => db.Set<ObConnection>().AsNoTracking().SingleAsync(c => c.Id == id, Ct));
        var grant = await Host.DbAsync(db => db.Set<ObGrant>().AsNoTracking().SingleAsync(g => g.ClientId == before.ClientId, Ct));
        try
        {
            // Two hours later at the host: the one-hour access token is refused (401) while the consumer still thinks it fresh.
            pair.HostClock.Shift = TimeSpan.FromHours(2);
            var page = await atConsumer.PageAsync($"/backpack/connections/{id}?culture=en");
            Assert.Contains("Lotte de Vries", page);
            Assert.DoesNotContain("Reading the host did not work", page);
        }
        finally
        {
            pair.HostClock.Shift = TimeSpan.Zero;
        }
        var after = await Consumer.DbAsync(db => db.Set<ObConnection>().AsNoTracking().SingleAsync(c => c.Id == id, Ct));
        Assert.NotEqual(before.ProtectedAccessToken, after.ProtectedAccessToken);
        Assert.NotEqual(before.ProtectedRefreshToken, after.ProtectedRefreshToken); // the host rotates refresh tokens
        // The host issued one more access and refresh token on the same grant, and spent the first refresh token.
        var tokens = await Host.DbAsync(db => db.Set<ObToken>().AsNoTracking().Where(t => t.GrantId == grant.Id).ToListAsync(Ct));
        Assert.Equal(2, tokens.Count(t => t.Kind == ObToken.Refresh));
        Assert.Equal(2, tokens.Count(t => t.Kind != ObToken.Refresh));
        var disconnected = await atConsumer.PostFormAsync("/backpack/connections", "/backpack/connections?handler=disconnect", ("id", id.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, disconnected.StatusCode);
    }

    [GeneratedRegex("name=\"key\" value=\"[0-9a-f]{64}\"")]
    private static partial Regex KeyInputs();
}

public sealed class LaurelToLaurelTestsOnSqlite(LaurelPairOnSqlite pair) : LaurelToLaurelTests(pair), IClassFixture<LaurelPairOnSqlite>;

public sealed class LaurelToLaurelTestsOnPostgres(LaurelPairOnPostgres pair) : LaurelToLaurelTests(pair), IClassFixture<LaurelPairOnPostgres>;
