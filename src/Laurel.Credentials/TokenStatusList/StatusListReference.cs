using System.Text.Json.Nodes;

namespace Laurel.Credentials.TokenStatusList;

/// <summary>
/// The reference a Referenced Token (e.g. an SD-JWT VC) carries in its <c>status</c> claim (draft-ietf-oauth-status-list
/// §6.1): <c>{"status_list": {"idx": 0, "uri": "https://example.com/statuslists/1"}}</c>.
/// </summary>
public sealed record StatusListReference(long Index, string Uri)
{
    /// <summary>The value of the referenced token's <c>status</c> claim.</summary>
    public JsonObject ToStatusClaim() =>
        new() { ["status_list"] = new JsonObject { ["idx"] = Index, ["uri"] = Uri } };

    /// <summary>
    /// Reads the <c>status</c> claim value; refuses (<see cref="TokenStatusListErrorCode.Malformed"/>) a missing
    /// <c>status_list</c>, an <c>idx</c> that is not a non-negative integer, or a <c>uri</c> that is not an absolute https/http URI.
    /// </summary>
    public static StatusListReference Parse(JsonNode? statusClaim)
    {
        if (statusClaim is not JsonObject status || status["status_list"] is not JsonObject list)
            throw Malformed("The status claim has no status_list object.");
        if (list["idx"] is not JsonValue idxValue || !idxValue.TryGetValue<long>(out var idx) || idx < 0)
            throw Malformed("status_list.idx must be a non-negative integer.");
        if (list["uri"] is not JsonValue uriValue || !uriValue.TryGetValue<string>(out var uri)
            || !System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http"))
            throw Malformed("status_list.uri must be an absolute https URI.");
        return new StatusListReference(idx, uri);
    }

    private static TokenStatusListException Malformed(string message) => new(TokenStatusListErrorCode.Malformed, message);
}
