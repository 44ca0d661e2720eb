using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Standards.ObApi;

/// <summary>
/// The Service Description Document (OB3-7.6): a profiled copy of the OB 3.0 OpenAPI file listing the operations Laurel serves,
/// with the OAuth2ACG security scheme (registration, authorization, token and refresh URLs, the four scopes). Unprotected,
/// cacheable (ETag, an hour), rate-limited per address; <c>components/schemas</c> are 1EdTech's own JSON Schemas (<see cref="ObSchemas"/>).
/// URLs are absolute from the public origin. Terms and privacy policy
/// addresses come from <c>Laurel:ObApi:TermsOfServiceUrl</c> and <c>Laurel:ObApi:PrivacyPolicyUrl</c> (default: the home page).
/// </summary>
public static class ObDiscovery
{
    private sealed record Cached(string Key, byte[] Bytes, string ETag);
    private static Cached? _cached;

    public static IResult Get(HttpContext context, PublicOrigin origin, IConfiguration configuration)
    {
        // The document only changes with the origin and configuration; with the full schemas it is large, so it is built once.
        var key = origin.Url("/") + "\n" + configuration["Laurel:ObApi:TermsOfServiceUrl"] + "\n" + configuration["Laurel:ObApi:PrivacyPolicyUrl"];
        var cached = _cached;
        if (cached is null || cached.Key != key)
        {
            var built = JsonSerializer.SerializeToUtf8Bytes(Document(origin, configuration));
            _cached = cached = new Cached(key, built, "\"" + Convert.ToHexStringLower(SHA256.HashData(built))[..32] + "\"");
        }
        var (bytes, etag) = (cached.Bytes, cached.ETag);
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "public, max-age=3600";
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && (v.Contains(etag, StringComparison.Ordinal) || v.Trim() == "*")))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(bytes, "application/json");
    }

    public static JsonObject Document(PublicOrigin origin, IConfiguration configuration)
    {
        var scopes = new JsonObject
        {
            [ObScopes.CredentialRead] = "Permission to read the learner's badges (getCredentials)",
            [ObScopes.CredentialUpsert] = "Permission to add or update the learner's badges (upsertCredential)",
            [ObScopes.ProfileRead] = "Permission to read the learner's profile (getProfile)",
            [ObScopes.ProfileUpdate] = "Permission to update the learner's profile (putProfile)",
        };
        JsonObject Errors(params int[] codes)
        {
            var responses = new JsonObject();
            foreach (var code in codes)
                responses[code.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
                {
                    ["description"] = "Imsx_StatusInfo",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref("Imsx_StatusInfo") } },
                };
            return responses;
        }
        JsonArray Security(string scope) => [new JsonObject { ["OAuth2ACG"] = new JsonArray(scope) }];
        JsonObject Operation(string id, string summary, string scope, JsonObject ok, JsonObject? body = null, JsonArray? parameters = null, params int[] errors)
        {
            var responses = Errors(errors);
            foreach (var (code, value) in ok) responses[code] = value!.DeepClone();
            var op = new JsonObject { ["operationId"] = id, ["summary"] = summary, ["tags"] = new JsonArray("OpenBadgeCredentials"), ["security"] = Security(scope), ["responses"] = responses };
            if (parameters is not null) op["parameters"] = parameters;
            if (body is not null) op["requestBody"] = body;
            return op;
        }
        JsonObject Json(string schema, string description) => new()
        {
            ["description"] = description,
            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(schema) } },
        };
        JsonObject Param(string name, string description, JsonObject schema) =>
            new() { ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = description, ["schema"] = schema };

        var credentialBody = new JsonObject
        {
            ["required"] = true,
            ["content"] = new JsonObject
            {
                ["application/json"] = new JsonObject { ["schema"] = Ref("AchievementCredential") },
                ["application/vc+ld+json"] = new JsonObject { ["schema"] = Ref("AchievementCredential") },
                ["text/plain"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[^.]+\\.[^.]+\\.[^.]*$" } },
            },
        };
        return new JsonObject
        {
            ["openapi"] = "3.0.1",
            ["info"] = new JsonObject
            {
                ["title"] = "Laurel — Open Badges 3.0 API",
                ["description"] = "Laurel's learners' badges and profile through the 1EdTech Open Badges 3.0 REST API.",
                ["version"] = "3.0",
                ["termsOfService"] = configuration["Laurel:ObApi:TermsOfServiceUrl"] ?? origin.Url("/"),
                ["x-imssf-privacyPolicyUrl"] = configuration["Laurel:ObApi:PrivacyPolicyUrl"] ?? origin.Url("/"),
                ["x-imssf-image"] = origin.Url("/apple-touch-icon.png"),
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = origin.Url(ObRoutes.Base) }),
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "OpenBadgeCredentials" }, new JsonObject { ["name"] = "Discovery" }),
            ["paths"] = new JsonObject
            {
                ["/credentials"] = new JsonObject
                {
                    ["get"] = Operation("getCredentials", "Get the learner's OpenBadgeCredentials", ObScopes.CredentialRead,
                        new JsonObject { ["200"] = Json("GetOpenBadgeCredentialsResponse", "The credentials; X-Total-Count and Link headers (OB3-7.3)") },
                        parameters: new JsonArray(
                            Param("limit", "The maximum number of credentials to return (at most 100)", new JsonObject { ["type"] = "integer", ["minimum"] = 1 }),
                            Param("offset", "The index of the first credential to return (zero-based)", new JsonObject { ["type"] = "integer", ["minimum"] = 0 }),
                            Param("since", "Only credentials issued after this time", new JsonObject { ["type"] = "string", ["format"] = "date-time" })),
                        errors: [400, 401, 403, 405, 500]),
                    ["post"] = Operation("upsertCredential", "Add or replace a credential in the learner's backpack", ObScopes.CredentialUpsert,
                        new JsonObject
                        {
                            ["200"] = Json("AchievementCredential", "The credential was already there (replaced)"),
                            ["201"] = Json("AchievementCredential", "The credential was added"),
                        }, body: credentialBody, errors: [400, 401, 403, 404, 405, 500]),
                },
                ["/profile"] = new JsonObject
                {
                    ["get"] = Operation("getProfile", "Get the learner's profile", ObScopes.ProfileRead,
                        new JsonObject { ["200"] = Json("Profile", "The profile") }, errors: [400, 401, 403, 404, 405, 500]),
                    ["put"] = Operation("putProfile", "Update the learner's profile (name only)", ObScopes.ProfileUpdate,
                        new JsonObject { ["200"] = Json("Profile", "The updated profile") },
                        body: new JsonObject { ["required"] = true, ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref("Profile") } } },
                        errors: [400, 401, 403, 404, 405, 500]),
                },
                ["/discovery"] = new JsonObject
                {
                    ["get"] = new JsonObject
                    {
                        ["operationId"] = "getServiceDescription", ["summary"] = "This Service Description Document", ["tags"] = new JsonArray("Discovery"),
                        ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "The OpenAPI document", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } } } },
                    },
                },
            },
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["OAuth2ACG"] = new JsonObject
                    {
                        ["type"] = "oauth2",
                        ["description"] = "OAuth 2.0 Authorization Code Grant authorization with PKCE (S256)",
                        ["x-imssf-name"] = "OAuth2ACG",
                        ["x-imssf-registrationUrl"] = origin.Url(ObRoutes.Register),
                        ["flows"] = new JsonObject
                        {
                            ["authorizationCode"] = new JsonObject
                            {
                                ["authorizationUrl"] = origin.Url(ObRoutes.Authorize),
                                ["tokenUrl"] = origin.Url(ObRoutes.Token),
                                ["refreshUrl"] = origin.Url(ObRoutes.Token),
                                ["x-imssf-revocationUrl"] = origin.Url(ObRoutes.Revoke),
                                ["scopes"] = scopes,
                            },
                        },
                    },
                },
                // The official OB 3.0 JSON Schemas, converted (ObSchemas, Schemas/README.md).
                ["schemas"] = ObSchemas.Components(),
            },
        };
    }

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };
}
