using Laurel.Credentials.TokenStatusList;

namespace Laurel.Features.Publishing.Status;

/// <summary>
/// <c>GET /status/tokens/{listId}</c>: the signed Status List Token (<c>application/statuslist+jwt</c>, draft-ietf-oauth-status-list
/// §8), cacheable but always revalidated, like the Bitstring lists at <c>/status/{listId}</c>.
/// </summary>
internal static class TokenStatusListEndpoint
{
    /// <summary>The path of a list; also its token's <c>sub</c> and the <c>uri</c> in SD-JWT VCs.</summary>
    public static string Path(Guid listId) => $"/status/tokens/{listId}";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/status/tokens/{listId:guid}", async (Guid listId, HttpContext http, TokenStatusListPublisher publisher, CancellationToken ct) =>
        {
            var signed = await publisher.GetAsync(listId, ct);
            if (signed is null) return Results.NotFound();
            var headers = http.Response.Headers;
            headers.AccessControlAllowOrigin = "*";
            headers.ETag = signed.ETag;
            // no-cache = store but revalidate every time: a revocation shows on the very next request, unchanged lists cost a 304.
            headers.CacheControl = "no-cache";
            if (Laurel.Infrastructure.Web.ConditionalGet.Matches(http.Request, signed.ETag))
                return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Text(signed.Token, StatusListTokenWriter.MediaType);
        }).AllowAnonymous().WithName("TokenStatusList").WithTags("Publishing")
            .WithSummary("A signed IETF Token Status List (for SD-JWT VC credentials)")
            .Produces<string>(StatusCodes.Status200OK, "application/statuslist+jwt").Produces(StatusCodes.Status404NotFound);
}
