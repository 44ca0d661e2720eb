using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Features.Awards;
using Laurel.Features.Wallets;
using Laurel.Features.Wallets.Offers;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Laurel.Bench.Wallets;

/// <summary>
/// <c>dotnet bench/Laurel.Bench/bin/Release/net10.0/Laurel.Bench.dll wallet-flows [clients] [seconds]</c>: complete
/// OpenID4VCI pre-authorized flows per second against the real app on PostgreSQL (<c>LAUREL_BENCH_POSTGRES</c>), each flow
/// offer → credential: the learner's "Add to wallet" (the offer service, as the page calls it), then over HTTP the offer by
/// reference, the token with tx_code, a c_nonce, the credential request with an ES256 proof of a fresh wallet key (an
/// SD-JWT VC with its own Token Status List entry), and the wallet's credential_accepted notification.
/// </summary>
public static class WalletFlowScenario
{
    private const string Base = "http://127.0.0.1:5088";
    private const string PreAuthorizedGrant = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

    public static async Task RunAsync(int clients, int seconds)
    {
        var server = Environment.GetEnvironmentVariable("LAUREL_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set LAUREL_BENCH_POSTGRES to a PostgreSQL server connection string (a throwaway cluster).");
        var database = "laurel_bench_" + Guid.NewGuid().ToString("N")[..10];
        await ExecAsync(server, $"CREATE DATABASE {database}");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 64 }.ToString();
            // The limits that protect a real node from one address would stop a load generator on loopback within a second.
            var app = LaurelApp.Build(["--environment=Development", "--Laurel:Database:Provider=postgres", $"--Laurel:Database:ConnectionString={connection}",
                $"--urls={Base}", $"--Laurel:PublicBaseUrl={Base}",
                "--Laurel:Wallets:Offers:MaxOpenPerAward=1000000", "--Laurel:Wallets:Offers:MaxPerAwardPerHour=1000000",
                "--Laurel:RateLimits:WalletAuthorization:PermitLimit=1000000", "--Laurel:RateLimits:WalletIssuance:PermitLimit=1000000"],
                b => b.Logging.SetMinimumLevel(LogLevel.Warning));
            await LaurelApp.InitializeAsync(app);
            await app.StartAsync();
            await using (app)
            {
                var (learner, awardId) = await PrepareAsync(app.Services);
                using var http = new HttpClient { BaseAddress = new Uri(Base) };
                Console.WriteLine($"wallet flows: {clients} clients, {seconds} s, {Environment.ProcessorCount} cores, PostgreSQL");
                // Warm-up: the JIT, the contexts, the issuer's ES256 key and the first Token Status List.
                await RunAsync(app.Services, http, learner, awardId, clients, TimeSpan.FromSeconds(Math.Max(10, seconds / 2)), print: false);
                await RunAsync(app.Services, http, learner, awardId, clients, TimeSpan.FromSeconds(seconds), print: true);
                await app.StopAsync();
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task RunAsync(IServiceProvider services, HttpClient http, ClaimsPrincipal learner, Guid awardId, int clients, TimeSpan duration, bool print)
    {
        var latencies = new List<double>();
        var failures = 0;
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            var failed = 0;
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await FlowAsync(services, http, learner, awardId);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception e)
                {
                    if (failed++ == 0 && print) Console.WriteLine("first failure: " + e.Message);
                }
            }
            lock (latencies) { latencies.AddRange(mine); failures += failed; }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        if (!print) return;
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        var cpu = (process.TotalProcessorTime - cpuStart).TotalMilliseconds;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var copies = await db.WalletCopies.CountAsync(c => c.AwardId == awardId);
        Console.WriteLine($"load average before: {load}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{latencies.Count} flows in {elapsed:F1} s = {latencies.Count / elapsed:F1} flows/s; p50 {P(0.5):F1} ms, p90 {P(0.9):F1} ms, p99 {P(0.99):F1} ms; failures {failures}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU of this process (Laurel + the wallet clients): {cpu / Math.Max(1, latencies.Count):F1} ms per flow; wallet copies stored in total: {copies}"));
    }

    private static async Task FlowAsync(IServiceProvider services, HttpClient http, ClaimsPrincipal learner, Guid awardId)
    {
        // 1. "Add to wallet" (what the backpack page's POST does).
        OfferView view;
        await using (var scope = services.CreateAsyncScope())
        {
            var offers = scope.ServiceProvider.GetRequiredService<WalletOfferService>();
            var outcome = await offers.CreateAsync(learner, awardId, default);
            var offer = outcome.Offer ?? throw new InvalidOperationException("offer refused: " + outcome.Refusal);
            view = await offers.FindAsync(offer.PersonId, awardId, offer.Id, default) ?? throw new InvalidOperationException("offer not readable");
        }
        // 2. The wallet resolves the offer by reference.
        var offerUri = Uri.UnescapeDataString(view.OpenId4VciLink[(view.OpenId4VciLink.IndexOf("credential_offer_uri=", StringComparison.Ordinal) + 21)..]);
        var offerJson = await GetJsonAsync(http, offerUri);
        var issuer = offerJson["credential_issuer"]!.GetValue<string>();
        var configuration = offerJson["credential_configuration_ids"]!.AsArray().Select(c => c!.GetValue<string>()).First(c => c.EndsWith(".sd-jwt", StringComparison.Ordinal));
        var code = offerJson["grants"]![PreAuthorizedGrant]!["pre-authorized_code"]!.GetValue<string>();
        // 3. Token with the tx_code the learner reads off the screen.
        using var tokenResponse = await http.PostAsync(WalletRoutes.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = PreAuthorizedGrant, ["pre-authorized_code"] = code, ["tx_code"] = view.TxCode ?? "",
        }));
        var token = (await ReadAsync(tokenResponse))["access_token"]!.GetValue<string>();
        // 4. A c_nonce, 5. the credential with an ES256 proof of a fresh holder key.
        var path = new Uri(issuer).AbsolutePath;
        using var nonceResponse = await http.PostAsync(path + "/nonce", null);
        var nonce = (await ReadAsync(nonceResponse))["c_nonce"]!.GetValue<string>();
        using var holderKey = P256Key.Generate();
        var holder = new Es256JwsKey(holderKey);
        var header = new JsonObject { ["typ"] = "openid4vci-proof+jwt", ["alg"] = "ES256", ["jwk"] = holder.PublicJwk() };
        var payload = new JsonObject { ["aud"] = issuer, ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["nonce"] = nonce };
        var proof = CompactJws.Sign(header, Encoding.UTF8.GetBytes(payload.ToJsonString()), holder);
        using var request = new HttpRequestMessage(HttpMethod.Post, path + "/credential")
        {
            Content = JsonContent.Create(new JsonObject { ["credential_configuration_id"] = configuration, ["proofs"] = new JsonObject { ["jwt"] = new JsonArray(proof) } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var credentialResponse = await http.SendAsync(request);
        var credential = await ReadAsync(credentialResponse);
        var notificationId = credential["notification_id"]!.GetValue<string>();
        if (credential["credentials"]![0]!["credential"]!.GetValue<string>().Split('~').Length < 2) throw new InvalidOperationException("not an SD-JWT");
        // 6. The wallet says it took it.
        using var notification = new HttpRequestMessage(HttpMethod.Post, path + "/notification")
        {
            Content = JsonContent.Create(new JsonObject { ["notification_id"] = notificationId, ["event"] = "credential_accepted" }),
        };
        notification.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var notified = await http.SendAsync(notification);
        if (!notified.IsSuccessStatusCode) throw new InvalidOperationException($"notification: {(int)notified.StatusCode}");
    }

    private static async Task<JsonObject> GetJsonAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        return await ReadAsync(response);
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    // The demo learner (Lotte de Vries) and her first issued demo award.
    private static async Task<(ClaimsPrincipal, Guid)> PrepareAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var learner = await db.LinkedIdentities.Where(i => i.Subject == "learner").Select(i => i.PersonId).FirstAsync();
        var award = await db.Awards.Where(a => a.RecipientPersonId == learner && a.State == AwardState.Issued).OrderBy(a => a.IssuedAt).Select(a => a.Id).FirstAsync();
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, learner.ToString())], "bench"));
        return (principal, award);
    }

    private static async Task ExecAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
