using System.Text.Json.Nodes;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Wallets.Issuance;

/// <summary>
/// <c>POST /oid4vci/{slug}/notification</c> (VCI-6.8): the wallet says it stored, deleted or failed to store the credentials
/// of one credential response. Needs the access token; only the token holder's own copies are found. Idempotent, 204.
/// </summary>
public static class NotificationEndpoint
{
    public static readonly string[] Events = ["credential_accepted", "credential_failure", "credential_deleted"];
    private static readonly JsonBodyRules Body = new() { MaxBytes = 8 * 1024, MaxDepth = 8, MediaTypes = ["application/json"] };

    public static async Task<IResult> PostAsync(string slug, HttpContext http, LaurelDb db, IssuerMetadata metadata, IWalletAccessTokens tokens,
        PublicOrigin origin, TimeProvider clock, CancellationToken ct)
    {
        var institution = await metadata.InstitutionAsync(slug, ct);
        if (institution is null) return OAuthErrors.Error(http, 404, "not_found", "There is no Credential Issuer here.");
        var access = await tokens.ValidateAsync(http.Request, origin.Url(WalletRoutes.NotificationPath(slug)), ct);
        if (access.Grant is not { } grant)
            return OAuthErrors.TokenError(http, access.Error ?? OAuthErrors.InvalidToken, access.ErrorDescription ?? "The access token is not valid.", access.StatusCode);

        var read = await JsonBody.ReadNodeAsync(http, Body, _ => new JsonBodyText("The notification must be a small application/json object."));
        if (read.Problem is { } problem)
            return OAuthErrors.Error(http, problem.Status ?? 400, OAuthErrors.InvalidNotificationRequest, problem.Title ?? "Unreadable notification.");
        if (read.Value is not JsonObject request
            || request["notification_id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var notificationId)
            || request["event"] is not JsonValue eventValue || !eventValue.TryGetValue<string>(out var notificationEvent)
            || !Events.Contains(notificationEvent))
            return OAuthErrors.Error(http, 400, OAuthErrors.InvalidNotificationRequest,
                "A notification needs notification_id and an event: credential_accepted, credential_failure or credential_deleted.");

        // notification_id names one credential response; its copies carry "{id}.{n}".
        var copies = notificationId.Length == 32 && notificationId.All(char.IsAsciiHexDigitLower)
            ? await db.WalletCopies.Where(c => c.InstitutionId == institution.Id && c.NotificationId.StartsWith(notificationId + ".")
                    && db.Awards.Any(a => a.Id == c.AwardId && a.RecipientPersonId == grant.PersonId))
                .ToListAsync(ct)
            : [];
        if (copies.Count == 0)
            return OAuthErrors.Error(http, 400, OAuthErrors.InvalidNotificationId, "This notification_id is unknown.");

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var copy in copies)
        {
            copy.LastNotificationEvent = notificationEvent;
            copy.NotifiedAt = now;
        }
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            var offerIds = copies.Where(c => c.OfferId is not null).Select(c => c.OfferId!.Value).Distinct().ToList();
            if (notificationEvent == "credential_accepted" && offerIds.Count > 0)
                await db.WalletOffers.Where(o => offerIds.Contains(o.Id) && o.State == WalletOfferState.Issued)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, WalletOfferState.Acknowledged).SetProperty(o => o.AcknowledgedAt, now)
                        .SetProperty(o => o.Version, o => o.Version + 1), ct);
            await transaction.CommitAsync(ct);
        }
        OAuthErrors.NoStore(http);
        return Results.NoContent();
    }
}
