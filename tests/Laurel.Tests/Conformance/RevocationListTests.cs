using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using static Laurel.Tests.Conformance.DisplayerBadges;

namespace Laurel.Tests.Conformance;

/// <summary>
/// The 1EdTech Revocation List Status Method (<c>credentialStatus.type = 1EdTechRevocationList</c>, OB3 §6 step 4, OB3-8.2): the
/// list is fetched through the verifier's fetch (size, depth and time limits), the credential is revoked when its id is listed
/// with <c>revoked</c> true or absent, a list of another issuer is refused, and hostile lists fail within budget. The decision
/// is compared with an independent reading of the rule (node/revocation-list-1edtech.mjs, after 1EdTech's validator).
/// </summary>
public sealed class RevocationListTests(VerifyHost host) : IClassFixture<VerifyHost>
{
    private const string ListUrl = "https://issuer.example/revocations";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly VerificationRequest At = new() { Now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero) };

    private JsonObject Badge(bool vc11 = false, Action<JsonObject>? change = null) =>
        host.Issuer.Credential(change: c =>
        {
            Change(Kind.Valid, vc11, ListUrl)(c);
            change?.Invoke(c);
        });

    /// <summary>A verifier whose web serves <paramref name="list"/> as text at <see cref="ListUrl"/> (and nothing else).</summary>
    private static Verifier Serving(string? list, List<Uri>? fetched = null) =>
        new(VerifierOptions.WithFetch((url, _) =>
        {
            fetched?.Add(url);
            return url.AbsoluteUri == ListUrl && list is not null
                ? Task.FromResult(list)
                : Task.FromException<string>(new HttpRequestException($"404 {url}"));
        }));

    private static string Describe(VerificationReport r) => r.Verdict + ": " + string.Join("; ", r.Checks.Select(c => $"{c.Id}={c.Outcome}({c.Code}: {c.Detail})"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_credential_listed_in_its_issuers_revocation_list_is_revoked_with_the_reason(bool vc11)
    {
        var badge = Badge(vc11);
        var list = RevocationList(ListUrl, host.Issuer.Did, Entry("urn:uuid:someone-else"), Entry((string)badge["id"]!, reason: "Awarded in error"));
        var fetched = new List<Uri>();

        var report = await Serving(list.ToJsonString(), fetched).VerifyAsync(badge, At, Ct);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        var status = report.Check("status")!;
        Assert.True(status.Code == "status.revoked", Describe(report));
        Assert.Contains("Awarded in error", status.Detail);
        Assert.Equal("revoked", report.StatusReason);
        Assert.Equal(CheckOutcome.Passed, report.Check("proof")!.Outcome);
        Assert.Equal(ListUrl, Assert.Single(fetched).AbsoluteUri);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_credential_not_listed_or_listed_with_revoked_false_is_valid(bool vc11)
    {
        var badge = Badge(vc11);
        var lifted = RevocationList(ListUrl, host.Issuer.Did, Entry((string)badge["id"]!, revoked: false, reason: "Reinstated"));
        var other = RevocationList(ListUrl, host.Issuer.Did, Entry("urn:uuid:someone-else"));

        foreach (var list in new[] { lifted, other })
        {
            var report = await Serving(list.ToJsonString()).VerifyAsync(badge, At, Ct);
            Assert.True(report.Verdict == Verdict.Valid, Describe(report));
            Assert.Equal("status.ok", report.Check("status")!.Code);
            Assert.Contains("Not revoked according to " + ListUrl, report.Check("status")!.Detail);
        }
    }

    [Fact]
    public async Task The_singular_spelling_of_1EdTechs_validator_is_read_too()
    {
        var badge = Badge();
        var list = new JsonObject { ["id"] = ListUrl, ["issuer"] = host.Issuer.Did, ["revokedCredential"] = new JsonArray(Entry((string)badge["id"]!)) };

        var report = await Serving(list.ToJsonString()).VerifyAsync(badge, At, Ct);

        Assert.Equal("status.revoked", report.Check("status")!.Code);
    }

    [Fact]
    public async Task A_revocation_list_published_by_another_issuer_cannot_vouch_for_or_revoke_the_credential()
    {
        var badge = Badge();
        var list = RevocationList(ListUrl, "did:web:someone-else.example");

        var report = await Serving(list.ToJsonString()).VerifyAsync(badge, At, Ct);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal("status.list_error", report.Check("status")!.Code);
        Assert.Contains("did:web:someone-else.example", report.Check("status")!.Detail);
    }

    [Fact]
    public async Task An_unreachable_revocation_list_leaves_the_status_unknown_and_fails()
    {
        var report = await Serving(null).VerifyAsync(Badge(), At, Ct);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal("status.unavailable", report.Check("status")!.Code);
        Assert.Contains("404", report.Check("status")!.Detail);
    }

    [Fact]
    public async Task A_credential_without_an_id_is_reported_as_not_checkable_not_as_fine()
    {
        var badge = Badge(change: c => c.Remove("id"));

        var report = await Serving(RevocationList(ListUrl, host.Issuer.Did).ToJsonString()).VerifyAsync(badge, At, Ct);

        Assert.Equal(CheckOutcome.Warning, report.Check("status")!.Outcome);
        Assert.Equal("status.no_credential_id", report.Check("status")!.Code);
    }

    [Fact]
    public async Task Without_a_fetcher_the_revocation_list_is_not_checked()
    {
        var report = await new Verifier().VerifyAsync(Badge(), At, Ct);

        Assert.Equal(CheckOutcome.NotChecked, report.Check("status")!.Outcome);
        Assert.Equal("status.no_fetcher", report.Check("status")!.Code);
    }

    public static TheoryData<string, string, string> HostileLists()
    {
        var deep = new StringBuilder("{\"issuer\":\"x\",\"revokedCredentials\":[");
        for (var i = 0; i < 200; i++) deep.Append("{\"a\":[");
        var many = new StringBuilder("{\"revokedCredentials\":[");
        // One more than RevocationListStage.MaxEntries (100,000), still under the 2 MB a fetched document may have.
        for (var i = 0; i <= 100_000; i++)
            many.Append(i == 0 ? "" : ",").Append("{\"id\":\"").Append(i).Append("\"}");
        many.Append("]}");
        return new()
        {
            { "deep nesting", deep.ToString(), "status.unavailable" },
            { "huge document", "{\"revokedCredentials\":[\"" + new string('a', 3 * 1024 * 1024) + "\"]}", "status.unavailable" },
            { "too many entries", many.ToString(), "status.list_error" },
            { "wrong type", "{\"revokedCredentials\":\"all of them\"}", "status.list_error" },
            { "revoked not a boolean", "{\"revokedCredentials\":[{\"id\":\"ID\",\"revoked\":\"yes\"}]}", "status.list_error" },
            { "not an object", "[1,2,3]", "status.unavailable" },
            { "not JSON", "<html>", "status.unavailable" },
        };
    }

    [Theory]
    [MemberData(nameof(HostileLists))]
    public async Task A_hostile_revocation_list_fails_the_status_check_within_budget(string what, string list, string code)
    {
        var badge = Badge();

        var report = await Serving(list.Replace("\"ID\"", "\"" + (string)badge["id"]! + "\"", StringComparison.Ordinal)).VerifyAsync(badge, At, Ct);

        Assert.True(report.Check("status")!.Code == code, what + ": " + Describe(report));
        Assert.Equal(Verdict.Invalid, report.Verdict);
    }

    [Fact]
    public async Task The_official_1EdTech_revoked_fixture_is_found_revoked_by_its_list()
    {
        // inspector-vc ob30/credential-status-revoked.json: its list lives at dc.1edtech.org; here a copy that names it is served.
        var fixture = JsonNode.Parse(File.ReadAllText(Fixtures.Official("1edtech-validator", "ob30", "credential-status-revoked.json")))!.AsObject();
        var url = (string)fixture["credentialStatus"]!["id"]!;
        var list = RevocationList(url, (string)fixture["issuer"]!["id"]!, Entry((string)fixture["id"]!, revoked: true, reason: "Test revocation"));
        var verifier = new Verifier(VerifierOptions.WithFetch((u, _) => u.AbsoluteUri == url
            ? Task.FromResult(list.ToJsonString()) : Task.FromException<string>(new HttpRequestException("404"))));

        var report = await verifier.VerifyAsync(fixture, At, Ct);

        Assert.True(report.Check("status")!.Code == "status.revoked", Describe(report));
        Assert.Equal(Verdict.Invalid, report.Verdict);
    }

    [Fact]
    public async Task Laurels_decision_matches_the_independent_reading_of_the_1EdTech_rule()
    {
        var badge = Badge();
        var id = (string)badge["id"]!;
        JsonObject[] lists =
        [
            RevocationList(ListUrl, host.Issuer.Did, Entry(id)),
            RevocationList(ListUrl, host.Issuer.Did, Entry(id, revoked: true, reason: "Fraud")),
            RevocationList(ListUrl, host.Issuer.Did, Entry(id, revoked: false)),
            RevocationList(ListUrl, host.Issuer.Did, Entry(id + "-other")),
            RevocationList(ListUrl, host.Issuer.Did),
            new JsonObject { ["id"] = ListUrl, ["issuer"] = host.Issuer.Did, ["revokedCredential"] = new JsonArray(Entry(id)) },
        ];
        var laurel = new List<bool>();
        foreach (var list in lists)
            laurel.Add((await Serving(list.ToJsonString()).VerifyAsync(badge, At, Ct)).StatusReason == "revoked");

        var file = Path.Combine(Path.GetTempPath(), $"laurel-rl-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, new JsonArray(lists.Select(l => (JsonNode)new JsonObject
        {
            ["credential"] = badge.DeepClone(), ["list"] = l.DeepClone(),
        }).ToArray()).ToJsonString(), Ct);
        try
        {
            var independent = await NodeScript.RunAsync("revocation-list-1edtech.mjs", [file], [], ct: Ct);
            Assert.Equal([true, true, false, false, false, true], laurel);
            Assert.Equal(laurel, independent["decisions"]!.AsArray().Select(d => d!.GetValue<bool>()).ToList());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
