using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jcs;

namespace Laurel.Credentials.Tests.Jcs;

public class JcsTests
{
    private static readonly string Folder = SharedData.TestSuite("jcs", "testdata");

    public static TheoryData<string> Files =>
        [.. Directory.GetFiles(Path.Combine(Folder, "input"), "*.json").Select(f => Path.GetFileName(f)).Order()];

    [Fact]
    public void All_six_official_input_files_are_found() => Assert.Equal(6, Files.Count);

    [Theory]
    [MemberData(nameof(Files))]
    public void Canonical_bytes_equal_the_official_output_and_outhex(string file)
    {
        var input = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "input", file)));
        var expected = File.ReadAllBytes(Path.Combine(Folder, "output", file));
        var hex = File.ReadAllText(Path.Combine(Folder, "outhex", Path.ChangeExtension(file, ".txt")));

        var actual = JsonCanonicalizer.CanonicalizeToUtf8(input);

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(Convert.FromHexString(string.Concat(hex.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))), actual);
    }

    // Sample lines of the official es6testfile (testdata/README.md) and RFC 8785 Appendix B.
    [Theory]
    [InlineData("4340000000000001", "9007199254740994")]
    [InlineData("4340000000000002", "9007199254740996")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("3eb0c6f7a0b5ed8e", "0.0000010000000000000002")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Numbers_serialize_like_ecmascript(string ieeeHex, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(long.Parse(ieeeHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        Assert.Equal(expected, EcmaNumber.Format(value));
    }

    [Fact]
    public void Numbers_built_in_code_serialize_like_parsed_numbers()
    {
        var node = new JsonObject { ["b"] = 1, ["a"] = 2.5m, ["c"] = 1e21, ["d"] = -0.0 };

        Assert.Equal("""{"a":2.5,"b":1,"c":1e+21,"d":0}""", JsonCanonicalizer.Canonicalize(node));
    }

    [Fact]
    public void Lone_surrogates_and_controls_are_escaped_with_lower_case_hex()
    {
        var node = new JsonArray("\ud800x", "\u001f\u007f", "\ud83d\ude02");

        Assert.Equal("[\"\\ud800x\",\"\\u001f\u007f\",\"\ud83d\ude02\"]", JsonCanonicalizer.Canonicalize(node));
    }

    [Fact]
    public void Not_a_number_is_rejected() => Assert.Throws<ArgumentOutOfRangeException>(() => EcmaNumber.Format(double.NaN));
}
