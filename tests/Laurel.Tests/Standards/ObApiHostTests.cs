using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Features.Identity;
using Laurel.Features.Standards.ObApi;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Standards.ObApiKit;

namespace Laurel.Tests.Standards;

/// <summary>
/// Laurel as an OB 3.0 API service provider (OB3-7, OB3-8.3), over raw HTTP: registration checks, the consent page, PKCE and
/// code rules, tokens, refresh and revocation, the four operations with their paging and errors, and the account page.
/// </summary>
public abstract class ObApiHostTests(LaurelHost host)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private ForeignIssuer Foreign => ((IImportHost)host).Foreign;

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();

    private static string[] MinorFields(JsonObject imsx) =>
        [.. imsx["imsx_codeMinor"]!["imsx_codeMinorField"]!.AsArray().Select(f => (string)f!["imsx_codeMinorFieldName"]!)];

    /// <summary>What getCredentials should count for a person (tests share one host, so earlier tests leave badges behind).</summary>
    private Task<int> HeldAsync(Guid personId) => host.DbAsync(async db =>
        await db.Awards.CountAsync(a => a.RecipientPersonId == personId && (a.State == Laurel.Features.Awards.AwardState.Issued || a.State == Laurel.Features.Awards.AwardState.Suspended), Ct)
        + await db.ImportedCredentials.CountAsync(i => i.PersonId == personId && i.Format != Laurel.Features.Backpack.Imports.ImportFormat.Ob2Json, Ct));

    private static string MinorValue(JsonObject imsx) => (string)imsx["imsx_codeMinor"]!["imsx_codeMinorField"]![0]!["imsx_codeMinorFieldValue"]!;

    [Fact]
    public async Task Discovery_is_public_cacheable_and_lists_the_oauth_addresses_and_scopes()
    {
        using var client = host.CreateClient();
        var response = await client.GetAsync(ObRoutes.Discovery, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sdd = await BodyAsync(response);
        Assert.Equal("3.0.1", (string)sdd["openapi"]!);
        Assert.NotNull(sdd["info"]!["termsOfService"]);
        Assert.NotNull(sdd["info"]!["x-imssf-privacyPolicyUrl"]);
        var scheme = sdd["components"]!["securitySchemes"]!["OAuth2ACG"]!;
        Assert.Equal(host.BaseUrl + ObRoutes.Register, (string)scheme["x-imssf-registrationUrl"]!);
        var flow = scheme["flows"]!["authorizationCode"]!;
        Assert.Equal(host.BaseUrl + ObRoutes.Authorize, (string)flow["authorizationUrl"]!);
        Assert.Equal(host.BaseUrl + ObRoutes.Token, (string)flow["tokenUrl"]!);
        Assert.Equal(ObScopes.All.Order(), flow["scopes"]!.AsObject().Select(p => p.Key).Order());
        Assert.NotNull(sdd["paths"]!["/credentials"]!["get"]);
        Assert.NotNull(sdd["paths"]!["/profile"]!["put"]);

        using var again = new HttpRequestMessage(HttpMethod.Get, ObRoutes.Discovery);
        again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again, Ct)).StatusCode);
    }

    [Fact]
    public async Task Registration_names_every_bad_field_at_once()
    {
        var request = Registration("https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly openid");
        request["client_uri"] = "http://client.example/";
        request["tos_uri"] = "https://elsewhere.example/tos";
        request["redirect_uris"] = "https://client.example/cb";
        request["token_endpoint_auth_method"] = "client_secret_post";
        request["grant_types"] = new JsonArray("client_credentials");
        request["response_types"] = new JsonArray("token");
        request.Remove("software_id");
        using var client = host.CreateClient();

        var response = await client.PostAsync(ObRoutes.Register, Json(request), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal("invalid_client_metadata", (string)body["error"]!);
        Assert.Equal(["client_uri", "grant_types", "redirect_uris", "response_types", "scope", "software_id", "token_endpoint_auth_method"],
            body["error_fields"]!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Registration_refuses_hostile_bodies_within_budget()
    {
        using var client = host.CreateClient();
        var deep = new StringBuilder();
        for (var i = 0; i < 100; i++) deep.Append("{\"a\":");
        deep.Append('1').Append('}', 100);
        var nested = await client.PostAsync(ObRoutes.Register, new StringContent(deep.ToString(), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, nested.StatusCode);
        Assert.Contains("nested", (string)(await BodyAsync(nested))["error_description"]!);

        var huge = Registration();
        huge["redirect_uris"] = new JsonArray([.. Enumerable.Range(0, 5000).Select(i => (JsonNode)$"https://client.example/{i}")]);
        var big = await client.PostAsync(ObRoutes.Register, Json(huge), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
        Assert.Contains("larger than", (string)(await BodyAsync(big))["error_description"]!);

        var wrongTypes = Registration();
        wrongTypes["client_name"] = 5;
        wrongTypes["contacts"] = new JsonArray(1, 2);
        var typed = await client.PostAsync(ObRoutes.Register, Json(wrongTypes), Ct);
        Assert.Equal(["client_name", "contacts"], (await BodyAsync(typed))["error_fields"]!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public async Task A_learner_allows_a_client_which_then_reads_upserts_and_updates_within_its_scopes()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var awardId = await host.CreateAwardAsync();
        var (id, secret) = await host.RegisterAsync();
        var (verifier, challenge) = Pkce();

        // The consent page names the client and each scope in the learner's words.
        var page = await learner.GetStringAsync(AuthorizeUrl(id, challenge) + "&culture=en", Ct);
        Assert.Contains("Example Backpack", page);
        Assert.Contains("Read all your badges", page);
        Assert.Contains("client.example", page);
        var redirect = await ConsentAsync(learner, AuthorizeUrl(id, challenge));
        Assert.StartsWith(RedirectUri + "?code=", redirect.ToString());
        Assert.Equal("s-123", Param(redirect, "state"));
        Assert.Equal(host.BaseUrl, Param(redirect, "iss"));

        var (status, tokens) = await host.TokenAsync(id, secret, CodeForm(Param(redirect, "code"), verifier));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", (string)tokens["token_type"]!);
        Assert.Equal(3600, (int)tokens["expires_in"]!);
        Assert.Equal(string.Join(' ', ObScopes.All), (string)tokens["scope"]!);
        var access = (string)tokens["access_token"]!;

        // getCredentials: the award exactly as signed.
        var list = await host.ApiAsync(HttpMethod.Get, ObRoutes.Credentials, access);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var personId = await host.DemoLearnerIdAsync();
        Assert.Equal((await HeldAsync(personId)).ToString(System.Globalization.CultureInfo.InvariantCulture), list.Headers.GetValues("X-Total-Count").Single());
        var stored = await host.DbAsync(db => db.Awards.Where(a => a.Id == awardId).Select(a => a.CredentialJson).SingleAsync(Ct));
        Assert.Contains((await BodyAsync(list))["credential"]!.AsArray(), c => JsonNode.DeepEquals(JsonNode.Parse(stored), c));
        var importsBefore = await host.DbAsync(db => db.ImportedCredentials.CountAsync(i => i.PersonId == personId, Ct));

        // upsertCredential: a foreign credential is imported (201), again is 200, Laurel's own award comes back as itself.
        var foreign = Foreign.Credential().ToJsonString();
        var created = await host.ApiAsync(HttpMethod.Post, ObRoutes.Credentials, access, new StringContent(foreign, Encoding.UTF8, "application/vc+ld+json"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(foreign), await BodyAsync(created)));
        var replaced = await host.ApiAsync(HttpMethod.Post, ObRoutes.Credentials, access, new StringContent(foreign, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var own = await host.ApiAsync(HttpMethod.Post, ObRoutes.Credentials, access, new StringContent(stored, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(importsBefore + 1, await host.DbAsync(db => db.ImportedCredentials.CountAsync(i => i.PersonId == personId, Ct)));
        var jwt = Foreign.Jwt();
        var jws = await host.ApiAsync(HttpMethod.Post, ObRoutes.Credentials, access, new StringContent(jwt, Encoding.UTF8, "text/plain"));
        Assert.True(jws.StatusCode == HttpStatusCode.Created, await jws.Content.ReadAsStringAsync(Ct));

        // A later getCredentials returns equal credentials (OB3-8.3 Write: data preserved).
        var after = await BodyAsync(await host.ApiAsync(HttpMethod.Get, ObRoutes.Credentials, access));
        Assert.Contains(after["credential"]!.AsArray(), c => JsonNode.DeepEquals(c, JsonNode.Parse(foreign)));
        Assert.Contains(jwt, after["compactJwsString"]!.AsArray().Select(j => (string)j!));

        // getProfile / putProfile: only the name changes; anything else is named.
        var profile = await BodyAsync(await host.ApiAsync(HttpMethod.Get, ObRoutes.Profile, access));
        Assert.Equal("urn:uuid:" + personId, (string)profile["id"]!);
        profile["name"] = "Lotte V.";
        var put = await host.ApiAsync(HttpMethod.Put, ObRoutes.Profile, access, Json(profile));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("Lotte V.", (string)(await BodyAsync(put))["name"]!);
        profile["email"] = "someone@else.example";
        profile["phone"] = "+31 6 1234";
        var refused = await host.ApiAsync(HttpMethod.Put, ObRoutes.Profile, access, Json(profile));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["email", "phone"], MinorFields(await BodyAsync(refused)).Order());
    }

    [Fact]
    public async Task Requests_without_PKCE_state_or_a_known_redirect_are_refused()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var (id, _) = await host.RegisterAsync();
        var (_, challenge) = Pkce();

        // Unknown client or unregistered redirect_uri: refused on the page, never sent to that address.
        var unknown = await learner.GetAsync(AuthorizeUrl("ob-nope", challenge), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var wrongRedirect = await learner.GetAsync(AuthorizeUrl(id, challenge, redirectUri: "https://evil.example/cb"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrongRedirect.StatusCode);
        Assert.Contains("data-outcome=\"refused\"", await wrongRedirect.Content.ReadAsStringAsync(Ct));

        // Everything else goes back to the client as an error.
        async Task<Uri> Redirected(string url)
        {
            var response = await learner.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return response.Headers.Location!;
        }
        var noPkce = await Redirected(AuthorizeUrl(id, challenge).Replace("&code_challenge=" + challenge, ""));
        Assert.Equal("invalid_request", Param(noPkce, "error"));
        Assert.Contains("code_challenge", Param(noPkce, "error_description"));
        Assert.Equal("invalid_request", Param(await Redirected(AuthorizeUrl(id, challenge, method: "plain")), "error"));
        Assert.Equal("invalid_request", Param(await Redirected(AuthorizeUrl(id, challenge, state: "")), "error"));
        Assert.Equal("invalid_scope", Param(await Redirected(AuthorizeUrl(id, challenge, scope: "openid")), "error"));

        // The learner may say no.
        var denied = await ConsentAsync(learner, AuthorizeUrl(id, challenge), decision: "deny");
        Assert.Equal("access_denied", Param(denied, "error"));
        Assert.Equal("s-123", Param(denied, "state"));
    }

    [Fact]
    public async Task A_code_needs_its_verifier_and_redirect_and_its_reuse_revokes_what_it_issued()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var (id, secret) = await host.RegisterAsync();
        var (verifier, challenge) = Pkce();
        var code = Param(await ConsentAsync(learner, AuthorizeUrl(id, challenge)), "code");

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.TokenAsync(id, "wrong-secret", CodeForm(code, verifier))).Status);
        var wrongVerifier = await host.TokenAsync(id, secret, CodeForm(code, Pkce().Verifier));
        Assert.Equal("invalid_grant", (string)wrongVerifier.Body["error"]!);
        var wrongRedirect = await host.TokenAsync(id, secret, CodeForm(code, verifier, "https://client.example/other"));
        Assert.Equal("invalid_grant", (string)wrongRedirect.Body["error"]!);
        var noVerifier = CodeForm(code, verifier);
        noVerifier.Remove("code_verifier");
        Assert.Equal("invalid_request", (string)(await host.TokenAsync(id, secret, noVerifier)).Body["error"]!);

        var (status, tokens) = await host.TokenAsync(id, secret, CodeForm(code, verifier));
        Assert.Equal(HttpStatusCode.OK, status);
        var access = (string)tokens["access_token"]!;
        Assert.Equal(HttpStatusCode.OK, (await host.ApiAsync(HttpMethod.Get, ObRoutes.Profile, access)).StatusCode);

        var reuse = await host.TokenAsync(id, secret, CodeForm(code, verifier));
        Assert.Equal("invalid_grant", (string)reuse.Body["error"]!);
        var afterReuse = await host.ApiAsync(HttpMethod.Get, ObRoutes.Profile, access);
        Assert.Equal(HttpStatusCode.Unauthorized, afterReuse.StatusCode);
        Assert.Contains("invalid_token", afterReuse.Headers.WwwAuthenticate.ToString());
        var refresh = await host.TokenAsync(id, secret, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = (string)tokens["refresh_token"]! });
        Assert.Equal("invalid_grant", (string)refresh.Body["error"]!);
    }

    [Fact]
    public async Task Refresh_rotates_may_narrow_but_not_widen_and_revocation_ends_the_grant()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var (id, secret, tokens) = await host.ConnectAsync(learner, ObScopes.CredentialRead + " " + ObScopes.ProfileRead);
        var refreshToken = (string)tokens["refresh_token"]!;

        var wider = await host.TokenAsync(id, secret, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["scope"] = ObScopes.ProfileUpdate });
        Assert.Equal("invalid_scope", (string)wider.Body["error"]!);
        var (status, narrowed) = await host.TokenAsync(id, secret, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["scope"] = ObScopes.ProfileRead });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ObScopes.ProfileRead, (string)narrowed["scope"]!);
        Assert.NotEqual(refreshToken, (string)narrowed["refresh_token"]!);
        var narrowAccess = (string)narrowed["access_token"]!;
        Assert.Equal(HttpStatusCode.Forbidden, (await host.ApiAsync(HttpMethod.Get, ObRoutes.Credentials, narrowAccess)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.ApiAsync(HttpMethod.Get, ObRoutes.Profile, narrowAccess)).StatusCode);

        // RFC 7009: unknown tokens answer 200; the refresh token ends the grant and its access tokens at once.
        using var client = host.CreateClient();
        async Task<HttpStatusCode> Revoke(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, ObRoutes.Revoke) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = "refresh_token" }) };
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(id + ":" + secret)));
            return (await client.SendAsync(request, Ct)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await Revoke("not-a-token"));
        Assert.Equal(HttpStatusCode.OK, await Revoke((string)narrowed["refresh_token"]!));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.ApiAsync(HttpMethod.Get, ObRoutes.Profile, narrowAccess)).StatusCode);
    }

    [Fact]
    public async Task A_rotated_refresh_token_used_again_revokes_the_grant()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var (id, secret, tokens) = await host.ConnectAsync(learner);
        var first = (string)tokens["refresh_token"]!;
        var (_, second) = await host.TokenAsync(id, secret, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = first });

        var replay = await host.TokenAsync(id, secret, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = first });

        Assert.Equal("invalid_grant", (string)replay.Body["error"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.ApiAsync(HttpMethod.Get, ObRoutes.Profile, (string)second["access_token"]!)).StatusCode);
    }

    [Fact]
    public async Task Resource_errors_are_Imsx_with_the_right_status()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var (_, _, tokens) = await host.ConnectAsync(learner, ObScopes.ProfileRead);
        var access = (string)tokens["access_token"]!;

        var anonymous = await host.ApiAsync(HttpMethod.Get, ObRoutes.Credentials, null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal("unauthorizedrequest", MinorValue(await BodyAsync(anonymous)));
        var forbidden = await host.ApiAsync(HttpMethod.Get, ObRoutes.Credentials, access);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("insufficient_scope", forbidden.Headers.WwwAuthenticate.ToString());
        var body = await BodyAsync(forbidden);
        Assert.Equal(("failure", "error", "forbidden"), ((string)body["imsx_codeMajor"]!, (string)body["imsx_severity"]!, MinorValue(body)));
        Assert.Equal(HttpStatusCode.Forbidden, (await host.ApiAsync(HttpMethod.Post, ObRoutes.Credentials, access, Json(new JsonObject()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.ApiAsync(HttpMethod.Put, ObRoutes.Profile, access, Json(new JsonObject()))).StatusCode);
    }

    [Fact]
    public async Task Another_persons_token_sees_only_their_own_badges()
    {
        await host.CreateAwardAsync();
        using var other = await host.SignInAsDemoAsync("viewer");
        var (_, _, tokens) = await host.ConnectAsync(other);

        var response = await host.ApiAsync(HttpMethod.Get, ObRoutes.Credentials, (string)tokens["access_token"]!);

        Assert.Equal("0", response.Headers.GetValues("X-Total-Count").Single());
        Assert.Empty((await BodyAsync(response))["credential"]!.AsArray());
        var profile = await BodyAsync(await host.ApiAsync(HttpMethod.Get, ObRoutes.Profile, (string)tokens["access_token"]!));
        Assert.Equal("Vera de Wit", (string)profile["name"]!);
    }

    [Fact]
    public async Task Paging_sends_total_and_links_at_the_edges_and_since_filters()
    {
        var learnerId = (await host.NewLearnerAsync()).Id;
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = learnerId }));
        // Awards made in one second share an issue time: spread them a day apart.
        var issued = ids.Select((_, i) => new DateTime(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc).AddDays(i)).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            var (id, at) = (ids[i], issued[i]);
            await host.DbAsync(db => db.Awards.Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.IssuedAt, at), Ct));
        }
        var access = await TokenForAsync(learnerId, ObScopes.CredentialRead);

        async Task<(int Count, string Total, string? Link)> Page(string query)
        {
            var response = await host.ApiAsync(HttpMethod.Get, ObRoutes.Credentials + query, access);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
            var link = response.Headers.TryGetValues("Link", out var l) ? l.Single() : null;
            return ((await BodyAsync(response))["credential"]!.AsArray().Count, response.Headers.GetValues("X-Total-Count").Single(), link);
        }
        var first = await Page("?limit=2");
        Assert.Equal((2, "5"), (first.Count, first.Total));
        Assert.Contains("offset=0>; rel=\"first\"", first.Link);
        Assert.Contains("offset=4>; rel=\"last\"", first.Link);
        Assert.Contains("offset=2>; rel=\"next\"", first.Link);
        Assert.DoesNotContain("rel=\"prev\"", first.Link);
        var last = await Page("?limit=2&offset=4");
        Assert.Equal(1, last.Count);
        Assert.Contains("offset=2>; rel=\"prev\"", last.Link);
        Assert.DoesNotContain("rel=\"next\"", last.Link);
        var all = await Page("");
        Assert.Equal((5, null), (all.Count, all.Link));
        Assert.Equal(0, (await Page("?offset=9")).Count);
        var since = await Page("?since=" + Uri.EscapeDataString(issued[2].ToString("O")));
        Assert.Equal((2, "2"), (since.Count, since.Total));

        var bad = await host.ApiAsync(HttpMethod.Get, ObRoutes.Credentials + "?limit=0&offset=-1&since=yesterday", access);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var imsx = await BodyAsync(bad);
        Assert.Equal(["limit", "offset", "since"], MinorFields(imsx).Order());
        Assert.Equal("invalid_query_parameter", MinorValue(imsx));
    }

    [Fact]
    public async Task Upsert_refuses_hostile_and_unverifiable_bodies()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var (_, _, tokens) = await host.ConnectAsync(learner, ObScopes.CredentialUpsert);
        var access = (string)tokens["access_token"]!;
        var personId = await host.DemoLearnerIdAsync();
        var before = await host.DbAsync(db => db.ImportedCredentials.CountAsync(i => i.PersonId == personId, Ct));
        async Task<string[]> Refused(HttpContent content)
        {
            var response = await host.ApiAsync(HttpMethod.Post, ObRoutes.Credentials, access, content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return MinorFields(await BodyAsync(response));
        }
        var deep = string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200));
        Assert.Equal(["body"], await Refused(new StringContent("{\"a\":" + deep + "}", Encoding.UTF8, "application/json")));
        Assert.Equal(["body"], await Refused(new ByteArrayContent(new byte[ObCredentialsApi.MaxUpsertBytes + 1]) { Headers = { ContentType = new("application/json") } }));
        Assert.Equal(["Content-Type"], await Refused(new StringContent("x", Encoding.UTF8, "application/xml")));
        Assert.Equal(["Content-Type"], await Refused(new StringContent("{}", Encoding.UTF8, "application/ld+json")));
        Assert.Equal(["body"], await Refused(new StringContent("not a jws", Encoding.UTF8, "text/plain")));
        var tampered = Foreign.Credential();
        tampered["credentialSubject"]!["achievement"]!["name"] = "Something else";
        Assert.Equal(["credential"], await Refused(new StringContent(tampered.ToJsonString(), Encoding.UTF8, "application/json")));
        Assert.Equal(before, await host.DbAsync(db => db.ImportedCredentials.CountAsync(i => i.PersonId == personId, Ct)));
    }

    [Fact]
    public async Task Upsert_replaces_a_new_version_of_the_same_credential_in_place_and_keeps_it_when_the_new_one_fails()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var (_, _, first) = await host.ConnectAsync(learner, ObScopes.CredentialUpsert + " " + ObScopes.CredentialRead);
        var (_, _, second) = await host.ConnectAsync(learner, ObScopes.CredentialUpsert);
        var personId = await host.DemoLearnerIdAsync();
        var id = "urn:uuid:" + Guid.NewGuid();
        Task<HttpResponseMessage> Post(JsonObject tokens, string body) =>
            host.ApiAsync(HttpMethod.Post, ObRoutes.Credentials, (string)tokens["access_token"]!, new StringContent(body, Encoding.UTF8, "application/json"));
        Task<List<Laurel.Features.Backpack.Imports.ImportedCredential>> Held() => host.DbAsync(db =>
            db.ImportedCredentials.AsNoTracking().Where(i => i.PersonId == personId && i.CredentialText.Contains(id)).ToListAsync(Ct));

        var v1 = Foreign.Credential(change: c => c["validFrom"] = DateTimeOffset.UtcNow.AddDays(-30).ToString("yyyy-MM-ddTHH:mm:ssZ")).AsObject();
        v1 = Foreign.Credential(change: c => { c["id"] = id; c["validFrom"] = v1["validFrom"]!.DeepClone(); });
        var created = await Post(first, v1.ToJsonString());
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var original = Assert.Single(await Held());

        // A corrected version (same id, same issuer, later validFrom) from another client replaces the import in place.
        var v2 = Foreign.Credential(change: c =>
        {
            c["id"] = id;
            c["validFrom"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ");
            c["credentialSubject"]!["achievement"]!["name"] = "Data Literacy, second edition";
        });
        var replaced = await Post(second, v2.ToJsonString());
        Assert.True(replaced.StatusCode == HttpStatusCode.OK, await replaced.Content.ReadAsStringAsync(Ct));
        Assert.True(JsonNode.DeepEquals(v2, await BodyAsync(replaced)));
        var now = Assert.Single(await Held());
        Assert.Equal(original.Id, now.Id);
        Assert.Equal("Data Literacy, second edition", now.AchievementName);
        Assert.True(JsonNode.DeepEquals(v2, JsonNode.Parse(now.CredentialText)));

        // The same version again changes nothing.
        var again = await Post(first, v2.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var unchanged = Assert.Single(await Held());
        Assert.Equal(now.VerifiedAt, unchanged.VerifiedAt);
        Assert.Equal(now.ContentHash, unchanged.ContentHash);

        // A new version that does not verify is refused with Imsx_StatusInfo; the stored one stays.
        var forged = v2.DeepClone().AsObject();
        forged["credentialSubject"]!["achievement"]!["name"] = "Data Literacy, forged edition";
        var refused = await Post(first, forged.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["credential"], MinorFields(await BodyAsync(refused)));
        Assert.Equal(now.ContentHash, Assert.Single(await Held()).ContentHash);

        // An older version posted late (OB3-6.1: the newer validFrom wins) leaves the stored one and answers with it.
        var late = Foreign.Credential(change: c =>
        {
            c["id"] = id;
            c["validFrom"] = DateTimeOffset.UtcNow.AddDays(-60).ToString("yyyy-MM-ddTHH:mm:ssZ");
            c["credentialSubject"]!["achievement"]!["name"] = "Data Literacy, first draft";
        });
        var stale = await Post(first, late.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.True(JsonNode.DeepEquals(v2, await BodyAsync(stale)));
        Assert.Equal(now.ContentHash, Assert.Single(await Held()).ContentHash);

        // getCredentials hands out the current version only.
        var list = await BodyAsync(await host.ApiAsync(HttpMethod.Get, ObRoutes.Credentials + "?limit=100", (string)first["access_token"]!));
        var mine = list["credential"]!.AsArray().Where(c => (string?)c!["id"] == id).ToList();
        Assert.True(JsonNode.DeepEquals(v2, Assert.Single(mine)));
    }

    [Fact]
    public async Task Upsert_of_a_credential_with_the_id_of_another_issuers_import_is_a_new_import()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var (_, _, tokens) = await host.ConnectAsync(learner, ObScopes.CredentialUpsert);
        var personId = await host.DemoLearnerIdAsync();
        var id = "urn:uuid:" + Guid.NewGuid();
        await host.DbAsync(async db =>
        {
            // An import with the same id but from a different issuer (as if imported earlier from elsewhere).
            db.ImportedCredentials.Add(new Laurel.Features.Backpack.Imports.ImportedCredential
            {
                Id = Guid.CreateVersion7(), PersonId = personId, CredentialText = $"{{\"id\":\"{id}\",\"issuer\":\"did:example:other\"}}", ContentHash = Guid.NewGuid().ToString("N"),
                IssuerId = "did:example:other", ProvenIssuerId = "did:example:other", IssuerName = "Other", AchievementName = "Other badge",
                VerificationReportJson = "{}", Format = Laurel.Features.Backpack.Imports.ImportFormat.Ob3Json, ImportedAt = DateTime.UtcNow, VerifiedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync(Ct);
        });
        var credential = Foreign.Credential(change: c => c["id"] = id);
        var response = await host.ApiAsync(HttpMethod.Post, ObRoutes.Credentials, (string)tokens["access_token"]!, new StringContent(credential.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, await host.DbAsync(db => db.ImportedCredentials.CountAsync(i => i.PersonId == personId && i.CredentialText.Contains(id), Ct)));
        Assert.Equal("Other badge", await host.DbAsync(db => db.ImportedCredentials.Where(i => i.PersonId == personId && i.IssuerId == "did:example:other" && i.CredentialText.Contains(id)).Select(i => i.AchievementName).SingleAsync(Ct)));
        // The stand-in row is no credential: other tests of this shared host validate everything getCredentials returns.
        await host.DbAsync(db => db.ImportedCredentials.Where(i => i.PersonId == personId && i.IssuerId == "did:example:other").ExecuteDeleteAsync(Ct));
    }

    [Fact]
    public async Task The_SDD_carries_the_official_schemas_and_real_answers_validate_against_them_independently()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        await host.CreateAwardAsync();
        var (_, _, tokens) = await host.ConnectAsync(learner);
        var access = (string)tokens["access_token"]!;
        await host.ApiAsync(HttpMethod.Post, ObRoutes.Credentials, access, new StringContent(Foreign.Jwt(), Encoding.UTF8, "text/plain"));
        await host.ApiAsync(HttpMethod.Post, ObRoutes.Credentials, access, new StringContent(Foreign.Credential().ToJsonString(), Encoding.UTF8, "application/json"));

        using var anonymous = host.CreateClient();
        var sdd = await BodyAsync(await anonymous.GetAsync(ObRoutes.Discovery, Ct));
        var schemas = sdd["components"]!["schemas"]!.AsObject();
        foreach (var name in new[] { "AchievementCredential", "Profile", "GetOpenBadgeCredentialsResponse", "Imsx_StatusInfo", "Achievement", "Imsx_CodeMinorField", "Proof" })
            Assert.True(schemas.ContainsKey(name), name);
        Assert.Contains("credentialSubject", schemas["AchievementCredential"]!["required"]!.AsArray().Select(r => (string)r!));
        Assert.DoesNotContain("$defs", sdd.ToJsonString());

        var list = await BodyAsync(await host.ApiAsync(HttpMethod.Get, ObRoutes.Credentials, access));
        Assert.NotEmpty(list["credential"]!.AsArray());
        Assert.NotEmpty(list["compactJwsString"]!.AsArray());
        var profile = await BodyAsync(await host.ApiAsync(HttpMethod.Get, ObRoutes.Profile, access));
        var badQuery = await BodyAsync(await host.ApiAsync(HttpMethod.Get, ObRoutes.Credentials + "?limit=x&offset=-1", access));
        var noToken = await BodyAsync(await host.ApiAsync(HttpMethod.Get, ObRoutes.Credentials, null));
        var broken = list["credential"]![0]!.DeepClone().AsObject();
        broken.Remove("credentialSubject");

        var input = new JsonObject
        {
            ["sdd"] = sdd,
            ["schemas"] = new JsonObject(ObSchemas.Files.Select(f => KeyValuePair.Create(f.Name, (JsonNode?)JsonValue.Create(ObSchemas.Original(f.File))))),
            ["samples"] = new JsonArray(
                Sample("getCredentials", "GetOpenBadgeCredentialsResponse", list),
                Sample("each credential", "AchievementCredential", list["credential"]![0]!),
                Sample("getProfile", "Profile", profile),
                Sample("400 bad query", "Imsx_StatusInfo", badQuery),
                Sample("401 no token", "Imsx_StatusInfo", noToken),
                Sample("negative control", "AchievementCredential", broken)),
        };
        var file = Path.Combine(Path.GetTempPath(), $"laurel-ob-schemas-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, input.ToJsonString(), Ct);
        var result = await NodeScript.RunAsync("validate-ob-schemas.mjs", [file], ["ajv", "ajv-formats", "@readme/openapi-parser"], ct: Ct);
        File.Delete(file);

        Assert.True((bool)result["sdd"]!["valid"]!, result["sdd"]!.ToJsonString());
        foreach (var r in result["results"]!.AsArray())
        {
            var expected = (string)r!["name"]! != "negative control";
            Assert.True((bool)r["official"]!["valid"]! == expected, r.ToJsonString());
            Assert.True((bool)r["sdd"]!["valid"]! == expected, r.ToJsonString());
        }

        static JsonObject Sample(string name, string schema, JsonNode body) => new() { ["name"] = name, ["schema"] = schema, ["body"] = body.DeepClone() };
    }

    [Fact]
    public async Task The_personal_data_export_lists_OB_apps_and_host_connections_and_never_a_token()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var (clientId, secret, tokens) = await host.ConnectAsync(learner);
        Assert.Equal(HttpStatusCode.OK, (await host.ApiAsync(HttpMethod.Get, ObRoutes.Profile, (string)tokens["access_token"]!)).StatusCode);
        var personId = await host.DemoLearnerIdAsync();
        var hostName = "Elsewhere Badges " + Guid.NewGuid().ToString("N")[..6];
        await host.DbAsync(async db =>
        {
            db.Add(new Laurel.Features.Standards.ObConnect.ObConnection
            {
                Id = Guid.CreateVersion7(), PersonId = personId, State = Laurel.Features.Standards.ObConnect.ObConnectionState.Connected,
                ApiBaseUrl = "https://badges.elsewhere.example/ims/ob/v3p0", HostName = hostName, AuthorizationUrl = "https://badges.elsewhere.example/authorize",
                TokenUrl = "https://badges.elsewhere.example/token", ClientId = "laurel-at-elsewhere", ProtectedClientSecret = "PROTECTED-CLIENT-SECRET",
                ProtectedAccessToken = "PROTECTED-ACCESS-TOKEN", ProtectedRefreshToken = "PROTECTED-REFRESH-TOKEN", Scope = ObScopes.CredentialRead,
                CreatedAt = DateTime.UtcNow.AddDays(-2), ConnectedAt = DateTime.UtcNow.AddDays(-2),
            });
            return await db.SaveChangesAsync(Ct);
        });

        // Reached from the account page.
        var account = await learner.GetStringAsync("/account?culture=en", Ct);
        Assert.Contains($"href=\"{PersonalDataExport.Path}\"", account);
        Assert.Contains("Download my data", account);
        Assert.Contains("Download mijn gegevens", await learner.GetStringAsync("/account?culture=nl", Ct));

        var response = await learner.GetAsync(PersonalDataExport.Path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        foreach (var secretValue in new[] { (string)tokens["access_token"]!, (string)tokens["refresh_token"]!, secret, "PROTECTED-" })
            Assert.DoesNotContain(secretValue, text);
        var export = JsonNode.Parse(text)!;
        Assert.Equal(personId.ToString(), (string)export["account"]!["id"]!);
        var app = Assert.Single(export["openBadgesApi"]!["appsAllowed"]!.AsArray(), a => (string)a!["clientId"]! == clientId)!;
        Assert.Equal("Example Backpack", (string)app["client"]!);
        Assert.Equal(ObScopes.All.Order(), app["scopes"]!.AsArray().Select(x => (string)x!).Order());
        Assert.NotNull(app["since"]);
        Assert.NotNull(app["lastUsed"]);
        var connection = Assert.Single(export["openBadgesApi"]!["hostsConnected"]!.AsArray(), c => (string)c!["host"]! == hostName)!;
        Assert.Equal("https://badges.elsewhere.example/ims/ob/v3p0", (string)connection["apiBaseUrl"]!);
        Assert.NotNull(connection["since"]);

        // Only one's own: another person's export does not show them; without a session there is no export.
        using var other = await host.SignInAsDemoAsync("viewer");
        var theirs = await other.GetStringAsync(PersonalDataExport.Path, Ct);
        Assert.DoesNotContain(clientId, theirs);
        Assert.DoesNotContain(hostName, theirs);
        using var anonymous = host.CreateClient();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(PersonalDataExport.Path, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_account_page_lists_allowed_clients_and_revoking_stops_their_tokens_at_once()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var (id, _, tokens) = await host.ConnectAsync(learner);
        var access = (string)tokens["access_token"]!;
        Assert.Equal(HttpStatusCode.OK, (await host.ApiAsync(HttpMethod.Get, ObRoutes.Profile, access)).StatusCode);

        var account = await learner.GetStringAsync("/account?culture=en", Ct);
        Assert.Contains($"data-client=\"{id}\"", account);
        Assert.Contains("Example Backpack", account);
        Assert.Contains("Read all your badges", account);

        // Someone else cannot revoke it; the learner can.
        using var other = await host.SignInAsDemoAsync("viewer");
        var otherPage = await other.GetStringAsync("/account", Ct);
        var foreignRevoke = await other.PostAsync("/account/ob-apps/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["clientId"] = id, ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(otherPage) }), Ct);
        Assert.Equal(HttpStatusCode.NotFound, foreignRevoke.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.ApiAsync(HttpMethod.Get, ObRoutes.Profile, access)).StatusCode);
        var noToken = await learner.PostAsync("/account/ob-apps/revoke", new FormUrlEncodedContent(new Dictionary<string, string> { ["clientId"] = id }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        var revoke = await learner.PostAsync("/account/ob-apps/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["clientId"] = id, ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(account) }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.ApiAsync(HttpMethod.Get, ObRoutes.Profile, access)).StatusCode);
        Assert.DoesNotContain($"data-client=\"{id}\"", await learner.GetStringAsync("/account", Ct));
    }

    [Fact]
    public async Task Independent_openid_client_walks_discovery_registration_PKCE_tokens_operations_refresh_and_revocation()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        await host.CreateAwardAsync();
        var stateFile = Path.Combine(Path.GetTempPath(), $"laurel-ob-client-{Guid.NewGuid():N}.json");
        var start = await NodeScript.RunAsync("ob-client.mjs", ["start", System.Text.Json.JsonSerializer.Serialize(new { @base = host.BaseUrl, stateFile })],
            ["openid-client", "oauth4webapi"], ct: Ct);
        var url = new Uri((string)start["authorizationUrl"]!);
        Assert.Equal(host.BaseUrl + ObRoutes.Authorize, url.GetLeftPart(UriPartial.Path));

        // The learner agrees on Laurel's consent page; the client gets the redirect.
        var callback = await ConsentAsync(learner, url.PathAndQuery);
        var foreign = Foreign.Credential().ToJsonString();
        var jwt = Foreign.Jwt();
        var walk = await NodeScript.RunAsync("ob-client.mjs", ["finish", System.Text.Json.JsonSerializer.Serialize(new
        {
            stateFile, callbackUrl = callback.ToString(), upsertJson = foreign, upsertJws = jwt,
        })], ["openid-client"], ct: Ct);
        File.Delete(stateFile);
        var held = await HeldAsync(await host.DemoLearnerIdAsync());

        Assert.Equal("bearer", ((string)walk["tokenType"]!).ToLowerInvariant());
        Assert.Equal(3600, (int)walk["expiresIn"]!);
        Assert.Equal(201, (int)walk["upsertJson"]!["status"]!);
        Assert.Equal(201, (int)walk["upsertJws"]!["status"]!);
        var firstPage = walk["firstPage"]!;
        Assert.Equal(held.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)firstPage["total"]!);
        Assert.Contains("rel=\"next\"", (string)firstPage["link"]!);
        var all = walk["all"]!["body"]!;
        Assert.Contains(all["credential"]!.AsArray(), c => JsonNode.DeepEquals(c, JsonNode.Parse(foreign)));
        Assert.Contains(jwt, all["compactJwsString"]!.AsArray().Select(j => (string)j!));
        Assert.Equal("urn:uuid:" + await host.DemoLearnerIdAsync(), (string)walk["profile"]!["body"]!["id"]!);
        Assert.Equal("Lotte (via OB API)", (string)walk["putProfile"]!["body"]!["name"]!);
        Assert.Equal(ObScopes.ProfileRead, (string)walk["refreshedScope"]!);
        Assert.True((bool)walk["refreshRotated"]!);
        Assert.Equal(403, (int)walk["narrowedCredentials"]!["status"]!);
        Assert.Equal(200, (int)walk["narrowedProfile"]!["status"]!);
        Assert.Equal(401, (int)walk["afterRevocation"]!["status"]!);
    }

    /// <summary>A token for a person who cannot sign in through the demo page: the grant is written as the consent page would.</summary>
    private async Task<string> TokenForAsync(Guid personId, string scope)
    {
        var (id, secret) = await host.RegisterAsync();
        var (verifier, challenge) = Pkce();
        var code = ObSecrets.New();
        await host.DbAsync(async db =>
        {
            db.Add(new ObGrant
            {
                Id = Guid.CreateVersion7(), ClientId = id, PersonId = personId, Scopes = scope, CodeHash = ObSecrets.Hash(code), CodeChallenge = challenge,
                RedirectUri = RedirectUri, CodeExpiresAt = DateTime.UtcNow.AddMinutes(5), CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync(Ct);
        });
        var (_, tokens) = await host.TokenAsync(id, secret, CodeForm(code, verifier));
        return (string)tokens["access_token"]!;
    }
}

/// <summary>Laurel at its public origin (so the SDD's addresses reach it) with a foreign issuer for upserts, on SQLite.</summary>
public sealed class ObApiSqliteHost() : LaurelHost(WalletHostOptions.For(Db.Sqlite).WithForeignIssuer()), IImportHost;

/// <summary>The same on PostgreSQL.</summary>
public sealed class ObApiPostgresHost() : LaurelHost(WalletHostOptions.For(Db.Postgres).WithForeignIssuer()), IImportHost;

public sealed class ObApiHostTestsOnSqlite(ObApiSqliteHost host) : ObApiHostTests(host), IClassFixture<ObApiSqliteHost>;

public sealed class ObApiHostTestsOnPostgres(ObApiPostgresHost host) : ObApiHostTests(host), IClassFixture<ObApiPostgresHost>;
