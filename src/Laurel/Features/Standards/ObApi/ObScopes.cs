using System.Security.Cryptography;
using System.Text;

namespace Laurel.Features.Standards.ObApi;

/// <summary>The four OB 3.0 scopes (OB3-7.6) and the addresses of Laurel's OB 3.0 API.</summary>
public static class ObScopes
{
    public const string CredentialRead = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly";
    public const string CredentialUpsert = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert";
    public const string ProfileRead = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly";
    public const string ProfileUpdate = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update";

    public static readonly string[] All = [CredentialRead, CredentialUpsert, ProfileRead, ProfileUpdate];

    /// <summary>The key of a scope's text in <see cref="ObApiText"/>: <c>Scope_credential.readonly</c> and so on.</summary>
    public static string TextKey(string scope) => "Scope_" + scope[(scope.LastIndexOf('/') + 1)..];

    public static string[] Split(string? scopes) => (scopes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Scopes in the fixed order of <see cref="All"/>, space-separated.</summary>
    public static string Join(IEnumerable<string> scopes)
    {
        var set = scopes.ToHashSet(StringComparer.Ordinal);
        return string.Join(' ', All.Where(set.Contains));
    }
}

public static class ObRoutes
{
    public const string Base = "/ims/ob/v3p0";
    public const string Discovery = Base + "/discovery";
    public const string Credentials = Base + "/credentials";
    public const string Profile = Base + "/profile";
    public const string Register = "/oauth/ob/register";
    public const string Authorize = "/oauth/ob/authorize";
    public const string Token = "/oauth/ob/token";
    public const string Revoke = "/oauth/ob/revoke";
}

/// <summary>Secrets (client secrets, codes, tokens): 256 random bits, base64url; stored only as their SHA-256.</summary>
public static class ObSecrets
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool SameHash(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
