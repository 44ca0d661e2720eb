using System.Diagnostics;
using Laurel.Credentials.Multiformats;
using Laurel.Credentials.Verification;

namespace Laurel.Credentials.Tests.Limits;

/// <summary>
/// Issue 12 finding 3, found again by the second review: base58btc decoding is quadratic, and every proofValue, did:key and
/// digestMultibase of anonymous input went through it whatever its length (100,000 digits: 13 s of CPU; a 1 MB value would
/// take hours). Values beyond <see cref="Base58Btc.MaxDecodeChars"/> are refused before any work.
/// </summary>
public sealed class HostileBase58Tests
{
    [Theory]
    [InlineData("proofValue", "proof.invalid")]
    [InlineData("digestMultibase", "proof.transformation")] // not in the OB 3.0 context; the VC data model check decodes it
    [InlineData("did:key", "proof.key_not_found")]
    public async Task A_credential_with_a_megabyte_of_base58_is_judged_within_a_second_of_CPU(string where, string proofCode)
    {
        var input = HostileInputs.LongBase58(where);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;

        var report = await Task.Run(() => new Verifier().VerifyAsync(input, null, TestContext.Current.CancellationToken))
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Assert.True(used < TimeSpan.FromSeconds(3), $"{used.TotalSeconds:F1} s of CPU");
        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.True(proofCode == report.Check(CheckIds.Proof)?.Code, report.Check(CheckIds.Proof)?.Detail);
        if (where == "digestMultibase") Assert.Contains("digestMultibase", report.Check(CheckIds.Schema)?.Detail);
    }

    [Fact]
    public void Values_up_to_the_limit_still_round_trip()
    {
        var bytes = Enumerable.Range(0, 700).Select(i => (byte)(i * 7 + 1)).ToArray();
        var text = Base58Btc.Encode(bytes);
        Assert.InRange(text.Length, 900, Base58Btc.MaxDecodeChars);

        Assert.Equal(bytes, Base58Btc.Decode(text));
        Assert.Throws<FormatException>(() => Base58Btc.Decode(new string('2', Base58Btc.MaxDecodeChars + 1)));
    }
}
