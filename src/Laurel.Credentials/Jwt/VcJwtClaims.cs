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
        if (node is not JsonValue v) return null;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<double>(out var d) && double.IsFinite(d)) return (long)Math.Floor(d);
        return null;
    }
}
