using System.Buffers.Text;
using System.Diagnostics;
using System.IO.Compression;
using Laurel.Credentials.TokenStatusList;

namespace Laurel.Credentials.Tests.TokenStatusList;

/// <summary>The Status List of draft-ietf-oauth-status-list §4.1: bit order, the draft's examples, every <c>bits</c> size, budgets.</summary>
public sealed class TokenStatusArrayTests
{
    // §4.1 / §5.1 examples: 16 statuses in bits 1 and 12 statuses in bits 2, with their compressed lst values.
    private static readonly int[] OneBitStatuses = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1];
    private const string OneBitLst = "eNrbuRgAAhcBXQ";
    private static readonly int[] TwoBitStatuses = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3];
    private const string TwoBitLst = "eNo76fITAAPfAgc";

    [Fact]
    public void The_drafts_one_bit_example_decodes_to_its_bytes_and_statuses()
    {
        var list = TokenStatusArray.FromLst(1, OneBitLst);
        Assert.Equal(new byte[] { 0xB9, 0xA3 }, list.Bytes.ToArray());
        Assert.Equal(OneBitStatuses, Enumerable.Range(0, 16).Select(i => list.Get(i)));
    }

    [Fact]
    public void The_drafts_two_bit_example_decodes_to_its_bytes_and_statuses()
    {
        var list = TokenStatusArray.FromLst(2, TwoBitLst);
        Assert.Equal(new byte[] { 0xC9, 0x44, 0xF9 }, list.Bytes.ToArray());
        Assert.Equal(TwoBitStatuses, Enumerable.Range(0, 12).Select(i => list.Get(i)));
    }

    [Theory]
    [InlineData(1, new byte[] { 0xB9, 0xA3 })]
    [InlineData(2, new byte[] { 0xC9, 0x44, 0xF9 })]
    public void Setting_the_drafts_statuses_produces_the_drafts_bytes_and_an_lst_that_inflates_to_them(int bits, byte[] expected)
    {
        var statuses = bits == 1 ? OneBitStatuses : TwoBitStatuses;
        var list = TokenStatusArray.Create(bits, statuses.Length);
        for (var i = 0; i < statuses.Length; i++) list.Set(i, statuses[i]);

        Assert.Equal(expected, list.Bytes.ToArray());
        // Compressed bytes may differ between zlib builds; what must agree is what they inflate to.
        Assert.Equal(expected, TokenStatusArray.FromLst(bits, list.ToLst()).Bytes.ToArray());
        Assert.Equal(0x78, Base64Url.DecodeFromChars(list.ToLst())[0]); // RFC 1950 header (CMF: deflate, 32K window), not GZIP's 0x1F
    }

    [Fact]
    public void Index_zero_is_the_least_significant_bit_unlike_the_W3C_bitstring()
    {
        var list = TokenStatusArray.Create(1, 16);
        list.Set(0, 1);
        list.Set(15, 1);
        Assert.Equal(new byte[] { 0x01, 0x80 }, list.Bytes.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Every_bits_size_round_trips_through_lst(int bits)
    {
        var random = new Random(bits);
        var list = TokenStatusArray.Create(bits, 10_000);
        var expected = new int[list.Count];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = random.Next(1 << bits);
            list.Set(i, expected[i]);
        }

        var decoded = TokenStatusArray.FromLst(bits, list.ToLst());
        Assert.Equal(list.Count, decoded.Count);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], decoded.Get(i));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Setting_one_entry_leaves_its_neighbours_alone(int bits)
    {
        var max = (1 << bits) - 1;
        var list = TokenStatusArray.Create(bits, 24);
        for (var i = 0; i < list.Count; i++) list.Set(i, max);
        list.Set(9, 0);
        Assert.Equal(0, list.Get(9));
        Assert.All(Enumerable.Range(0, (int)list.Count).Where(i => i != 9), i => Assert.Equal(max, list.Get(i)));
    }

    [Fact]
    public void Boundaries_first_and_last_index_and_largest_value_are_accepted_and_one_beyond_is_refused()
    {
        var list = TokenStatusArray.Create(2, 5); // rounds up to whole bytes: 2 bytes, 8 statuses
        Assert.Equal(8, list.Count);
        list.Set(0, 3);
        list.Set(7, 3);
        Assert.Equal(3, list.Get(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Get(8));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Get(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Set(1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Set(1, -1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(16)]
    public void Bits_other_than_1_2_4_8_are_refused(int bits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenStatusArray.Create(bits, 8));
        var e = Assert.Throws<TokenStatusListException>(() => TokenStatusArray.FromLst(bits, OneBitLst));
        Assert.Equal(TokenStatusListErrorCode.Malformed, e.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("eNrbuRgAAhcBXQ==")] // padded
    [InlineData("H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA")] // GZIP, as the W3C list uses
    [InlineData("not*base64")]
    public void Lst_that_is_not_unpadded_base64url_ZLIB_is_refused_as_malformed(string lst)
    {
        var e = Assert.Throws<TokenStatusListException>(() => TokenStatusArray.FromLst(1, lst));
        Assert.Equal(TokenStatusListErrorCode.Malformed, e.Code);
    }

    [Fact]
    public void A_ZLIB_bomb_is_refused_quickly_at_the_inflate_budget()
    {
        // 256 MiB of zeros compress to ~256 KB: within the compressed budget, far beyond a 1 MiB inflate budget.
        var lst = ZlibBomb(256 * 1024 * 1024);
        var limits = new TokenStatusListLimits { MaxDecompressedBytes = 1024 * 1024 };

        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<TokenStatusListException>(() => TokenStatusArray.FromLst(1, lst, limits));
        clock.Stop();

        Assert.Equal(TokenStatusListErrorCode.LimitExceeded, e.Code);
        // Inflating all 256 MiB would take seconds; stopping at 1 MiB takes milliseconds (generous bound for a loaded machine).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The bomb took {clock.Elapsed} to refuse.");
        // The default budget (16 MiB inflated) refuses it too.
        Assert.Equal(TokenStatusListErrorCode.LimitExceeded,
            Assert.Throws<TokenStatusListException>(() => TokenStatusArray.FromLst(1, lst)).Code);
    }

    [Fact]
    public void A_list_larger_than_the_compressed_budget_is_refused_before_inflating()
    {
        var random = new byte[64 * 1024];
        new Random(1).NextBytes(random); // incompressible
        var lst = TokenStatusListEncoding.Encode(random);
        var limits = new TokenStatusListLimits { MaxCompressedBytes = 32 * 1024 };

        var e = Assert.Throws<TokenStatusListException>(() => TokenStatusArray.FromLst(8, lst, limits));
        Assert.Equal(TokenStatusListErrorCode.LimitExceeded, e.Code);
        Assert.Equal(random, TokenStatusArray.FromLst(8, lst).Bytes.ToArray()); // the default budget takes it
    }

    private static string ZlibBomb(int zeros)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var chunk = new byte[1024 * 1024];
            for (var written = 0; written < zeros; written += chunk.Length) zlib.Write(chunk);
        }
        return Base64Url.EncodeToString(buffer.ToArray());
    }
}
