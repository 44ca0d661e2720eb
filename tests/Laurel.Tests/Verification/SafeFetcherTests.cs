using System.Diagnostics;
using System.Text;
using Laurel.Infrastructure.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Laurel.Tests.Verification;

/// <summary>The SSRF guard against real loopback servers: allowed only when allow-listed, limits enforced, redirects re-checked.</summary>
public sealed class SafeFetcherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SafeFetcher Fetcher(params string[] allowed) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Laurel:Verification:AllowedFetchHosts"] = string.Join(",", allowed) })
        .Build());

    private static Task<LoopbackServer> ServerAsync() => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/doc", () => Results.Json(new { hello = "world" }));
        app.MapGet("/big", async (HttpContext c) =>
        {
            // Chunked, no Content-Length: the limit has to be enforced while streaming.
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (var i = 0; i < 40; i++) await c.Response.Body.WriteAsync(chunk);
        });
        app.MapGet("/big-declared", async (HttpContext c) =>
        {
            // Headers announce 3 MB; the fetcher must give up on the header alone.
            c.Response.ContentLength = 3 * 1024 * 1024;
            await c.Response.Body.WriteAsync(new byte[1024]);
            await c.Response.Body.FlushAsync();
            // Hold the connection open until the fetcher hangs up (it must not wait for the rest).
            try { await Task.Delay(TimeSpan.FromSeconds(30), c.RequestAborted); } catch (OperationCanceledException) { }
            c.Abort();
        });
        app.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return "late";
        });
        app.MapGet("/gzip", (HttpContext c) =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            return c.Response.WriteAsync("not really gzip");
        });
        app.MapGet("/cookie", (HttpContext c) =>
        {
            c.Response.Cookies.Append("session", "secret");
            return Results.Redirect("/echo-cookie");
        });
        app.MapGet("/echo-cookie", (HttpContext c) => "cookie=" + c.Request.Headers.Cookie + ";auth=" + c.Request.Headers.Authorization);
        app.MapGet("/redirect/{n:int}", (int n) => Results.Redirect(n <= 1 ? "/doc" : $"/redirect/{n - 1}"));
        app.MapGet("/to", (string target) => Results.Redirect(target));
    });

    [Fact]
    public async Task Allow_listed_loopback_server_is_fetched()
    {
        await using var server = await ServerAsync();
        using var fetcher = Fetcher(server.HostAndPort);
        Assert.Equal("{\"hello\":\"world\"}", await fetcher.FetchStringAsync(server.Url("/doc"), Ct));
    }

    [Fact]
    public async Task Loopback_server_not_on_the_allow_list_is_refused()
    {
        await using var server = await ServerAsync();
        using var fetcher = Fetcher("127.0.0.1:1");
        var e = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(server.Url("/doc"), Ct));
        Assert.Contains("loopback", e.Message);
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_loopback_is_refused_after_resolution()
    {
        await using var server = await ServerAsync();
        using var fetcher = Fetcher();
        var e = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(new Uri($"http://localhost:{server.BaseUrl.Port}/doc"), Ct));
        Assert.Contains("localhost resolves to", e.Message);
        Assert.Contains("loopback", e.Message);
    }

    [Fact]
    public async Task Allow_list_entries_are_per_port_and_may_name_a_host()
    {
        await using var server = await ServerAsync();
        using var byName = Fetcher($"localhost:{server.BaseUrl.Port}");
        Assert.Contains("hello", await byName.FetchStringAsync(new Uri($"http://localhost:{server.BaseUrl.Port}/doc"), Ct));
        using var otherPort = Fetcher($"127.0.0.1:{server.BaseUrl.Port + 1}");
        await Assert.ThrowsAsync<FetchRefusedException>(() => otherPort.FetchAsync(server.Url("/doc"), Ct));
    }

    [Theory]
    [InlineData("http://10.0.0.1/", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://[::1]/", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]/", "loopback")]
    [InlineData("http://[fd00::1]/", "unique local")]
    [InlineData("http://100.64.0.1/", "carrier-grade NAT")]
    [InlineData("http://0.0.0.0/", "unspecified")]
    [InlineData("http://224.0.0.1/", "multicast")]
    [InlineData("file:///etc/passwd", "Only http and https")]
    [InlineData("ftp://example.org/x", "Only http and https")]
    [InlineData("gopher://example.org/x", "Only http and https")]
    [InlineData("http://user:pass@example.org/", "user name or password")]
    public async Task Forbidden_urls_are_refused_without_a_connection(string url, string reasonPart)
    {
        using var fetcher = Fetcher();
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(new Uri(url), Ct));
        Assert.Contains(reasonPart, e.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), "refused before any network wait");
    }

    [Fact]
    public async Task Redirect_to_a_private_address_is_refused()
    {
        await using var server = await ServerAsync();
        using var fetcher = Fetcher(server.HostAndPort);
        foreach (var target in new[] { "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:" + server.BaseUrl.Port + "/doc" })
        {
            var e = await Assert.ThrowsAsync<FetchRefusedException>(() =>
                fetcher.FetchAsync(server.Url("/to?target=" + Uri.EscapeDataString(target)), Ct));
            Assert.Contains("does not fetch", e.Message);
        }
    }

    [Fact]
    public async Task Redirect_to_a_non_http_scheme_is_refused()
    {
        await using var server = await ServerAsync();
        using var fetcher = Fetcher(server.HostAndPort);
        var e = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(server.Url("/to?target=file:///etc/passwd"), Ct));
        Assert.Contains("Only http and https", e.Message);
    }

    [Fact]
    public async Task Three_redirects_are_followed_and_a_fourth_is_refused()
    {
        await using var server = await ServerAsync();
        using var fetcher = Fetcher(server.HostAndPort);
        Assert.Contains("hello", await fetcher.FetchStringAsync(server.Url("/redirect/3"), Ct));
        var e = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(server.Url("/redirect/4"), Ct));
        Assert.Contains("more than 3", e.Message);
    }

    [Theory]
    [InlineData("/big")]
    [InlineData("/big-declared")]
    public async Task Documents_over_2_MB_are_refused(string path)
    {
        await using var server = await ServerAsync();
        using var fetcher = Fetcher(server.HostAndPort);
        var e = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(server.Url(path), Ct));
        Assert.Contains("larger than 2 MB", e.Message);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_given_up_on_after_5_seconds()
    {
        await using var server = await ServerAsync();
        using var fetcher = Fetcher(server.HostAndPort);
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(server.Url("/slow"), Ct));
        Assert.Contains("within 5 seconds", e.Message);
        Assert.InRange(watch.Elapsed.TotalSeconds, 4.5, 8);
    }

    [Fact]
    public async Task Compressed_responses_are_refused_so_they_cannot_inflate()
    {
        await using var server = await ServerAsync();
        using var fetcher = Fetcher(server.HostAndPort);
        var e = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(server.Url("/gzip"), Ct));
        Assert.Contains("compressed", e.Message);
    }

    [Fact]
    public async Task Cookies_set_by_a_server_are_not_sent_back()
    {
        await using var server = await ServerAsync();
        using var fetcher = Fetcher(server.HostAndPort);
        Assert.Equal("cookie=;auth=", Encoding.UTF8.GetString(await fetcher.FetchAsync(server.Url("/cookie"), Ct)));
    }
}
