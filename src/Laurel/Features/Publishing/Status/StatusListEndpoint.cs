namespace Laurel.Features.Publishing.Status;

/// <summary><c>GET /status/{listId}</c>: the signed BitstringStatusListCredential, cacheable but always revalidated.</summary>
internal static class StatusListEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/status/{listId:guid}", async (Guid listId, HttpContext http, StatusListPublisher publisher, CancellationToken ct) =>
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
            return Results.Text(signed.Json, "application/json");
        }).AllowAnonymous().WithName("StatusList").WithTags("Publishing")
            .WithSummary("A signed Bitstring Status List credential (revocation or suspension) of an institution")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json").Produces(StatusCodes.Status404NotFound);
}
