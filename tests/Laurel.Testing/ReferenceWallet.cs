using System.Diagnostics;
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
        var folder = TestPaths.NodeFolder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@openid4vc", "openid4vci")))
            throw new InvalidOperationException($"The reference wallet's packages are missing in {folder}: run ./test.sh (npm ci).");
        var file = Path.Combine(Path.GetTempPath(), $"laurel-wallet-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, input.ToJsonString(), ct);
        try
        {
            var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("reference-wallet.mjs");
            start.ArgumentList.Add(file);
            if (caPemPath is not null) start.Environment["NODE_EXTRA_CA_CERTS"] = caPemPath;
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start node.");
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync(timeout.Token);
            var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (process.ExitCode != 0 || lines.Length == 0)
                throw new InvalidOperationException($"reference-wallet.mjs failed (exit {process.ExitCode}): {await stderr}");
            return JsonNode.Parse(lines[^1])!.AsObject();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
