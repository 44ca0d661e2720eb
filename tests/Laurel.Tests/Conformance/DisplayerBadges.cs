using System.Text.Json.Nodes;

namespace Laurel.Tests.Conformance;

/// <summary>
/// The badges of the 1EdTech displayer walk (OB3-8.2), made in the test: the constructed OB 3.0 micro-credential re-issued by a
/// test key, valid, expired, or revoked through a <c>1EdTechRevocationList</c>, as VC 2.0 or as a VC 1.1-era OB 3.0 badge
/// (<c>https://www.w3.org/2018/credentials/v1</c>, <c>issuanceDate</c>/<c>expirationDate</c>).
/// </summary>
public static class DisplayerBadges
{
    public const string IssuerName = "Hogeschool Elders";
    public const string AchievementName = "Data Literacy for Professionals";
    public const string Description = "Interpret, clean and visualise data sets to support evidence-based decisions.";
    public const string ValidFrom = "2025-03-01T09:00:00Z";
    public const string ExpiredUntil = "2025-09-01T00:00:00Z";

    public enum Kind { Valid, Expired, Revoked }

    /// <summary>Turns an unsigned VC 2.0 OB 3.0 credential into its VC 1.1-era form (before signing).</summary>
    public static void ToVc11(JsonObject credential)
    {
        credential["@context"] = new JsonArray("https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json", "https://w3id.org/security/data-integrity/v2");
        Rename(credential, "validFrom", "issuanceDate");
        Rename(credential, "validUntil", "expirationDate");
    }

    /// <summary>The <c>change</c> for <c>OtherIssuer.Credential</c> that makes the badge of <paramref name="kind"/>.</summary>
    public static Action<JsonObject> Change(Kind kind, bool vc11, string revocationListUrl) => credential =>
    {
        credential["validFrom"] = ValidFrom;
        if (kind == Kind.Expired) credential["validUntil"] = ExpiredUntil;
        // Every badge of the walk uses the 1EdTech method, so "valid" also proves that a list not naming the badge passes.
        credential["credentialStatus"] = Status(revocationListUrl);
        if (vc11) ToVc11(credential);
    };

    public static JsonObject Status(string url) => new() { ["id"] = url, ["type"] = "1EdTechRevocationList" };

    /// <summary>A 1EdTech revocation list (vcrl v1p0): the issuer and its revoked credentials' ids with a reason.</summary>
    public static JsonObject RevocationList(string url, string issuer, params JsonObject[] entries) => new()
    {
        ["id"] = url,
        ["issuer"] = issuer,
        ["revokedCredentials"] = new JsonArray(entries),
    };

    public static JsonObject Entry(string credentialId, bool? revoked = null, string? reason = null)
    {
        var entry = new JsonObject { ["id"] = credentialId };
        if (revoked is not null) entry["revoked"] = revoked.Value;
        if (reason is not null) entry["revocationReason"] = reason;
        return entry;
    }

    private static void Rename(JsonObject o, string from, string to)
    {
        if (o[from] is not { } value) return;
        o.Remove(from);
        o[to] = value;
    }
}
