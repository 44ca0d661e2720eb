using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Tests.SdJwt;

/// <summary>An issuer and a holder with ES256 keys, and helpers to sign hand-made (hostile) payloads.</summary>
internal sealed class SdJwtTestKit : IDisposable
{
    public P256Key IssuerP256 { get; } = P256Key.Generate();
    public P256Key HolderP256 { get; } = P256Key.Generate();
    public Es256JwsKey Issuer => new(IssuerP256);
    public Es256JwsKey Holder => new(HolderP256);

    public Func<CompactJws, JwsKey?> ResolveIssuer => _ => Issuer;

    /// <summary>Signs an arbitrary payload as an issuer JWT, so a test can build structures the issuer API refuses.</summary>
    public string SignPayload(JsonObject payload, string? typ = null)
    {
        var header = new JsonObject();
        if (typ is not null) header["typ"] = typ;
        return CompactJws.Sign(header, JsonSerializer.SerializeToUtf8Bytes(payload), Issuer);
    }

    public static JsonObject Claims() => new()
    {
        ["given_name"] = "Ada",
        ["family_name"] = "Möbius",
        ["grade"] = "8.5",
        ["achievement"] = new JsonObject { ["name"] = "Rocket Science", ["ects"] = 5 },
        ["outcomes"] = new JsonArray("orbits", "propulsion", "safety"),
    };

    public void Dispose()
    {
        IssuerP256.Dispose();
        HolderP256.Dispose();
    }
}
