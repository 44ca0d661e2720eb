using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Verification;

/// <summary>
/// The Laurel award behind a verified credential, when it is one of Laurel's own: the issued credential (its id is the award
/// id) or its signed public variant (found by its revocation status entry, which both share). Only when the proof passed
/// and the key that signed it belongs to the award's institution, so a look-alike from another issuer borrows nothing.
/// </summary>
public sealed class LaurelAwards(LaurelDb db, PublicOrigin origin)
{
    private readonly string _statusPrefix = origin.Url("/status/");

    public async Task<Award?> FindAsync(VerificationReport report, CancellationToken ct)
    {
        if (report.Credential is not { } credential || report.Check(CheckIds.Proof)?.Outcome != CheckOutcome.Passed
            || report.VerificationMethod is not { } method) return null;
        Award? award = null;
        if (Text(credential["id"]) is { } id && id.StartsWith("urn:uuid:", StringComparison.Ordinal) && Guid.TryParse(id["urn:uuid:".Length..], out var awardId))
            award = await db.Awards.AsNoTracking().Include(a => a.Achievement).FirstOrDefaultAsync(a => a.Id == awardId, ct);
        if (award is null && StatusEntry(credential) is var (listId, index))
            award = await db.Awards.AsNoTracking().Include(a => a.Achievement)
                .FirstOrDefaultAsync(a => a.RevocationListId == listId && a.StatusIndex == index, ct);
        return award is not null && Did(award.SigningKeyId) == Did(method) ? award : null;
    }

    // did:web:host:institutions:slug#key-1 → did:web:host:institutions:slug (a rotated key is the same institution).
    private static string Did(string verificationMethod) => verificationMethod.Split('#')[0];

    private (Guid ListId, int Index)? StatusEntry(JsonObject credential)
    {
        var entry = credential["credentialStatus"] switch
        {
            JsonObject single => single,
            JsonArray list => list.OfType<JsonObject>().FirstOrDefault(e => Text(e["statusPurpose"]) == "revocation"),
            _ => null,
        };
        if (entry is null || Text(entry["statusPurpose"]) != "revocation" || Text(entry["statusListCredential"]) is not { } url
            || !url.StartsWith(_statusPrefix, StringComparison.Ordinal) || !Guid.TryParse(url.AsSpan(_statusPrefix.Length), out var listId))
            return null;
        var index = entry["statusListIndex"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var i) => i,
            JsonValue v when v.TryGetValue<int>(out var i) => i,
            _ => -1,
        };
        return index < 0 ? null : (listId, index);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
