using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Laurel.Features.Standards.ObConnect;

/// <summary>One credential a host holds: its text exactly as received, a stable key (SHA-256) and what the list shows.</summary>
public sealed record ObHostEntry(string Key, bool IsJws, string Text, string Name, string? IssuerName);

/// <summary>What a host holds for the learner, and why reading stopped early when it did.</summary>
public sealed record ObHostContents(IReadOnlyList<ObHostEntry> Entries, int? TotalCount, int Pages, string? StoppedBecause);

/// <summary>
/// getCredentials read page by page (OB3-7.1–7.3): <c>limit</c>/<c>offset</c>, following <c>Link: rel="next"</c> (only on the
/// API's own origin), or the next offset while <c>X-Total-Count</c> says more exist. Budgets: at most
/// <see cref="MaxPages"/> pages and <see cref="MaxEntries"/> credentials and <see cref="MaxSeconds"/> s in all, so a host
/// that never stops paging cannot hold Laurel; what was read before a budget ran out is kept and the reason shown.
/// </summary>
public static partial class ObHostEntries
{
    public const int PageSize = 50;
    public const int MaxPages = 20;
    public const int MaxEntries = 500;
    public const int MaxSeconds = 30;
    /// <summary>A credential larger than this is skipped (the import limit is 5 MB, a page is at most 2 MB anyway).</summary>
    private const int MaxEntryChars = 1024 * 1024;

    private static readonly JsonDocumentOptions Json = new() { MaxDepth = 64 };
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<ObHostContents> ReadAllAsync(Uri apiBase, Func<Uri, CancellationToken, Task<ObResponse>> get, TimeProvider time, CancellationToken ct,
        int pageSize = PageSize)
    {
        var entries = new List<ObHostEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var started = time.GetTimestamp();
        int? total = null;
        var next = new Uri($"{apiBase.AbsoluteUri.TrimEnd('/')}/credentials?limit={pageSize}&offset=0");
        var pages = 0;
        var offset = 0;
        while (true)
        {
            if (pages >= MaxPages) return new(entries, total, pages, $"the host had more than {MaxPages} pages");
            if (time.GetElapsedTime(started).TotalSeconds > MaxSeconds) return new(entries, total, pages, $"reading took longer than {MaxSeconds} seconds");
            var response = await get(next, ct);
            pages++;
            if (response.Status != HttpStatusCode.OK) throw new ObHostException(ObStatusInfo.Describe(response));
            var root = ObProtocol.ParseObject(response.Body, "getCredentials response");
            var before = entries.Count;
            var pageCount = 0;
            if (root["credential"] is JsonArray credentials)
                foreach (var c in credentials)
                {
                    pageCount++;
                    if (c is JsonObject o) Add(o.ToJsonString(Compact), false);
                }
            if (root["compactJwsString"] is JsonArray jwss)
                foreach (var j in jwss)
                {
                    pageCount++;
                    if (j?.GetValueKind() == JsonValueKind.String) Add(j.GetValue<string>().Trim(), true);
                }
            if (entries.Count >= MaxEntries) return new(entries, total, pages, $"the host had more than {MaxEntries} credentials");
            if (int.TryParse(response.TotalCount, out var t) && t >= 0) total = t;
            offset += pageCount;
            var link = NextLink(response.Link, apiBase);
            if (pageCount == 0) break;
            if (link is not null) next = link;
            else if (total is { } known && offset < known) next = new Uri($"{apiBase.AbsoluteUri.TrimEnd('/')}/credentials?limit={pageSize}&offset={offset}");
            else break;
            // A page that adds nothing new while claiming more is a loop, not progress.
            if (entries.Count == before) return new(entries, total, pages, "the host kept sending the same credentials");
        }
        return new(entries, total, pages, null);

        void Add(string text, bool jws)
        {
            if (text.Length == 0 || text.Length > MaxEntryChars || entries.Count >= MaxEntries) return;
            var key = ObProtocol.Hash(text);
            if (!seen.Add(key)) return;
            var (name, issuer) = Describe(text, jws);
            entries.Add(new(key, jws, text, name, issuer));
        }
    }

    /// <summary>The <c>rel="next"</c> target of a Link header, only when it stays on the API's origin.</summary>
    public static Uri? NextLink(string? header, Uri apiBase)
    {
        if (string.IsNullOrEmpty(header)) return null;
        foreach (Match m in LinkPart().Matches(header))
        {
            if (!m.Groups["rel"].Value.Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase)) continue;
            if (!Uri.TryCreate(apiBase, m.Groups["url"].Value, out var url)) return null;
            return url.GetLeftPart(UriPartial.Authority) == apiBase.GetLeftPart(UriPartial.Authority) ? url : null;
        }
        return null;
    }

    /// <summary>Achievement and issuer names for the list; the verifier decides everything else on import.</summary>
    private static (string Name, string? Issuer) Describe(string text, bool jws)
    {
        try
        {
            JsonNode? node;
            if (jws)
            {
                var parts = text.Split('.');
                if (parts.Length != 3) return ("?", null);
                var payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
                node = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)), documentOptions: Json);
                if (node?["vc"] is JsonObject vc) node = vc;
            }
            else node = JsonNode.Parse(text, documentOptions: Json);
            var name = Str(node?["credentialSubject"]?["achievement"]?["name"]) ?? Str(node?["name"]) ?? "?";
            var issuer = Str(node?["issuer"]?["name"]) ?? Str(node?["issuer"]);
            return (Clip(name), issuer is null ? null : Clip(issuer));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return ("?", null);
        }
    }

    private static string? Str(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    private static string Clip(string s) => s.Length <= 200 ? s : s[..200] + "…";

    [GeneratedRegex("<(?<url>[^>]*)>\\s*;[^,]*?rel=\"?(?<rel>[^\";,]+)\"?", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex LinkPart();
}

/// <summary>Reads an OB3-7.4 <c>Imsx_StatusInfo</c> error so the learner sees what the host said.</summary>
public static class ObStatusInfo
{
    public static string Describe(ObResponse response)
    {
        var status = $"{(int)response.Status}";
        try
        {
            if (JsonNode.Parse(response.Body, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) is JsonObject o)
            {
                var description = o["imsx_description"]?.GetValueKind() == JsonValueKind.String ? o["imsx_description"]!.GetValue<string>() : null;
                var minors = (o["imsx_codeMinor"]?["imsx_codeMinorField"] as JsonArray)?
                    .Select(f => f?["imsx_codeMinorFieldValue"]).Where(v => v?.GetValueKind() == JsonValueKind.String).Select(v => v!.GetValue<string>()).Take(5).ToList();
                var major = o["imsx_codeMajor"]?.GetValueKind() == JsonValueKind.String ? o["imsx_codeMajor"]!.GetValue<string>() : null;
                if (description is not null || major is not null)
                {
                    var text = $"{status} {major}{(minors is { Count: > 0 } ? " (" + string.Join(", ", minors) + ")" : "")}{(description is null ? "" : ": " + description)}";
                    return text.Length <= 500 ? text : text[..500] + "…";
                }
            }
        }
        catch (JsonException)
        {
        }
        return $"{status} (no Imsx_StatusInfo in the answer)";
    }
}
