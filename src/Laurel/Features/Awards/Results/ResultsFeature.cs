// Namespace Completions, not Results: a namespace named Results would hide ASP.NET's static Results class in Laurel.Features.Awards.
using Laurel.Features.Identity.ApiClients;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Laurel.Features.Awards.Results;

/// <summary>The results API (completions from SIS/LMS) and its OpenAPI description, including the OAuth 2.0 security scheme.</summary>
public static class ResultsFeature
{
    public const string SecuritySchemeName = "clientCredentials";

    public static IServiceCollection AddResultsFeature(this IServiceCollection services)
    {
        services.AddScoped<CompletionService>().AddScoped<IdempotencyStore>().AddScoped<AwardGroupWriter>().AddSingleton<AwardGroupCommitter>()
            .AddSingleton<CompletionCoalescer>();
        services.Configure<OpenApiOptions>("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "OAuth 2.0 client credentials (RFC 6749 §4.4) of an API client of the institution, managed by its institution administrators. Send the access token as a Bearer token.",
                    Flows = new OpenApiOAuthFlows
                    {
                        ClientCredentials = new OpenApiOAuthFlow
                        {
                            TokenUrl = new Uri("/oauth/token", UriKind.Relative),
                            Scopes = new Dictionary<string, string>
                            {
                                [ApiScopes.ResultsWrite] = "Report completions (results API); awards them.",
                                [ApiScopes.AwardsWrite] = "Issue and change awards (VC-API).",
                                [ApiScopes.AwardsRead] = "Read awards.",
                                [ApiScopes.RecognitionRead] = "Read decided exemptions (recognition API).",
                            },
                        },
                    },
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.RelativePath?.StartsWith("api/v1/completions", StringComparison.Ordinal) == true)
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(SecuritySchemeName, context.Document)] = [ApiScopes.ResultsWrite],
                    });
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }
}
