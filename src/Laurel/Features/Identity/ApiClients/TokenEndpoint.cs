using System.Net.Http.Headers;
using System.Text;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity.ApiClients;

/// <summary>OAuth 2.0 client credentials (RFC 6749 §4.4) at <c>POST /oauth/token</c>, and <c>GET /api/v1/me</c> to test credentials.</summary>
public static class TokenEndpoint
{
    public static IEndpointRouteBuilder MapApiClients(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/oauth/token", IssueAsync).DisableAntiforgery().AllowAnonymous().WithTags("OAuth")
            .WithSummary("OAuth 2.0 token endpoint for integrations (client credentials grant; form-encoded, HTTP Basic client authentication)")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status400BadRequest, "application/json")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status401Unauthorized, "application/json");
        endpoints.MapGet("/api/v1/me", MeAsync).RequireAuthorization(ApiClientAuthentication.Policy).WithTags("API")
            .WithSummary("The API client the bearer token was issued to, and its institution and scopes")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden);
        return endpoints;
    }

    private static async Task<IResult> IssueAsync(HttpContext context, ApiClientService clients, TokenFailureLimiter failures)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasFormContentType) return Error(400, "invalid_request", "Send application/x-www-form-urlencoded.");
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (clientId, secret) = Credentials(context.Request, form);
        // Too many wrong secrets for this client or from this address: refused before the secret is even compared.
        var address = RateLimits.ClientAddress(context);
        if (failures.Refusal(clientId, address) is { } refusal) return new RateLimited(refusal);
        var client = clientId is null || secret is null ? null : await clients.AuthenticateAsync(clientId, secret, address, context.RequestAborted);
        if (client is null)
        {
            failures.RecordFailure(clientId, address);
            if (clientId is not null && secret is null) await clients.AuditFailureAsync(clientId, "no secret", address, context.RequestAborted);
            return Error(401, "invalid_client", "Client authentication failed.");
        }
        if (form["grant_type"].ToString() != "client_credentials")
            return Error(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");
        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requested.Except(client.Scopes).Any()) return Error(400, "invalid_scope", "A requested scope was not granted to this client.");
        var token = clients.IssueToken(client, requested.Length > 0 ? requested : client.Scopes);
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token.AccessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = token.ExpiresIn,
            ["scope"] = string.Join(' ', token.Scopes),
        });
    }

    // Client authentication by HTTP Basic (preferred by RFC 6749) or by form fields.
    private static (string? ClientId, string? Secret) Credentials(HttpRequest request, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is not null)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter)).Split(':', 2);
                return pair.Length == 2 ? (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])) : (null, null);
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }
        var id = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        return (id.Length > 0 ? id : null, secret.Length > 0 ? secret : null);
    }

    private static IResult Error(int status, string error, string description) => new OAuthError(status, error, description);

    private sealed class RateLimited(System.Threading.RateLimiting.RateLimitLease lease) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            using (lease) await RateLimitRejection.WriteAsync(context, lease);
        }
    }

    private sealed class OAuthError(int status, string error, string description) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            if (status == 401) context.Response.Headers.WWWAuthenticate = "Basic realm=\"laurel\"";
            return Results.Json(new { error, error_description = description }, statusCode: status).ExecuteAsync(context);
        }
    }

    private static async Task<IResult> MeAsync(HttpContext context, LaurelDb db)
    {
        var clientId = context.User.FindFirst(ApiClientAuthentication.ClientIdClaim)!.Value;
        var client = await db.ApiClients.Where(c => c.ClientId == clientId)
            .Join(db.Institutions, c => c.InstitutionId, i => i.Id, (c, i) => new { c.Name, c.Scopes, i.Id, i.Slug, i.NameNl, i.NameEn, i.Identifier })
            .FirstAsync(context.RequestAborted);
        return Results.Ok(new
        {
            clientId,
            name = client.Name,
            scopes = context.User.FindAll(ApiClientAuthentication.ScopeClaim).Select(c => c.Value),
            institution = new { id = client.Id, slug = client.Slug, identifier = client.Identifier, name = new { nl = client.NameNl, en = client.NameEn } },
        });
    }
}
