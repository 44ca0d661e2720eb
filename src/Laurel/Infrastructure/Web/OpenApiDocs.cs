using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// Shared vocabulary of the OpenAPI document (<c>/openapi/v1.json</c>) for the endpoints machines call that are not plain JSON
/// APIs: wallet protocols, hosted Open Badges 2.0 documents, public files, staff and learner downloads. Tags group them, the
/// security schemes say what a caller must bring, and the helpers describe redirects, protocol error bodies and form bodies as
/// the endpoints really answer them. Metadata only: nothing here changes how an endpoint behaves.
/// </summary>
public static class OpenApiDocs
{
    public const string WalletIssuanceTag = "Wallet protocols (OpenID4VCI)";
    public const string WalletExchangeTag = "Wallet protocols (VCALM exchanges)";
    public const string VerifierTag = "Wallet protocols (OpenID4VP)";
    public const string Ob2Tag = "Open Badges 2.0 hosted";
    public const string PublicFilesTag = "Public files";
    public const string LearnerFilesTag = "Learner downloads";
    public const string StaffFilesTag = "Staff downloads";
    public const string OperationsTag = "Operations";

    /// <summary>The signed-in person's session (the cookie Laurel's sign-in sets; see <c>IdentityFeature</c>).</summary>
    public const string SessionScheme = "sessionCookie";
    public const string SessionCookieName = "laurel.session";
    /// <summary>A wallet's OpenID4VCI access token from <c>/oauth/wallet/token</c>, as a Bearer token …</summary>
    public const string WalletBearerScheme = "walletBearer";
    /// <summary>… or DPoP-bound (RFC 9449), with its <c>DPoP</c> proof header.</summary>
    public const string WalletDpopScheme = "walletDpop";

    /// <summary>The friendly error page every empty 4xx becomes (status code pages re-execute <c>/error/{code}</c>).</summary>
    public const string ErrorPageDescription = "Laurel's error page (HTML, in the request's language): ";

    /// <summary>Registers the security schemes and the operations that are not minimal-API route handlers (<c>/health</c>).</summary>
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SessionScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = SessionCookieName,
                Description = "The session of a person signed in to Laurel in a browser (institution account, eduID or e-mail link). "
                    + "Downloads behind it answer a redirect to the sign-in page (302) without it, and 403/404 for a person without the right.",
            };
            document.Components.SecuritySchemes[WalletBearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "OpenID4VCI access token from the wallet token endpoint (pre-authorized code or authorization code with PKCE), sent as "
                    + "'Authorization: Bearer …' (VCI-4.3).",
            };
            document.Components.SecuritySchemes[WalletDpopScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "DPoP",
                Description = "The same access token bound to the wallet's key (RFC 9449): 'Authorization: DPoP …' with a DPoP proof header for this request.",
            };

            // MapHealthChecks is a plain request delegate, which the API explorer does not see: described here, as it answers.
            document.Paths ??= [];
            document.Paths["/health"] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Get] = new()
                    {
                        OperationId = "Health",
                        Summary = "Liveness and readiness of this Laurel instance (its database answers), for the operator's orchestrator",
                        Tags = new HashSet<OpenApiTagReference> { new(OperationsTag, document) },
                        Responses = new OpenApiResponses
                        {
                            ["200"] = PlainText("Healthy: the text 'Healthy'."),
                            ["503"] = PlainText("Unhealthy: the text 'Unhealthy' (the database does not answer)."),
                        },
                    },
                },
            };
            document.Tags ??= new HashSet<OpenApiTag>();
            foreach (var (name, description) in Tags)
            {
                if (document.Tags.FirstOrDefault(t => t.Name == name) is { } tag) tag.Description ??= description;
                else document.Tags.Add(new OpenApiTag { Name = name, Description = description });
            }
            return Task.CompletedTask;
        });
    }

    private static readonly (string Name, string Description)[] Tags =
    [
        (WalletIssuanceTag, "OpenID for Verifiable Credential Issuance 1.0 (oid4vci.md VCI-1…VCI-7): issuer metadata, credential offers, nonce, credential and notification endpoints a wallet calls."),
        (WalletExchangeTag, "W3C VC API exchanges (VCALM): a wallet posts {} to receive a verifiablePresentationRequest, then its signed presentation."),
        (VerifierTag, "OpenID for Verifiable Presentations 1.0 (oid4vci.md §8): signed request objects by reference and the direct_post response endpoint."),
        (Ob2Tag, "Open Badges 2.0 hosted verification documents (openbadges2-baking.md OB2-1.x) whose addresses are inside issued OB 2.0 badges."),
        (PublicFilesTag, "Files anyone may fetch: badge images, profile images, and the downloads of a badge its viewer may see (public badge, its learner, staff)."),
        (LearnerFilesTag, "Files of the signed-in learner's own pages."),
        (StaffFilesTag, "Exports and downloads of staff pages, for signed-in staff with the right on the node."),
        (OperationsTag, "For the operator of the instance."),
    ];

    private static OpenApiResponse PlainText(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
    };

    /// <summary>A redirect: its status and what the <c>Location</c> header points to.</summary>
    public static TBuilder ProducesRedirect<TBuilder>(this TBuilder builder, int status, string location) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = "Redirect: " + location,
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Location"] = new OpenApiHeader
                    {
                        Description = location,
                        Required = true,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                    },
                },
            };
            return Task.CompletedTask;
        });

    /// <summary>An empty 4xx that Laurel's status code pages turn into its HTML error page (what a caller really receives).</summary>
    public static TBuilder ProducesErrorPage<TBuilder>(this TBuilder builder, int status, string when) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = ErrorPageDescription + when,
                Content = new Dictionary<string, OpenApiMediaType> { ["text/html"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
            };
            return Task.CompletedTask;
        });

    /// <summary>An OAuth-style protocol error <c>{error, error_description}</c> (application/json), as OpenID4VCI/VP wallets read it.</summary>
    public static TBuilder ProducesOAuthError<TBuilder>(this TBuilder builder, int status, string when) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(OAuthErrorBody), null, ct);
            operation.Responses ??= [];
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = when,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });

    /// <summary>A success body in the given media types that is not JSON (an image, a PDF, a JWT, CSV): a string schema (binary when asked).</summary>
    public static TBuilder ProducesFile<TBuilder>(this TBuilder builder, int status, string description, bool binary, params string[] mediaTypes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = description,
                Content = mediaTypes.ToDictionary(type => type, _ => new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = binary ? "binary" : null },
                }),
            };
            return Task.CompletedTask;
        });

    /// <summary>Describes a response the framework already lists (its description only).</summary>
    public static TBuilder DescribeResponse<TBuilder>(this TBuilder builder, int status, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var response) == true && response is OpenApiResponse concrete)
                concrete.Description = description;
            return Task.CompletedTask;
        });

    /// <summary>The rate limiter's answer to programs (<see cref="RateLimitRejection"/>): a ProblemDetails 429 with Retry-After.</summary>
    public static TBuilder ProducesTooManyRequests<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), null, ct);
            operation.Responses ??= [];
            operation.Responses["429"] = new OpenApiResponse
            {
                Description = "Too many requests from this client address; the Retry-After header says after how many seconds to try again.",
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
                },
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
            };
        });

    /// <summary>A file with a strong ETag: If-None-Match with it answers 304 without a body.</summary>
    public static TBuilder ProducesNotModified<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            operation.Responses["304"] = new OpenApiResponse { Description = "Not Modified: If-None-Match named the file's current ETag." };
            return Task.CompletedTask;
        });

    /// <summary>The operation needs a signed-in session (cookie).</summary>
    public static TBuilder RequiresSession<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SessionScheme, context.Document)] = [] });
            return Task.CompletedTask;
        });

    /// <summary>The operation is public, but a signed-in session may see more (a learner's own or staff's view of a badge).</summary>
    public static TBuilder OptionalSession<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            operation.Security ??= [];
            operation.Security.Add([]);
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SessionScheme, context.Document)] = [] });
            return Task.CompletedTask;
        });

    /// <summary>The operation needs a wallet access token, Bearer or DPoP-bound.</summary>
    public static TBuilder RequiresWalletToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(WalletBearerScheme, context.Document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(WalletDpopScheme, context.Document)] = [] });
            return Task.CompletedTask;
        });

    /// <summary>An optional request header the operation reads (Accept negotiation, DPoP proof).</summary>
    public static TBuilder ReadsHeader<TBuilder>(this TBuilder builder, string name, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Header,
                Required = false,
                Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            return Task.CompletedTask;
        });
}

/// <summary>An OAuth 2.0 / OpenID4VCI / OpenID4VP error answer (RFC 6749 §5.2, VCI-6.6).</summary>
/// <param name="Error">The error code a wallet acts on, e.g. <c>invalid_proof</c>, <c>invalid_nonce</c>, <c>invalid_request</c>.</param>
/// <param name="ErrorDescription">A human-readable explanation (English).</param>
public sealed record OAuthErrorBody(
    [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
    [property: System.Text.Json.Serialization.JsonPropertyName("error_description")] string? ErrorDescription);
