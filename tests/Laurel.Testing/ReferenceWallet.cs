using System.Text.Json.Nodes;

namespace Laurel.Testing;

/// <summary>
/// Laurel's reference wallet (tests/Laurel.Tests/node/reference-wallet.mjs): independent npm packages only
/// (@openid4vc/openid4vci + oauth2, @sd-jwt/sd-jwt-vc, @sd-jwt/jwt-status-list) taking a badge from an "Add to wallet" QR code
/// and checking a held SD-JWT VC as a verifier would.
/// </summary>
public static class ReferenceWallet
{
    /// <summary>Scans the QR (a VCALM interaction URL), enters the tx_code and takes the credential in the given form.</summary>
    public static Task<JsonObject> TakeAsync(string interactionUrl, string txCode, string format = "sd-jwt", bool dpop = true, int keys = 1,
        string? caPemPath = null, CancellationToken ct = default) =>
        RunAsync(new JsonObject
        {
            ["mode"] = "take", ["interactionUrl"] = interactionUrl, ["txCode"] = txCode, ["format"] = format, ["dpop"] = dpop, ["keys"] = keys,
        }, caPemPath, ct);

    /// <summary>Verifies a held SD-JWT VC again and reads its status now (0 valid, 1 invalid, 2 suspended).</summary>
    public static Task<JsonObject> CheckAsync(string sdJwt, string? caPemPath = null, CancellationToken ct = default) =>
        RunAsync(new JsonObject { ["mode"] = "check", ["sdJwt"] = sdJwt }, caPemPath, ct);

    private static async Task<JsonObject> RunAsync(JsonObject input, string? caPemPath, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetTempPath(), $"laurel-wallet-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, input.ToJsonString(), ct);
        try
        {
            return await NodeScript.RunAsync("reference-wallet.mjs", [file], ["@openid4vc/openid4vci", "@sd-jwt/sd-jwt-vc"], caPemPath, ct: ct);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
