using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;

namespace Laurel.Features.Standards.ObApi;

/// <summary>Limits of a registration request.</summary>
public static class ObRegistrationRules
{
    public const int MaxBodyBytes = 16 * 1024, MaxText = 200, MaxUri = 2048, MaxArray = 10;
}

/// <summary>RFC 7591 client registration request as OB 3.0 profiles it (OB3-7.7).</summary>
public sealed record ObRegistrationRequest([property: JsonPropertyName("client_name")] string ClientName, [property: JsonPropertyName("client_uri")] string ClientUri, [property: JsonPropertyName("logo_uri")] string LogoUri, [property: JsonPropertyName("tos_uri")] string TosUri, [property: JsonPropertyName("policy_uri")] string PolicyUri, [property: JsonPropertyName("software_id")] string SoftwareId, [property: JsonPropertyName("software_version")] string SoftwareVersion, [property: JsonPropertyName("redirect_uris")] string[] RedirectUris, [property: JsonPropertyName("scope")] string Scope, [property: JsonPropertyName("token_endpoint_auth_method")] string? TokenEndpointAuthMethod, [property: JsonPropertyName("grant_types")] string[]? GrantTypes, [property: JsonPropertyName("response_types")] string[]? ResponseTypes, [property: JsonPropertyName("contacts")] string[]? Contacts);

/// <summary>RFC 7591 answer: the request echoed with the client's credentials.</summary>
public sealed record ObRegistrationResponse([property: JsonPropertyName("client_id")] string ClientId, [property: JsonPropertyName("client_secret")] string ClientSecret, [property: JsonPropertyName("client_id_issued_at")] long ClientIdIssuedAt, [property: JsonPropertyName("client_secret_expires_at")] long ClientSecretExpiresAt, [property: JsonPropertyName("client_name")] string ClientName, [property: JsonPropertyName("client_uri")] string ClientUri, [property: JsonPropertyName("logo_uri")] string LogoUri, [property: JsonPropertyName("tos_uri")] string TosUri, [property: JsonPropertyName("policy_uri")] string PolicyUri, [property: JsonPropertyName("software_id")] string SoftwareId, [property: JsonPropertyName("software_version")] string SoftwareVersion, [property: JsonPropertyName("redirect_uris")] string[] RedirectUris, [property: JsonPropertyName("scope")] string Scope, [property: JsonPropertyName("token_endpoint_auth_method")] string TokenEndpointAuthMethod, [property: JsonPropertyName("grant_types")] string[] GrantTypes, [property: JsonPropertyName("response_types")] string[] ResponseTypes, [property: JsonPropertyName("contacts")] string[]? Contacts);

/// <summary>RFC 7591 §3.2.2 error; <c>error_fields</c> (Laurel's addition) names every field with its problem.</summary>
public sealed record ObRegistrationError([property: JsonPropertyName("error")] string Error, [property: JsonPropertyName("error_description")] string ErrorDescription, [property: JsonPropertyName("error_fields")] Dictionary<string, string> ErrorFields);

/// <summary>
/// Dynamic client registration (OB3-7.7): no initial access token, every field checked at once; URLs HTTPS and on one host;
/// only client_secret_basic, the authorization_code/refresh_token grants and the code response type; scopes only the four OB
/// ones. Each registration is audited (no person: the actor is the client).
/// </summary>
public static class ObRegistration
{
    private static readonly string[] Grants = ["authorization_code", "refresh_token"];

    public static async Task<IResult> RegisterAsync(HttpContext context, LaurelDb db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        ObResponses.NoStore(context);
        var (body, readProblem) = await ObBodies.ReadJsonObjectAsync(context.Request, ObRegistrationRules.MaxBodyBytes, ct);
        if (body is null) return Error("invalid_client_metadata", new() { ["body"] = readProblem! });
        var problems = new Dictionary<string, string>();
        string? Text(string name, bool required = true, int max = ObRegistrationRules.MaxText)
        {
            var node = body[name];
            if (node is null) { if (required) problems[name] = "is required"; return null; }
            if (node.GetValueKind() != JsonValueKind.String) { problems[name] = "must be a string"; return null; }
            var value = node.GetValue<string>().Trim();
            if (value.Length == 0) { problems[name] = "must not be empty"; return null; }
            if (value.Length > max) { problems[name] = $"must be at most {max} characters"; return null; }
            return value;
        }
        string[]? Array(string name, bool required, int maxLength)
        {
            var node = body[name];
            if (node is null) { if (required) problems[name] = "is required"; return null; }
            if (node is not JsonArray array) { problems[name] = "must be an array (even for one value)"; return null; }
            if (array.Count == 0 || array.Count > ObRegistrationRules.MaxArray) { problems[name] = $"must hold 1 to {ObRegistrationRules.MaxArray} values"; return null; }
            if (array.Any(v => v is null || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>().Length is 0 || v.GetValue<string>().Length > maxLength))
            { problems[name] = $"must hold non-empty strings of at most {maxLength} characters"; return null; }
            return [.. array.Select(v => v!.GetValue<string>())];
        }

        var name = Text("client_name");
        var clientUri = Text("client_uri", max: ObRegistrationRules.MaxUri);
        var logoUri = Text("logo_uri", max: ObRegistrationRules.MaxUri);
        var tosUri = Text("tos_uri", max: ObRegistrationRules.MaxUri);
        var policyUri = Text("policy_uri", max: ObRegistrationRules.MaxUri);
        var softwareId = Text("software_id");
        var softwareVersion = Text("software_version");
        var redirectUris = Array("redirect_uris", true, ObRegistrationRules.MaxUri);
        var scope = Text("scope", max: 400);
        var authMethod = Text("token_endpoint_auth_method", required: false);
        var grantTypes = Array("grant_types", false, 40);
        var responseTypes = Array("response_types", false, 40);
        var contacts = Array("contacts", false, ObRegistrationRules.MaxText);

        // All URLs HTTPS and on the same host as client_uri (OB3-7.7).
        var host = HttpsHost(clientUri, "client_uri", problems, null);
        HttpsHost(logoUri, "logo_uri", problems, host);
        HttpsHost(tosUri, "tos_uri", problems, host);
        HttpsHost(policyUri, "policy_uri", problems, host);
        if (redirectUris is not null)
        {
            var bad = redirectUris.Select((u, i) => (Problem: RedirectProblem(u, host), Index: i)).FirstOrDefault(p => p.Problem is not null);
            if (bad.Problem is not null) problems["redirect_uris"] = $"[{bad.Index}] {bad.Problem}";
        }
        if (scope is not null)
        {
            var scopes = ObScopes.Split(scope);
            var unknown = scopes.Where(s => !ObScopes.All.Contains(s, StringComparer.Ordinal)).ToList();
            if (unknown.Count > 0) problems["scope"] = "only the four Open Badges 3.0 scopes are allowed, not: " + string.Join(' ', unknown.Take(3));
        }
        if (authMethod is not null && authMethod != "client_secret_basic") problems["token_endpoint_auth_method"] = "only client_secret_basic is supported";
        if (grantTypes?.Except(Grants, StringComparer.Ordinal).Any() == true) problems["grant_types"] = "only authorization_code and refresh_token are supported";
        if (responseTypes?.Any(r => r != "code") == true) problems["response_types"] = "only code is supported";
        if (problems.Count > 0 || name is null)
        {
            var error = problems.Keys.All(k => k == "redirect_uris") ? "invalid_redirect_uri" : "invalid_client_metadata";
            return Error(error, problems);
        }

        var now = time.GetUtcNow();
        var secret = ObSecrets.New();
        var client = new ObClient
        {
            Id = "ob-" + Guid.CreateVersion7().ToString("N"), SecretHash = ObSecrets.Hash(secret), Name = name, ClientUri = clientUri!, LogoUri = logoUri!,
            TosUri = tosUri!, PolicyUri = policyUri!, SoftwareId = softwareId!, SoftwareVersion = softwareVersion!,
            RedirectUris = string.Join('\n', redirectUris!), Scopes = ObScopes.Join(ObScopes.Split(scope)),
            Contacts = contacts is null ? null : string.Join('\n', contacts), CreatedAt = now.UtcDateTime,
        };
        db.Add(client);
        audit.Add(null, "obapi.client-registered", nameof(ObClient), Guid.Empty, null,
            new { clientId = client.Id, client.Name, client.ClientUri, client.SoftwareId, client.SoftwareVersion, client.Scopes }, client: "ob-api");
        await db.SaveChangesAsync(ct);
        var response = new ObRegistrationResponse(client.Id, secret, now.ToUnixTimeSeconds(), 0, client.Name, client.ClientUri, client.LogoUri,
            client.TosUri, client.PolicyUri, client.SoftwareId, client.SoftwareVersion, redirectUris!, client.Scopes, "client_secret_basic",
            grantTypes ?? Grants, responseTypes ?? ["code"], contacts);
        return Results.Json(response, statusCode: StatusCodes.Status201Created);
    }

    private static string? HttpsHost(string? value, string field, Dictionary<string, string> problems, string? host)
    {
        if (value is null) return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.UserInfo.Length > 0)
        {
            problems[field] = "must be an absolute https URL";
            return null;
        }
        if (host is not null && !string.Equals(uri.Host, host, StringComparison.OrdinalIgnoreCase))
            problems[field] = $"must be on the same host as client_uri ({host})";
        return uri.Host;
    }

    private static string? RedirectProblem(string value, string? host)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.UserInfo.Length > 0)
            return "must be an absolute https URL";
        if (uri.Fragment.Length > 0) return "must not have a fragment";
        if (host is not null && !string.Equals(uri.Host, host, StringComparison.OrdinalIgnoreCase)) return $"must be on the same host as client_uri ({host})";
        return null;
    }

    private static IResult Error(string error, Dictionary<string, string> problems) =>
        Results.Json(new ObRegistrationError(error, string.Join("; ", problems.Select(p => $"{p.Key}: {p.Value}")), problems), statusCode: 400);
}
