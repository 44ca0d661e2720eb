using System.IO.Compression;
using System.Text.Json.Nodes;
using Laurel.Credentials.StatusList;

namespace Laurel.Credentials.Tests.StatusList;

public class BitstringStatusListTests
{
    private static JsonObject LoadJson(params string[] parts) =>
        JsonNode.Parse(File.ReadAllText(SharedData.SpecFile(parts)))!.AsObject();

    private static JsonObject ConstructedList() =>
        LoadJson("testvectors", "constructed", "bitstring-status-list.signed.json");

    private static JsonObject EntryFor(string listUrl, string index, string purpose = "revocation") => new()
    {
        ["id"] = listUrl + "#" + index,
        ["type"] = "BitstringStatusListEntry",
        ["statusPurpose"] = purpose,
        ["statusListIndex"] = index,
        ["statusListCredential"] = listUrl,
    };

    [Fact]
    public void Index_zero_is_the_most_significant_bit_of_the_first_byte()
    {
        var list = new StatusBitstring();
        list.Set(0);
        list.Set(9);
        Assert.Equal(0x80, list.Bytes[0]);
        Assert.Equal(0x40, list.Bytes[1]);
        Assert.True(list.Get(0));
        Assert.False(list.Get(1));
        list.Clear(0);
        Assert.Equal(0, list.Bytes[0]);
    }

    [Fact]
    public void A_list_shorter_than_131072_entries_cannot_be_created()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StatusBitstring(131_064));
        Assert.Equal(131_072, new StatusBitstring().BitCount);
    }

    [Fact]
    public void Spec_all_zero_example_decodes_to_16KB_of_zeros()
    {
        var list = StatusBitstring.Decode("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA");
        Assert.Equal(131_072, list.BitCount);
        Assert.True(list.Bytes.IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void Constructed_signed_list_has_exactly_bit_94567_set()
    {
        var encoded = (string)ConstructedList()["credentialSubject"]!["encodedList"]!;
        var list = StatusBitstring.Decode(encoded);
        Assert.True(list.Get(94567));
        Assert.False(list.Get(94566));
        Assert.False(list.Get(94568));
        var setBits = 0;
        for (var i = 0L; i < list.BitCount; i++) if (list.Get(i)) setBits++;
        Assert.Equal(1, setBits);
    }

    [Fact]
    public void Encode_then_decode_restores_every_bit()
    {
        var list = new StatusBitstring(262_144);
        long[] set = [0, 7, 8, 131_071, 262_143, 94_567];
        foreach (var i in set) list.Set(i);
        var encoded = list.Encode();
        Assert.StartsWith("uH4sI", encoded);
        var decoded = StatusBitstring.Decode(encoded);
        Assert.Equal(list.Bytes.ToArray(), decoded.Bytes.ToArray());
    }

    [Fact]
    public void Multi_bit_entries_read_most_significant_bit_first()
    {
        var list = new StatusBitstring();
        list.SetValue(3, 0b10, statusSize: 2);
        Assert.True(list.Get(6));
        Assert.False(list.Get(7));
        Assert.Equal(2, list.GetValue(3, 2));
    }

    [Fact]
    public void Gzip_bomb_is_rejected_with_a_clear_error()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(new byte[64 * 1024 * 1024]);
        var encoded = "u" + System.Buffers.Text.Base64Url.EncodeToString(buffer.ToArray());
        Assert.True(encoded.Length < 200_000);

        var e = Assert.Throws<StatusListException>(() => StatusBitstring.Decode(encoded));
        Assert.Equal(StatusListErrorCode.DecompressionLimitExceeded, e.Code);
        Assert.Contains("GZIP bomb", e.Message);
    }

    [Theory]
    [InlineData("zH4sIAAAA")]
    [InlineData("u!!!")]
    [InlineData("uAAAA")]
    [InlineData("")]
    public void Malformed_encoded_lists_raise_malformed_value(string encoded)
    {
        var e = Assert.Throws<StatusListException>(() => StatusBitstring.Decode(encoded));
        Assert.Equal(StatusListErrorCode.MalformedValue, e.Code);
    }

    [Fact]
    public void Checker_reports_the_set_bit_of_the_constructed_list_as_revoked()
    {
        var list = ConstructedList();
        var url = (string)list["id"]!;
        var revoked = BitstringStatusChecker.Check(EntryFor(url, "94567"), list);
        var fine = BitstringStatusChecker.Check(EntryFor(url, "94566"), list);
        Assert.True(revoked.Succeeded);
        Assert.True(revoked.IsSet);
        Assert.Equal(1, revoked.Status);
        Assert.True(fine.Succeeded);
        Assert.False(fine.IsSet);
    }

    [Fact]
    public void Checker_rejects_a_purpose_the_list_does_not_serve()
    {
        var list = ConstructedList();
        var result = BitstringStatusChecker.Check(EntryFor((string)list["id"]!, "1", "suspension"), list);
        Assert.Equal(StatusListErrorCode.StatusVerification, result.Error);
        Assert.EndsWith("#STATUS_VERIFICATION_ERROR", result.ProblemType);
    }

    [Fact]
    public void Checker_rejects_an_index_beyond_the_list()
    {
        var list = ConstructedList();
        var result = BitstringStatusChecker.Check(EntryFor((string)list["id"]!, "131072"), list);
        Assert.Equal(StatusListErrorCode.Range, result.Error);
    }

    [Fact]
    public void Checker_rejects_a_list_shorter_than_the_minimum()
    {
        var list = ConstructedList();
        list["credentialSubject"]!["encodedList"] = EncodedList.Encode(new byte[1024]);
        var result = BitstringStatusChecker.Check(EntryFor((string)list["id"]!, "5"), list);
        Assert.Equal(StatusListErrorCode.StatusListLength, result.Error);
    }

    [Fact]
    public void Checker_rejects_a_list_that_is_not_the_one_the_entry_names()
    {
        var list = ConstructedList();
        var result = BitstringStatusChecker.Check(EntryFor("https://elsewhere.example/status/9", "5"), list);
        Assert.Equal(StatusListErrorCode.StatusVerification, result.Error);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("12a")]
    [InlineData("")]
    public void Checker_rejects_malformed_indexes(string index)
    {
        var list = ConstructedList();
        var result = BitstringStatusChecker.Check(EntryFor((string)list["id"]!, index), list);
        Assert.Equal(StatusListErrorCode.MalformedValue, result.Error);
    }

    [Fact]
    public void Checker_enforces_the_list_validity_period_when_given_a_clock()
    {
        var list = ConstructedList();
        var entry = EntryFor((string)list["id"]!, "94567");
        var during = BitstringStatusChecker.Check(entry, list, new StatusCheckOptions { Now = DateTimeOffset.Parse("2025-07-15T00:00:00Z") });
        var after = BitstringStatusChecker.Check(entry, list, new StatusCheckOptions { Now = DateTimeOffset.Parse("2025-08-01T00:00:00Z") });
        Assert.True(during.IsSet);
        Assert.Equal(StatusListErrorCode.StatusVerification, after.Error);
    }

    [Fact]
    public void Checker_tolerates_the_given_clock_skew_around_the_list_validity_period()
    {
        var list = ConstructedList();
        list["validFrom"] = "2025-07-01T12:00:00Z";
        var entry = EntryFor((string)list["id"]!, "94567");
        var justBefore = DateTimeOffset.Parse("2025-07-01T11:59:58Z"); // e.g. the list was signed a moment after verification began
        Assert.Equal(StatusListErrorCode.StatusVerification, BitstringStatusChecker.Check(entry, list, new StatusCheckOptions { Now = justBefore }).Error);
        Assert.True(BitstringStatusChecker.Check(entry, list, new StatusCheckOptions { Now = justBefore, ClockSkew = TimeSpan.FromMinutes(5) }).IsSet);
        var wellBefore = DateTimeOffset.Parse("2025-07-01T11:50:00Z");
        Assert.Equal(StatusListErrorCode.StatusVerification,
            BitstringStatusChecker.Check(entry, list, new StatusCheckOptions { Now = wellBefore, ClockSkew = TimeSpan.FromMinutes(5) }).Error);
    }

    [Fact]
    public void OneEdTech_revoked_fixture_is_revoked_by_its_test_list()
    {
        var credential = LoadJson("testvectors", "official", "1edtech-validator", "ob30", "bit-string-list", "credential-status-revoked.json");
        var list = LoadJson("testvectors", "official", "1edtech-validator", "ob30", "bit-string-list", "testlist");
        // The fixture's entry points at the GitHub copy of the list, whose own id differs; the caller
        // fetched it from that URL, so align the id as a fetcher that records the source URL would.
        var entry = credential["credentialStatus"]!.AsObject();
        list["id"] = (string)entry["statusListCredential"]!;

        var result = BitstringStatusChecker.Check(entry, list);

        Assert.True(result.Succeeded, result.ErrorDetail);
        Assert.True(result.IsSet);
        Assert.Equal("revocation", result.Purpose);
    }

    [Fact]
    public void Built_credential_and_entry_check_as_set_after_revocation()
    {
        var list = new StatusBitstring();
        list.Set(4711);
        var credential = BitstringStatusListBuilder.BuildCredential(new StatusListCredentialOptions
        {
            Id = "https://badges.example.edu/status/2",
            Issuer = "did:web:badges.example.edu",
            StatusPurpose = StatusPurpose.Suspension,
            ValidFrom = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero),
            ValidUntil = new DateTimeOffset(2025, 7, 2, 0, 0, 0, TimeSpan.Zero),
            TtlMilliseconds = 86_400_000,
        }, list);
        var entry = BitstringStatusListBuilder.BuildEntry("https://badges.example.edu/status/2", 4711, StatusPurpose.Suspension);

        Assert.Equal("https://www.w3.org/ns/credentials/v2", (string)credential["@context"]![0]!);
        Assert.Equal("BitstringStatusListCredential", (string)credential["type"]![1]!);
        Assert.Equal("2025-07-01T00:00:00Z", (string)credential["validFrom"]!);
        Assert.Equal("BitstringStatusList", (string)credential["credentialSubject"]!["type"]!);
        Assert.Equal(86_400_000, (long)credential["credentialSubject"]!["ttl"]!);
        Assert.Equal("4711", (string)entry["statusListIndex"]!);
        Assert.NotEqual((string)entry["statusListCredential"]!, (string)entry["id"]!);
        Assert.True(BitstringStatusChecker.Check(entry, credential).IsSet);
        entry["statusListIndex"] = "4712";
        Assert.False(BitstringStatusChecker.Check(entry, credential).IsSet);
    }
}

public class MultiBitStatusTests
{
    private static JsonObject MessageList(int size) =>
        BitstringStatusListBuilder.BuildCredential(new StatusListCredentialOptions
        {
            Id = "https://badges.example.edu/status/m",
            Issuer = "did:web:badges.example.edu",
            StatusPurpose = StatusPurpose.Message,
            ValidFrom = DateTimeOffset.UnixEpoch,
        }, Bits(size));

    private static StatusBitstring Bits(int size)
    {
        var bits = new StatusBitstring(131_072 * size);
        bits.SetValue(10, 2, size);
        return bits;
    }

    private static JsonObject Entry(int size, int messages)
    {
        var entry = BitstringStatusListBuilder.BuildEntry("https://badges.example.edu/status/m", 10, StatusPurpose.Message);
        entry["statusSize"] = size;
        var list = new JsonArray();
        for (var i = 0; i < messages; i++) list.Add(new JsonObject { ["status"] = "0x" + i.ToString("x"), ["message"] = "m" + i });
        entry["statusMessage"] = list;
        return entry;
    }

    [Fact]
    public void Two_bit_entry_reports_its_value_and_message()
    {
        var result = BitstringStatusChecker.Check(Entry(2, 4), MessageList(2));
        Assert.True(result.Succeeded, result.ErrorDetail);
        Assert.Equal(2, result.Status);
        Assert.Equal("m2", result.Message);
    }

    [Fact]
    public void Two_bit_entry_without_four_messages_is_malformed()
    {
        var result = BitstringStatusChecker.Check(Entry(2, 3), MessageList(2));
        Assert.Equal(StatusListErrorCode.MalformedValue, result.Error);
    }
}
