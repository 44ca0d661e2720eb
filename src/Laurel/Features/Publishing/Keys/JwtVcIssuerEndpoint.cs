using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Features.Wallets;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Keys;

/// <summary>
/// JWT VC Issuer Metadata (SD-JWT VC §5): <c>GET /.well-known/jwt-vc-issuer/oid4vci/{slug}</c> — the well-known path inserted
/// before the path of the issuer identifier <c>{origin}/oid4vci/{slug}</c> (<see cref="WalletRoutes.IssuerPath"/>), which is the
/// <c>iss</c> of the institution's SD-JWT VCs. Lists every ES256 key (active and retired, so SD-JWT VCs issued before a
/// rotation keep verifying) with <c>kid</c> = the key's zDn… multibase, the same string as its did.json fragment.
/// </summary>
internal static class JwtVcIssuerEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/.well-known/jwt-vc-issuer/oid4vci/{slug}", async (string slug, HttpContext http, LaurelDb db, PublicOrigin origin,
            IssuerKeyRing ring, CancellationToken ct) =>
        {
            var institutionId = await db.Institutions.Where(i => i.Slug == slug).Select(i => (Guid?)i.Id).SingleOrDefaultAsync(ct);
            if (institutionId is null) return Results.NotFound();
            var keys = await db.Set<IssuerKey>().AsNoTracking()
                .Where(k => k.InstitutionId == institutionId && k.Algorithm == IssuerKeyAlgorithm.Es256)
                .OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).Select(k => new { k.KeyId, k.PublicKeyMultibase }).ToListAsync(ct);

            var jwks = new JsonArray();
            foreach (var key in keys)
            {
                var jwk = P256Jwk.Export(ring.PublicP256Key(key.PublicKeyMultibase));
                jwk["kid"] = key.KeyId;
                jwk["alg"] = Es256JwsKey.Name;
                jwk["use"] = "sig";
                jwks.Add(jwk);
            }
            var json = new JsonObject { ["issuer"] = origin.Url(WalletRoutes.IssuerPath(slug)), ["jwks"] = new JsonObject { ["keys"] = jwks } }
                .ToJsonString();

            var headers = http.Response.Headers;
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..32] + "\"";
            headers.AccessControlAllowOrigin = "*";
            headers.ETag = etag;
            // As did.json: revalidate every time, so a key made by rotation is seen at once.
            headers.CacheControl = "public, no-cache";
            if (ConditionalGet.Matches(http.Request, etag))
                return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Text(json, "application/json");
        }).AllowAnonymous().WithName("JwtVcIssuerMetadata").WithTags("Publishing")
            .WithSummary("SD-JWT VC issuer metadata (JWT VC Issuer Metadata) with the institution's signing keys")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json").Produces(StatusCodes.Status404NotFound);
}
