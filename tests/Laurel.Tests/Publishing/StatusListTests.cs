using System.Net;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.StatusList;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using static Laurel.Tests.Publishing.PublishingTestKit;

namespace Laurel.Tests.Publishing;

/// <summary>Status lists: concurrent allocation and bit changes, and the signed list served at /status/{id}.</summary>
public abstract class StatusListTests(LaurelHost host)
{
    private static Task<T> WithService<T>(LaurelHost host, Func<StatusListService, Task<T>> work) =>
        InScopeAsync(host, sp => work(sp.GetRequiredService<StatusListService>()));

    [Fact]
    public async Task Fifty_concurrent_allocations_get_fifty_different_indexes_in_no_predictable_order()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var allocations = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
            WithService(host, s => s.AllocateAsync(uu, Ct)))));

        Assert.Equal(50, allocations.Select(a => a.Index).Distinct().Count());
        Assert.All(allocations, a => Assert.InRange(a.Index, 0, StatusList.DefaultCapacity - 1));
        Assert.Single(allocations.Select(a => (a.RevocationListId, a.SuspensionListId)).Distinct());
        Assert.NotEqual(allocations.Select(a => a.RevocationListId), allocations.Select(a => a.SuspensionListId));
        // Sequential allocation would give 0..49 (or one run of consecutive numbers); the permutation spreads them.
        var sorted = allocations.Select(a => a.Index).Order().ToList();
        Assert.True(sorted[^1] - sorted[0] > 1000, $"indexes cluster in {sorted[0]}..{sorted[^1]}");
    }

    [Fact]
    public async Task Entries_point_at_both_lists_with_the_same_index_as_a_string()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var allocation = await WithService(host, s => s.AllocateAsync(uu, Ct));
        var entries = await WithService(host, s => Task.FromResult(s.CredentialStatusEntries(allocation)));

        Assert.Equal(2, entries.Count);
        Assert.Equal("revocation", (string?)entries[0]!["statusPurpose"]);
        Assert.Equal("suspension", (string?)entries[1]!["statusPurpose"]);
        Assert.Equal($"http://localhost:5000/status/{allocation.RevocationListId}", (string?)entries[0]!["statusListCredential"]);
        Assert.Equal($"http://localhost:5000/status/{allocation.SuspensionListId}", (string?)entries[1]!["statusListCredential"]);
        Assert.All(entries, e => Assert.Equal(allocation.Index.ToString(), (string?)e!["statusListIndex"]));
    }

    [Fact]
    public async Task Fifty_concurrent_bit_changes_on_one_list_are_all_kept()
    {
        var uu = await InstitutionIdAsync(host, "tudelft");
        var allocations = new List<StatusAllocation>();
        for (var i = 0; i < 50; i++) allocations.Add(await WithService(host, s => s.AllocateAsync(uu, Ct)));
        var listId = allocations[0].RevocationListId;

        await Task.WhenAll(allocations.Select(a => Task.Run(() =>
            WithService(host, async s => { await s.SetAsync(listId, a.Index, true, Ct); return 0; }))));

        foreach (var a in allocations) Assert.True(await WithService(host, s => s.GetAsync(listId, a.Index, Ct)));
        var credential = (await WithService(host, s => s.GetSignedListCredentialAsync(listId, Ct)))!;
        var bits = StatusBitstring.Decode((string)credential["credentialSubject"]!["encodedList"]!);
        Assert.Equal(50, Enumerable.Range(0, StatusList.DefaultCapacity).Count(i => bits.Get(i)));
    }

    [Fact]
    public async Task Served_list_is_signed_by_the_institution_and_revalidated_with_an_ETag()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var did = await InstitutionDidAsync(host, uu);
        var allocation = await WithService(host, s => s.AllocateAsync(uu, Ct));
        using var client = host.CreateClient();

        var first = await client.GetAsync($"/status/{allocation.RevocationListId}", Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("*", Assert.Single(first.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.True(first.Headers.CacheControl?.NoCache);
        var etag = first.Headers.ETag!;
        var list = JsonNode.Parse(await first.Content.ReadAsStringAsync(Ct))!.AsObject();
        Assert.Equal($"http://localhost:5000/status/{allocation.RevocationListId}", (string?)list["id"]);
        Assert.Equal(did, (string?)list["issuer"]);
        Assert.Contains("BitstringStatusListCredential", list["type"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("eddsa-rdfc-2022", (string?)list["proof"]!["cryptosuite"]);
        var proof = await DataIntegrityProofs.VerifyAsync(list, host.Services.GetRequiredService<LocalIssuerResolver>(), ct: Ct);
        Assert.True(proof.Verified, proof.Error);
        var entry = (await WithService(host, s => Task.FromResult(s.CredentialStatusEntries(allocation))))[0]!.AsObject();
        Assert.False(BitstringStatusChecker.Check(entry, list).IsSet);

        var unchanged = new HttpRequestMessage(HttpMethod.Get, $"/status/{allocation.RevocationListId}");
        unchanged.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(unchanged, Ct)).StatusCode);

        await WithService(host, async s => { await s.SetAsync(allocation.RevocationListId, allocation.Index, true, Ct); return 0; });
        var revoked = new HttpRequestMessage(HttpMethod.Get, $"/status/{allocation.RevocationListId}");
        revoked.Headers.IfNoneMatch.Add(etag);
        var afterRevocation = await client.SendAsync(revoked, Ct);
        Assert.Equal(HttpStatusCode.OK, afterRevocation.StatusCode);
        Assert.NotEqual(etag, afterRevocation.Headers.ETag);
        var newList = JsonNode.Parse(await afterRevocation.Content.ReadAsStringAsync(Ct))!.AsObject();
        Assert.True(BitstringStatusChecker.Check(entry, newList).IsSet);
        Assert.True((await DataIntegrityProofs.VerifyAsync(newList, host.Services.GetRequiredService<LocalIssuerResolver>(), ct: Ct)).Verified);
    }

    [Fact]
    public async Task Unknown_list_is_not_found()
    {
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/status/{Guid.NewGuid()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/status/not-a-guid", Ct)).StatusCode);
        Assert.Null(await WithService(host, s => s.GetSignedListCredentialAsync(Guid.NewGuid(), Ct)));
    }
}

public sealed class StatusListTestsOnSqlite(SqliteHost host) : StatusListTests(host), IClassFixture<SqliteHost>;

public sealed class StatusListTestsOnPostgres(PostgresHost host) : StatusListTests(host), IClassFixture<PostgresHost>;

/// <summary>The index permutation is a bijection, so allocation can never hand out an index twice.</summary>
public sealed class StatusIndexPermutationTests
{
    [Fact]
    public void Every_sequence_number_maps_to_a_different_index_within_capacity()
    {
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var seen = new bool[StatusList.DefaultCapacity];
        for (var i = 0; i < StatusList.DefaultCapacity; i++)
        {
            var index = StatusIndexPermutation.Map(key, i, StatusList.DefaultCapacity);
            Assert.False(seen[index], $"index {index} handed out twice");
            seen[index] = true;
        }
    }

    [Fact]
    public void A_range_maps_to_the_same_indexes_as_one_at_a_time()
    {
        // Bulk award takes its indexes with MapRange (one keyed HMAC); they must be the ones Map hands out, whatever the range.
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        foreach (var (first, count, capacity) in new[] { (0, 1_000, StatusList.DefaultCapacity), (130_000, 1_072, StatusList.DefaultCapacity), (0, 1000, 1000), (17, 40, 100) })
        {
            var range = new int[count];
            StatusIndexPermutation.MapRange(key, first, capacity, range);
            Assert.Equal(Enumerable.Range(first, count).Select(i => StatusIndexPermutation.Map(key, i, capacity)), range);
        }
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => StatusIndexPermutation.MapRange(key, 990, 1000, new int[11]));
    }

    [Fact]
    public void Different_keys_give_different_orders()
    {
        var a = Enumerable.Range(0, 20).Select(i => StatusIndexPermutation.Map(new byte[32], i, 1000)).ToList();
        var b = Enumerable.Range(0, 20).Select(i => StatusIndexPermutation.Map(Enumerable.Repeat((byte)1, 32).ToArray(), i, 1000)).ToList();
        Assert.NotEqual(a, b);
        Assert.All(a.Concat(b), v => Assert.InRange(v, 0, 999));
    }
}
