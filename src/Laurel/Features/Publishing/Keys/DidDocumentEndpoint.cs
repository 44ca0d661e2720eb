using System.Security.Cryptography;
using System.Text;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Multiformats;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Keys;

/// <summary>
/// <c>GET /institutions/{slug}/did.json</c>: the institution's did:web document with every key it ever signed with
/// (active and retired, Ed25519 z6Mk… and P-256 zDn… Multikeys) under assertionMethod, so credentials signed before a rotation keep verifying.
/// Archived institutions keep their document for the same reason.
/// </summary>
internal static class DidDocumentEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/institutions/{slug}/did.json", async (string slug, HttpContext http, LaurelDb db, PublicOrigin origin, IssuerKeyRing ring,
            CancellationToken ct) =>
        {
            var institutionId = await db.Institutions.Where(i => i.Slug == slug).Select(i => (Guid?)i.Id).SingleOrDefaultAsync(ct);
            if (institutionId is null) return Results.NotFound();
            var keys = await db.Set<IssuerKey>().AsNoTracking().Where(k => k.InstitutionId == institutionId)
                .OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).Select(k => new { k.KeyId, k.PublicKeyMultibase, k.Algorithm }).ToListAsync(ct);

            var builder = new DidDocumentBuilder(origin.InstitutionDid(slug));
            foreach (var key in keys)
            {
                if (key.Algorithm == IssuerKeyAlgorithm.Es256) builder.AddP256Key(ring.PublicP256Key(key.PublicKeyMultibase), key.KeyId, "assertionMethod");
                else builder.AddEd25519Key(Multikey.DecodeEd25519PublicKey(key.PublicKeyMultibase), key.KeyId, "assertionMethod");
            }
            var json = builder.Build().ToJsonString();

            var headers = http.Response.Headers;
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..32] + "\"";
            headers.AccessControlAllowOrigin = "*";
            headers.ETag = etag;
            // Revalidate every time (cheap with the ETag): a key added by rotation must be visible at once, or
            // credentials signed with it would fail for verifiers holding a cached copy.
            headers.CacheControl = "public, no-cache";
            if (ConditionalGet.Matches(http.Request, etag))
                return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Text(json, "application/did+json");
        }).AllowAnonymous().WithName("InstitutionDidDocument").WithTags("Publishing")
            .WithSummary("The institution's did:web DID document (current and rotated-out Ed25519 keys)")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/did+json").Produces(StatusCodes.Status404NotFound);
}
