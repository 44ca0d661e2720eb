using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Tests.Interop;
using Laurel.Credentials.TokenStatusList;

namespace Laurel.Credentials.Tests.TokenStatusList;

/// <summary>
/// Laurel's Status List Tokens read by an independent implementation: the OpenWallet Foundation's
/// <c>@sd-jwt/jwt-status-list</c> (node/status-list.mjs), the package wallets built on sd-jwt-js use.
/// </summary>
public sealed class TokenStatusListInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-tsl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public async Task Sd_jwt_status_list_reads_the_statuses_Laurel_wrote(int bits)
    {
        var list = TokenStatusArray.Create(bits, 131_072);
        var expected = new Dictionary<long, int> { [0] = 1, [1] = 0, [7] = (1 << bits) - 1, [94_567] = 1, [131_071] = 1 };
        if (bits >= 2) expected[8] = TokenStatus.Suspended;
        foreach (var (index, status) in expected) list.Set(index, status);

        using var key = Ed25519Key.Generate();
        var token = StatusListTokenWriter.Sign(new StatusListTokenContent
        {
            Subject = "https://badges.example.edu/statuslists/tsl/" + bits,
            IssuedAt = DateTimeOffset.UtcNow,
            ExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
            TimeToLive = TimeSpan.FromMinutes(10),
            List = list,
        }, new EdDsaJwsKey(key), "key-1");
        var path = Path.Combine(_dir, $"list-{bits}.jwt");
        await File.WriteAllTextAsync(path, token, TestContext.Current.CancellationToken);

        var (exit, output, stderr) = await NodeScripts.RunAsync("status-list.mjs", [path, .. expected.Keys.Select(i => i.ToString())]);

        Assert.True(exit == 0, $"@sd-jwt/jwt-status-list refused the token: {output.ToJsonString()} {stderr}");
        Assert.Equal(bits, output["bits"]!.GetValue<int>());
        Assert.Equal("statuslist+jwt", output["typ"]!.GetValue<string>());
        foreach (var (index, status) in expected)
            Assert.Equal(status, output["statuses"]![index.ToString()]!.GetValue<int>());
    }
}
