using System.Text.Json.Nodes;
using Laurel.Credentials.StatusList;

namespace Laurel.Credentials.Tests.StatusList;

/// <summary>
/// The decoded-list memo (issue 18) must never answer for another list: a list that differs in one bit, checked after the first
/// was remembered, gives its own answer, and a remembered list still obeys a smaller inflate limit of a later caller.
/// </summary>
public class DecodedListsTests
{
    private const string Url = "https://issuer.example/status/1";

    private static JsonObject List(StatusBitstring bits) => new()
    {
        ["id"] = Url,
        ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
        ["credentialSubject"] = new JsonObject
        {
            ["type"] = "BitstringStatusList", ["statusPurpose"] = "revocation", ["encodedList"] = bits.Encode(),
        },
    };

    private static JsonObject Entry(long index) => new()
    {
        ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "revocation",
        ["statusListIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture), ["statusListCredential"] = Url,
    };

    [Fact]
    public void A_list_with_one_more_bit_set_is_read_afresh_after_the_first_was_remembered()
    {
        var index = Random.Shared.Next(1, 131_000); // other tests may remember lists too: make this one's bytes its own
        var before = new StatusBitstring();
        var after = new StatusBitstring();
        after.Set(index);

        // Twice each, so the second read of each comes from the memo.
        for (var round = 0; round < 2; round++)
        {
            Assert.False(BitstringStatusChecker.Check(Entry(index), List(before)).IsSet);
            Assert.True(BitstringStatusChecker.Check(Entry(index), List(after)).IsSet);
            Assert.False(BitstringStatusChecker.Check(Entry(index - 1), List(after)).IsSet);
        }
    }

    [Fact]
    public void A_remembered_list_is_still_refused_by_a_caller_with_a_smaller_inflate_limit()
    {
        var bits = new StatusBitstring();
        bits.Set(Random.Shared.Next(0, 131_000));
        var list = List(bits);
        Assert.True(BitstringStatusChecker.Check(Entry(5), list).Succeeded);

        var limited = BitstringStatusChecker.Check(Entry(5), list, new StatusCheckOptions { MaxDecodedBytes = 1024 });

        Assert.Equal(StatusListErrorCode.DecompressionLimitExceeded, limited.Error);
    }

    [Fact]
    public void Checking_never_changes_the_remembered_bytes()
    {
        var bits = new StatusBitstring();
        var index = Random.Shared.Next(0, 131_000);
        bits.Set(index);
        var encoded = bits.Encode();

        var first = DecodedLists.Decode(encoded, EncodedList.DefaultMaxDecodedBytes);
        var second = DecodedLists.Decode(encoded, EncodedList.DefaultMaxDecodedBytes);

        Assert.True(first.Bytes.SequenceEqual(bits.Bytes));
        Assert.True(second.Get(index));
        Assert.Equal(1, second.Bytes.ToArray().Sum(b => System.Numerics.BitOperations.PopCount(b)));
    }
}
