using System.Text.Json.Nodes;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Wallets.Exchanges;

/// <summary>
/// The VC-API exchange of an offer (VCALM, for the DCC Learner Credential Wallet) at <see cref="WalletRoutes.ExchangePath"/>:
/// <c>POST {}</c> answers a verifiable presentation request for DID authentication (did:key) with a challenge and domain;
/// <c>POST {"verifiablePresentation": …}</c> checks the holder's signed presentation with Laurel's own verifier, then issues the
/// Data Integrity form bound to the holder's DID with a status entry of its own, records the wallet copy and closes the offer.
/// Every refusal is a ProblemDetails with a stable <c>code</c> and changes nothing.
/// </summary>
public static class VcApiExchange
{
    /// <summary>A DID-authentication presentation is a few kilobytes; anything this big is not one.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonBodyRules BodyRules = new() { MaxBytes = MaxBodyBytes, MaxDepth = 32 };

    /// <summary>The offer states in which the exchange may still issue (the OpenID4VCI side has not taken it).</summary>
    private static readonly WalletOfferState[] Open = [WalletOfferState.Offered, WalletOfferState.Fetched];

    public static IServiceCollection AddVcApiExchange(this IServiceCollection services) => services.AddSingleton<ExchangeChallenge>();

    public static IEndpointRouteBuilder MapVcApiExchange(this IEndpointRouteBuilder app)
    {
        // Each POST with a presentation verifies its signatures: the wallet issuance budget per client address (issue 12, finding 3).
        app.MapPost("/wallet/exchanges/{offerId}", ExchangeAsync).AllowAnonymous().DisableAntiforgery()
            .RequireRateLimiting(RateLimits.WalletIssuance)
            .WithTags(OpenApiDocs.WalletExchangeTag)
            .WithName("WalletIssuanceExchange")
            .WithSummary("Receive the offered badge through a VC API exchange (VCALM, DCC Learner Credential Wallet): {} asks for DID authentication, the signed presentation issues")
            .WithDescription("offerId is the 32-hex id of the learner's \"Add to wallet\" offer. POST {} answers a verifiablePresentationRequest "
                + "(DIDAuthentication with did:key, eddsa-rdfc-2022, challenge, domain); POST {verifiablePresentation} signed over them issues the "
                + "credential bound to the holder's DID with its own status entry and closes the offer. Body: a JSON object of at most 64 KB. "
                + "Every refusal is a ProblemDetails with a stable code extension and changes nothing.")
            .AddOpenApiOperationTransformer(OpenApiJsonBody.Of<ExchangeMessage>())
            .Produces<ExchangeAnswer>(StatusCodes.Status200OK, "application/json")
            .DescribeResponse(StatusCodes.Status200OK, "{verifiablePresentationRequest} for {}; {verifiablePresentation} with the issued credential for a signed presentation.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .DescribeResponse(StatusCodes.Status400BadRequest, "exchange.malformed, exchange.presentation-invalid or exchange.challenge-invalid.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .DescribeResponse(StatusCodes.Status409Conflict, "exchange.used or exchange.not-issuable: the offer was used, or its badge can no longer be issued.")
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesTooManyRequests();
        return app;
    }

    private static async Task<IResult> ExchangeAsync(string offerId, HttpContext context, LaurelDb db, ExchangeChallenge challenges,
        VerificationService verification, [FromServices] IWalletStatus walletStatus, [FromServices] IWalletCredentialFactory factory, PublicOrigin origin, TimeProvider clock,
        CancellationToken ct)
    {
        context.Response.Headers.CacheControl = "no-store";
        var read = await JsonBody.ReadNodeAsync(context, BodyRules, e => e.Fault switch
        {
            JsonBodyFault.UnsupportedMediaType => new("Unsupported media type", "Send the exchange message as application/json."),
            JsonBodyFault.TooLarge => new("Request too large", $"An exchange message is at most {MaxBodyBytes / 1024} KB."),
            _ => new("Malformed request", "The body is not valid JSON or nests too deeply."),
        });
        if (read.Problem is not null) return read.ProblemResult();
        if (read.Value is not JsonObject body) return Problem(context, 400, "exchange.malformed", "The exchange message must be a JSON object.");

        if (offerId.Length != 32 || !Guid.TryParseExact(offerId, "N", out var id)
            || await db.WalletOffers.FirstOrDefaultAsync(o => o.Id == id, ct) is not { } offer)
            return Problem(context, 404, "exchange.unknown", "There is no such exchange. Ask the learner for a new \"Add to wallet\" code.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (offer.State == WalletOfferState.Expired || (Open.Contains(offer.State) && offer.ExpiresAt <= now))
            return Problem(context, 410, "exchange.expired", "This exchange has expired. Ask the learner for a new \"Add to wallet\" code.");
        if (!Open.Contains(offer.State))
            return Problem(context, 409, "exchange.used", "This exchange has already been used; each \"Add to wallet\" code issues one credential.");

        if (!body.ContainsKey("verifiablePresentation"))
            return TypedResults.Json(new JsonObject { ["verifiablePresentationRequest"] = Request(challenges.Create(offer.Id, offer.ExpiresAt), Domain(origin)) });

        if (body["verifiablePresentation"] is not JsonObject presentation)
            return Problem(context, 400, "exchange.presentation-invalid", "verifiablePresentation must be a presentation object.");
        var challenge = ProofChallenge(presentation);
        if (!challenges.IsValid(challenge, offer.Id))
            return Problem(context, 400, "exchange.challenge-invalid",
                "The presentation's proof does not carry a valid challenge of this exchange: send POST {} for a new request and sign its challenge.");
        var report = await verification.VerifyPresentationAsync(presentation, challenge, Domain(origin), ct);
        var holder = report.HolderId;
        if (report.Verdict != Verdict.Valid || report.Check(CheckIds.Holder)?.Outcome != CheckOutcome.Passed
            || holder is null || !holder.StartsWith(DidKey.Prefix, StringComparison.Ordinal))
            return Problem(context, 400, "exchange.presentation-invalid", "The presentation must be signed by its holder's did:key, with this exchange's challenge and domain. "
                + string.Join(" ", report.Checks.Where(c => c.Outcome != CheckOutcome.Passed && c.Outcome != CheckOutcome.Skipped).Select(c => c.Detail)));

        var award = await db.Awards.AsNoTracking().FirstOrDefaultAsync(a => a.Id == offer.AwardId, ct);
        var configuration = award is null ? null : WalletConfigurationId.For(award.AchievementId, WalletCredentialFormat.LdpVc);
        if (award is null || award.State != AwardState.Issued || award.RecipientPersonId != offer.PersonId || !offer.ConfigurationIds.Contains(configuration!))
            return Problem(context, 409, "exchange.not-issuable",
                "This badge cannot be issued through this exchange now (it is revoked or suspended, or this offer has no Data Integrity form).");

        // The status index commits on its own (like an award's); one left unused when the save below loses a race is harmless.
        var status = await walletStatus.AllocateAsync(award.InstitutionId, WalletCredentialFormat.LdpVc, ct);
        JsonObject jwk;
        using (var holderKey = Ed25519Key.FromPublicKey(DidKey.PublicKeyOf(holder))) jwk = Ed25519Jwk.Export(holderKey);
        var key = new HolderKey(jwk, JwkThumbprint.Compute(jwk), holder);
        var credential = await factory.IssueAsync(award, WalletCredentialFormat.LdpVc, key, status, ct);

        db.WalletCopies.Add(new WalletCopy
        {
            Id = Guid.CreateVersion7(), AwardId = award.Id, InstitutionId = award.InstitutionId, OfferId = offer.Id,
            Format = WalletCredentialFormat.LdpVc, ConfigurationId = configuration!, Protocol = "vcapi",
            HolderKeyThumbprint = key.Thumbprint, HolderDid = holder,
            RevocationListId = status.RevocationListId, SuspensionListId = status.SuspensionListId, StatusIndex = status.StatusIndex,
            TokenStatusListId = status.TokenStatusListId, TokenStatusIndex = status.TokenStatusIndex,
            NotificationId = WalletSecrets.NewSecret(), IssuedAt = now,
        });
        offer.State = WalletOfferState.Issued;
        offer.IssuedAt = now;
        offer.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another wallet (or the OpenID4VCI side) took the offer between our read and this save: it stays theirs.
            return Problem(context, 409, "exchange.used", "This exchange has already been used; each \"Add to wallet\" code issues one credential.");
        }
        return TypedResults.Json(new JsonObject
        {
            ["verifiablePresentation"] = new JsonObject
            {
                ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
                ["type"] = new JsonArray("VerifiablePresentation"),
                ["verifiableCredential"] = new JsonArray(credential),
            },
        });
    }

    /// <summary>The VCALM verifiable presentation request: DID authentication with a did:key (what the DCC wallet holds).</summary>
    private static JsonObject Request(string challenge, string domain) => new()
    {
        ["query"] = new JsonArray(new JsonObject
        {
            ["type"] = "DIDAuthentication",
            ["acceptedMethods"] = new JsonArray(new JsonObject { ["method"] = "key" }),
            ["acceptedCryptosuites"] = new JsonArray(new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" }),
        }),
        ["challenge"] = challenge,
        ["domain"] = domain,
    };

    /// <summary>The proof's domain: Laurel's public origin (the host the wallet talks to).</summary>
    private static string Domain(PublicOrigin origin) => origin.Root;

    private static string? ProofChallenge(JsonObject presentation)
    {
        var proof = presentation["proof"] switch { JsonObject one => one, JsonArray many => many.OfType<JsonObject>().FirstOrDefault(), _ => null };
        return proof?["challenge"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    private static IResult Problem(HttpContext context, int status, string code, string detail) => TypedResults.Problem(new ProblemDetails
    {
        Status = status,
        Title = status switch { 404 => "Unknown exchange", 409 => "Exchange not available", 410 => "Exchange expired", _ => "Exchange refused" },
        Detail = detail,
        Type = ProblemTypes.For(context, code),
        Extensions = { ["code"] = code },
    });
}
