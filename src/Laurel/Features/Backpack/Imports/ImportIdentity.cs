using System.Text.Json;
using System.Text.Json.Nodes;

namespace Laurel.Features.Backpack.Imports;

/// <summary>
/// Which credential an import is, for upsertCredential (OB3-6.1): two credentials are "the same" when their <c>id</c> and their
/// issuer's id are equal after percent-decoding and trimming. The issuer compared is the one the verification proved (falling
/// back to the stated one), so nobody can replace an import with a credential another issuer signed. A credential without an
/// <c>id</c> has no identity beyond its bytes: it is only ever "the same" as an identical copy.
/// </summary>
public static class ImportIdentity
{
    private const int MaxDepth = 64;

    /// <summary>The credential's <c>id</c> (JSON), or its <c>jti</c>, <c>vc.id</c> or <c>id</c> claim (compact JWS); null when it has none.</summary>
    public static string? CredentialIdOf(string text)
    {
        text = text.Trim();
        try
        {
            JsonNode? node;
            if (text.StartsWith('{'))
            {
                node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth })?["id"];
            }
            else
            {
                var parts = text.Split('.');
                if (parts.Length != 3) return null;
                var part = parts[1].Replace('-', '+').Replace('_', '/');
                part = part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=');
                var payload = JsonNode.Parse(Convert.FromBase64String(part), documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
                node = payload?["jti"] ?? payload?["vc"]?["id"] ?? payload?["id"];
            }
            return node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim().Length > 0 ? v.GetValue<string>() : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>An id as OB3-6.1 compares it: percent-decoded and trimmed.</summary>
    public static string Normalize(string id)
    {
        try { return Uri.UnescapeDataString(id).Trim(); }
        catch (UriFormatException) { return id.Trim(); }
    }

    public static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);
}
