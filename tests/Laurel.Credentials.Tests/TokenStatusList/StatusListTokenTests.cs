using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Credentials.TokenStatusList;

namespace Laurel.Credentials.Tests.TokenStatusList;

/// <summary>Status List Tokens (draft-ietf-oauth-status-list §5.1) signed by Laurel and read back by its verifier (§8.3).</summary>
public sealed class StatusListTokenTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string ListUri = "https://badges.example.edu/statuslists/tsl/1";
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private readonly Ed25519Key _key = Ed25519Key.Generate();
    private readonly FixedTime _time = new(Now);

    public void Dispose() => _key.Dispose();

    private StatusListTokenContent Content(TokenStatusArray list, string subject = ListUri) => new()
    {
        Subject = subject,
        IssuedAt = Now,
        ExpiresAt = Now.AddDays(1),
        TimeToLive = TimeSpan.FromHours(12),
        List = list,
    };

    private static TokenStatusArray TwoBitList()
    {
        var list = TokenStatusArray.Create(2, 1024);
        list.Set(5, TokenStatus.Invalid);
        list.Set(6, TokenStatus.Suspended);
        list.Set(1023, TokenStatus.ApplicationSpecific);
        return list;
    }

    private string Signed(TokenStatusArray? list = null) =>
        StatusListTokenWriter.Sign(Content(list ?? TwoBitList()), new EdDsaJwsKey(_key), "key-1");

    private StatusListTokenVerifier Verifier(string servedToken, JsonObject? jwk = null) => new(
        (uri, _) => uri == ListUri ? Task.FromResult(servedToken) : throw new HttpRequestException("404"),
        (request, _) => Task.FromResult(request.KeyId == "key-1" ? jwk ?? Ed25519Jwk.Export(_key) : null),
        _time);

    private static JsonObject Reference(long idx, string uri = ListUri) => new StatusListReference(idx, uri).ToStatusClaim();

    [Fact]
    public void The_token_has_the_drafts_header_and_claims()
    {
        var jws = CompactJws.Parse(Signed());
        Assert.Equal("statuslist+jwt", jws.HeaderText("typ"));
        Assert.Equal("EdDSA", jws.Algorithm);
        Assert.Equal("key-1", jws.KeyId);
        var payload = jws.PayloadObject()!;
        Assert.Equal(ListUri, payload["sub"]!.GetValue<string>());
        Assert.Equal(Now.ToUnixTimeSeconds(), payload["iat"]!.GetValue<long>());
        Assert.Equal(Now.AddDays(1).ToUnixTimeSeconds(), payload["exp"]!.GetValue<long>());
        Assert.Equal(43200, payload["ttl"]!.GetValue<long>());
        Assert.Equal(2, payload["status_list"]!["bits"]!.GetValue<int>());
        Assert.True(jws.VerifyEd25519(_key));
    }

    [Theory]
    [InlineData(0, TokenStatus.Valid, "VALID")]
    [InlineData(5, TokenStatus.Invalid, "INVALID")]
    [InlineData(6, TokenStatus.Suspended, "SUSPENDED")]
    [InlineData(1023, TokenStatus.ApplicationSpecific, "APPLICATION_SPECIFIC")]
    public async Task The_verifier_reads_each_status_from_a_signed_list(long idx, int status, string name)
    {
        var result = await Verifier(Signed()).CheckAsync(Reference(idx), Ct);
        Assert.Equal(status, result.Status);
        Assert.Equal(name, result.Name);
        Assert.Equal(status == TokenStatus.Valid, result.IsValid);
        Assert.Equal(TimeSpan.FromHours(12), result.Token.Content.TimeToLive);
    }

    [Fact]
    public async Task An_index_beyond_the_list_is_a_range_error()
    {
        var e = await Assert.ThrowsAsync<TokenStatusListException>(() => Verifier(Signed()).CheckAsync(Reference(1024), Ct));
        Assert.Equal(TokenStatusListErrorCode.Range, e.Code);
    }

    [Fact]
    public async Task A_list_whose_sub_is_another_uri_is_refused_even_though_validly_signed()
    {
        var other = StatusListTokenWriter.Sign(Content(TwoBitList(), "https://badges.example.edu/statuslists/tsl/2"),
            new EdDsaJwsKey(_key), "key-1");
        var e = await Assert.ThrowsAsync<TokenStatusListException>(() => Verifier(other).CheckAsync(Reference(0), Ct));
        Assert.Equal(TokenStatusListErrorCode.Verification, e.Code);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_refused()
    {
        using var stranger = Ed25519Key.Generate();
        var e = await Assert.ThrowsAsync<TokenStatusListException>(() => Verifier(Signed(), Ed25519Jwk.Export(stranger)).CheckAsync(Reference(0), Ct));
        Assert.Equal(TokenStatusListErrorCode.Verification, e.Code);
    }

    [Fact]
    public async Task A_token_whose_list_was_altered_after_signing_is_refused()
    {
        var parts = Signed().Split('.');
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        payload["status_list"]!["lst"] = TokenStatusArray.Create(2, 1024).ToLst(); // "everything valid"
        var forged = parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + parts[2];
        var e = await Assert.ThrowsAsync<TokenStatusListException>(() => Verifier(forged).CheckAsync(Reference(5), Ct));
        Assert.Equal(TokenStatusListErrorCode.Verification, e.Code);
    }

    [Fact]
    public async Task A_JWT_of_another_type_is_refused()
    {
        var header = new JsonObject { ["alg"] = "EdDSA", ["kid"] = "key-1", ["typ"] = "JWT" };
        var jwt = CompactJws.SignEd25519(header, Encoding.UTF8.GetBytes(StatusListTokenWriter.Payload(Content(TwoBitList())).ToJsonString()), _key);
        var e = await Assert.ThrowsAsync<TokenStatusListException>(() => Verifier(jwt).CheckAsync(Reference(0), Ct));
        Assert.Equal(TokenStatusListErrorCode.Verification, e.Code);
    }

    [Fact]
    public async Task An_expired_token_is_refused_and_accepted_just_before()
    {
        var token = Signed();
        _time.Now = Now.AddDays(1).AddSeconds(59); // within the one-minute skew
        Assert.True((await Verifier(token).CheckAsync(Reference(0), Ct)).IsValid);
        _time.Now = Now.AddDays(1).AddMinutes(2);
        var e = await Assert.ThrowsAsync<TokenStatusListException>(() => Verifier(token).CheckAsync(Reference(0), Ct));
        Assert.Equal(TokenStatusListErrorCode.Expired, e.Code);
    }

    [Fact]
    public async Task A_token_issued_in_the_future_is_refused()
    {
        _time.Now = Now.AddMinutes(-5);
        var e = await Assert.ThrowsAsync<TokenStatusListException>(() => Verifier(Signed()).CheckAsync(Reference(0), Ct));
        Assert.Equal(TokenStatusListErrorCode.Expired, e.Code);
    }

    [Fact]
    public async Task A_fetch_failure_is_a_retrieval_error()
    {
        var e = await Assert.ThrowsAsync<TokenStatusListException>(() =>
            Verifier(Signed()).CheckAsync(Reference(0, "https://badges.example.edu/statuslists/tsl/9"), Ct));
        Assert.Equal(TokenStatusListErrorCode.Retrieval, e.Code);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"status_list":{"idx":-1,"uri":"https://badges.example.edu/statuslists/tsl/1"}}""")]
    [InlineData("""{"status_list":{"idx":"3","uri":"https://badges.example.edu/statuslists/tsl/1"}}""")]
    [InlineData("""{"status_list":{"idx":1.5,"uri":"https://badges.example.edu/statuslists/tsl/1"}}""")]
    [InlineData("""{"status_list":{"idx":3,"uri":"statuslists/tsl/1"}}""")]
    [InlineData("""{"status_list":{"idx":3,"uri":"file:///etc/passwd"}}""")]
    public async Task A_malformed_status_claim_is_refused_before_any_fetch(string claim)
    {
        var fetched = false;
        var verifier = new StatusListTokenVerifier((_, _) => { fetched = true; return Task.FromResult(""); },
            (_, _) => Task.FromResult<JsonObject?>(null), _time);
        var e = await Assert.ThrowsAsync<TokenStatusListException>(() => verifier.CheckAsync(JsonNode.Parse(claim), Ct));
        Assert.Equal(TokenStatusListErrorCode.Malformed, e.Code);
        Assert.False(fetched);
    }

    [Fact]
    public async Task An_unsigned_token_is_refused()
    {
        var parts = Signed().Split('.');
        var none = Base64Url.EncodeToString("""{"alg":"none","typ":"statuslist+jwt"}"""u8) + "." + parts[1] + ".";
        var e = await Assert.ThrowsAsync<TokenStatusListException>(() => Verifier(none).CheckAsync(Reference(0), Ct));
        Assert.Equal(TokenStatusListErrorCode.Verification, e.Code);
    }

    [Fact]
    public async Task An_expected_issuer_is_enforced_when_set()
    {
        var token = StatusListTokenWriter.Sign(Content(TwoBitList()) with { Issuer = "https://badges.example.edu" },
            new EdDsaJwsKey(_key), "key-1");
        Assert.Equal(TokenStatus.Invalid, (await Pinned(token, "https://badges.example.edu").CheckAsync(Reference(5), Ct)).Status);

        var other = Pinned(token, "https://other.example.edu");
        var e = await Assert.ThrowsAsync<TokenStatusListException>(() => other.CheckAsync(Reference(5), Ct));
        Assert.Equal(TokenStatusListErrorCode.Verification, e.Code);
    }

    [Fact]
    public async Task A_token_longer_than_the_budget_is_refused_unparsed()
    {
        var verifier = new StatusListTokenVerifier((_, _) => Task.FromResult(new string('a', 3 * 1024 * 1024)),
            (_, _) => Task.FromResult<JsonObject?>(null), _time);
        var e = await Assert.ThrowsAsync<TokenStatusListException>(() => verifier.CheckAsync(Reference(0), Ct));
        Assert.Equal(TokenStatusListErrorCode.LimitExceeded, e.Code);
    }

    [Fact]
    public async Task The_signer_is_pluggable_an_ES256_signer_works_and_its_key_cannot_pass_for_EdDSA()
    {
        using var p256 = P256Key.Generate();
        var token = StatusListTokenWriter.Sign(Content(TwoBitList()), new Es256JwsKey(p256), "key-1");
        var jwk = P256Jwk.Export(p256);

        Assert.Equal("ES256", CompactJws.Parse(token).Algorithm);
        Assert.Equal(TokenStatus.Suspended, (await Verifier(token, jwk).CheckAsync(Reference(6), Ct)).Status);
        // The Ed25519 key named by the same kid does not verify an ES256 token.
        var e = await Assert.ThrowsAsync<TokenStatusListException>(() => Verifier(token).CheckAsync(Reference(6), Ct));
        Assert.Equal(TokenStatusListErrorCode.Verification, e.Code);
    }

    private StatusListTokenVerifier Pinned(string token, string issuer) =>
        new((_, _) => Task.FromResult(token), (_, _) => Task.FromResult<JsonObject?>(Ed25519Jwk.Export(_key)), _time)
        {
            ExpectedIssuer = issuer,
        };

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
