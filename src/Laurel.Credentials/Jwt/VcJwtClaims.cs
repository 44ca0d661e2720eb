using System.Globalization;
using System.Text.Json.Nodes;

namespace Laurel.Credentials.Jwt;

/// <summary>Helpers shared by the VC-JWT signer and verifier for reading credential fields.</summary>
internal static class VcJwtClaims
{
    /// <summary>Registered JWT claims that OB 3.0 adds next to the credential properties (OB3-4.5).</summary>
    internal static readonly string[] Registered = ["iss", "sub", "jti", "nbf", "exp", "iat", "aud"];

    internal static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    internal static string? IssuerId(JsonObject credential) => credential["issuer"] switch
    {
        JsonObject o => Text(o["id"]),
        var n => Text(n),
    };

    internal static string? SubjectId(JsonObject credential) => credential["credentialSubject"] switch
    {
        JsonObject o => Text(o["id"]),
        JsonArray { Count: > 0 } a => Text((a[0] as JsonObject)?["id"]),
        _ => null,
    };

    internal static DateTimeOffset? Date(JsonNode? node) =>
        Text(node) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) ? d : null;

    internal static long? NumericDate(JsonNode? node)
    {
        // Parsed and programmatically built numbers are backed differently; their JSON text is uniform.
        if (node is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.Number) return null;
        var text = v.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            && Math.Abs(d) < 1e15 ? (long)Math.Floor(d) : null;
    }
}
