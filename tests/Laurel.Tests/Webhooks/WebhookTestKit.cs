using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Laurel.Features.Notifications.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Laurel.Tests.Webhooks;

internal static partial class WebhookTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string NewPath(string name) => $"/hooks/{name}-{Guid.NewGuid():N}";

    public static Task<Guid> InstitutionAsync(this LaurelHost host, string slug) => host.InstitutionIdAsync(slug);

    /// <summary>Registers an endpoint through the page; returns its id and the secret the page showed once.</summary>
    public static async Task<(Guid Id, string Secret)> RegisterAsync(this HttpClient admin, Guid institutionId, string url, params string[] events)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Url", url), new("Description", "Student information system") };
        fields.AddRange((events.Length == 0 ? WebhookEventTypes.All : events).Select(e => new KeyValuePair<string, string>("Events", e)));
        var response = await admin.PostFormAsync($"/manage/institutions/{institutionId}/webhooks", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var id = Guid.Parse(CreatedId().Match(html).Groups[1].Value);
        return (id, WebUtility.HtmlDecode(Secret().Match(html).Groups[1].Value));
    }

    [GeneratedRegex("data-created=\"([0-9a-f-]{36})\"")]
    private static partial Regex CreatedId();

    [GeneratedRegex("<code data-secret[^>]*>([^<]+)</code>")]
    public static partial Regex Secret();

    /// <summary>A dispatcher of the host's services with its own clock (and, if given, its own options).</summary>
    public static WebhookDispatcher Dispatcher(this LaurelHost host, TimeProvider clock, WebhookOptions? options = null)
    {
        var o = options ?? host.Services.GetRequiredService<IOptionsMonitor<WebhookOptions>>().CurrentValue;
        var monitor = new FixedOptions<WebhookOptions>(o);
        return new(host.Services.GetRequiredService<IServiceScopeFactory>(), new WebhookSender(monitor),
            host.Services.GetRequiredService<WebhookSecrets>(), monitor, clock, NullLogger<WebhookDispatcher>.Instance);
    }

    /// <summary>Runs passes until one finds nothing due.</summary>
    public static async Task<int> DeliverAllAsync(this WebhookDispatcher dispatcher)
    {
        var total = 0;
        while (await dispatcher.DeliverOnceAsync(Ct) is var handled and > 0) total += handled;
        return total;
    }

    public static Task<List<WebhookDelivery>> DeliveriesAsync(this LaurelHost host, Guid endpointId) =>
        host.DbAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId).OrderBy(d => d.CreatedAt).ToListAsync(Ct));

    /// <summary>The integrator's check, written from the documentation (not with Laurel's code).</summary>
    public static bool SignatureVerifies(string secret, string header, string body)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(parts["t"] + "." + body))).ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts["v1"]))
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(parts["t"])) < 300;
    }
}
