using System.Text.Json;
using Laurel.Features.Awards;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Wallets.Authorization;

/// <summary>What the authorization page shows the signed-in learner.</summary>
public enum ConsentOutcome { Ask, Invalid, NotYours, OfferGone, NothingToGive }

/// <summary>The decision basis of one authorization request for one signed-in person.</summary>
public sealed record ConsentView(ConsentOutcome Outcome, PushedRequest? Request, Guid? OfferId, List<string> ConfigurationIds, List<string> BadgeNames);

/// <summary>
/// Decides what a wallet may get for the signed-in learner. With an <c>issuer_state</c> the learner must be the offer's
/// backpack owner (anti-QR-theft): anyone else is refused and the offer stays open for its owner. Without one, the grant is
/// the requested configurations of achievements the learner holds an issued award for.
/// </summary>
public sealed class WalletConsent(WalletAuthorizationRecords records, LaurelDb db, TimeProvider time, PublicOrigin origin)
{
    /// <summary>An authorization code lives this long: the wallet redeems it at once.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(60);

    public async Task<ConsentView> PrepareAsync(string? requestUri, string? clientId, Guid personId, CancellationToken ct)
    {
        var none = new ConsentView(ConsentOutcome.Invalid, null, null, [], []);
        if (Secret(requestUri) is not { } secret || await records.PeekAsync(WalletAuthorizationRecords.ParKind, secret, ct) is not { } payload)
            return none;
        var request = JsonSerializer.Deserialize<PushedRequest>(payload);
        if (request is null || request.ClientId != clientId) return none;
        List<string> configurations;
        Guid? offerId = null;
        if (request.IssuerState is { } issuerState)
        {
            var hash = WalletSecrets.Hash(issuerState);
            var offer = await db.WalletOffers.AsNoTracking().FirstOrDefaultAsync(o => o.IssuerStateHash == hash, ct);
            if (offer is null || !WalletAuthorizationRequests.IsLive(offer, time.GetUtcNow().UtcDateTime))
                return none with { Outcome = ConsentOutcome.OfferGone, Request = request };
            if (offer.PersonId != personId) return none with { Outcome = ConsentOutcome.NotYours, Request = request };
            offerId = offer.Id;
            configurations = request.ConfigurationIds.Count == 0 ? offer.ConfigurationIds
                : [.. request.ConfigurationIds.Intersect(offer.ConfigurationIds, StringComparer.Ordinal)];
        }
        else
        {
            var held = await db.Awards.Where(a => a.RecipientPersonId == personId && a.State == AwardState.Issued)
                .Select(a => a.AchievementId).Distinct().ToListAsync(ct);
            configurations = [.. request.ConfigurationIds.Where(id => WalletConfigurationId.TryParse(id, out var achievementId, out _) && held.Contains(achievementId))];
        }
        if (configurations.Count == 0) return none with { Outcome = ConsentOutcome.NothingToGive, Request = request };
        var achievementIds = configurations.Select(id => WalletConfigurationId.TryParse(id, out var a, out _) ? a : Guid.Empty).Distinct().ToList();
        var achievements = await db.Achievements.AsNoTracking().Where(a => achievementIds.Contains(a.Id)).ToListAsync(ct);
        var names = achievements.Select(a => a.TextForReader().Name).Order(StringComparer.CurrentCulture).ToList();
        return new ConsentView(ConsentOutcome.Ask, request, offerId, configurations, names);
    }

    /// <summary>Spends the request_uri and issues a code; the wallet's redirect URL, or null when the request was spent meanwhile.</summary>
    public async Task<string?> ApproveAsync(string requestUri, ConsentView view, Guid personId, CancellationToken ct)
    {
        var request = view.Request!;
        if (await records.SpendAsync(WalletAuthorizationRecords.ParKind, Secret(requestUri)!, ct) is null) return null;
        var code = WalletSecrets.NewSecret();
        var grant = new CodeGrant(personId, view.OfferId, view.ConfigurationIds, request.ClientId, request.RedirectUri, request.CodeChallenge,
            request.DpopJkt, request.UsedAuthorizationDetails);
        await records.TryAddAsync(WalletAuthorizationRecords.CodeKind, code, JsonSerializer.Serialize(grant), (time.GetUtcNow() + CodeLifetime).UtcDateTime, ct);
        return Redirect(request, ("code", code));
    }

    /// <summary>The learner said no: the request is spent and the wallet told access_denied.</summary>
    public async Task<string?> DenyAsync(string requestUri, ConsentView view, CancellationToken ct)
    {
        if (await records.SpendAsync(WalletAuthorizationRecords.ParKind, Secret(requestUri)!, ct) is null) return null;
        return Redirect(view.Request!, ("error", "access_denied"));
    }

    // RFC 6749 §4.1.2 with the iss parameter of RFC 9207 against mix-up.
    private string Redirect(PushedRequest request, (string Name, string Value) result)
    {
        var parameters = new List<(string, string)> { result };
        if (request.State is { } state) parameters.Add(("state", state));
        parameters.Add(("iss", origin.Root));
        var query = string.Join('&', parameters.Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2)));
        return request.RedirectUri + (request.RedirectUri.Contains('?') ? "&" : "?") + query;
    }

    private static string? Secret(string? requestUri) =>
        requestUri is { Length: > 0 and < 200 } && requestUri.StartsWith(WalletAuthorizationRequests.RequestUriPrefix, StringComparison.Ordinal)
            ? requestUri[WalletAuthorizationRequests.RequestUriPrefix.Length..] : null;
}
