using System.Security.Claims;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Backpack;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Laurel.Features.Wallets.Offers;

/// <summary>Why no offer was made.</summary>
public enum OfferRefusal { NotFound, NotIssued, TooMany }

/// <summary>A new offer with its secrets (shown once on the learner's screen), or why there is none.</summary>
public sealed record OfferOutcome(WalletOffer? Offer, OfferRefusal? Refusal)
{
    public static OfferOutcome Refused(OfferRefusal refusal) => new(null, refusal);
}

/// <summary>
/// One offer as its owner sees it: where it stands, and while it is open the tx_code and the addresses a wallet needs.
/// </summary>
public sealed record OfferView(WalletOffer Offer, WalletOfferState State, string? TxCode, string InteractionUrl, string OpenId4VciLink)
{
    public bool IsOpen => WalletOfferService.IsOpen(State);
}

/// <summary>
/// "Add to wallet": makes the OpenID4VCI credential offer (pre-authorized code with tx_code, VCI-3.1/3.3) for an award the
/// signed-in learner holds and that is issued, and shows the learner their offers and wallet copies. Redeeming an offer is
/// the token, credential and exchange endpoints' business; here it is only made, expired and read.
/// </summary>
public sealed class WalletOfferService(LaurelDb db, TimeProvider clock, IDataProtectionProvider protection, AuditLog audit,
    IOptions<WalletOfferOptions> options, PublicOrigin origin)
{
    public const string OfferCreatedAction = "wallet.offer-created";

    private WalletOfferOptions Options => options.Value;

    /// <summary>
    /// A new offer of all three forms of the award's achievement, for its owner only and only while the award is issued (not
    /// suspended, revoked, expired, declined or waiting for its claim). Older open offers beyond the limit expire at once.
    /// </summary>
    public Task<OfferOutcome> CreateAsync(ClaimsPrincipal learner, Guid awardId, CancellationToken ct) => CreateAsync(learner, awardId, retry: true, ct);

    private async Task<OfferOutcome> CreateAsync(ClaimsPrincipal learner, Guid awardId, bool retry, CancellationToken ct)
    {
        if (StaffAccess.PersonId(learner) is not { } personId) return OfferOutcome.Refused(OfferRefusal.NotFound);
        var award = await db.Awards.AsNoTracking()
            .Where(a => a.Id == awardId && a.RecipientPersonId == personId && a.State != AwardState.Scheduled)
            .Select(a => new { a.InstitutionId, a.AchievementId, a.State, a.IssuedAt, a.Achievement!.Kind, a.Achievement.ValidForDays })
            .FirstOrDefaultAsync(ct);
        if (award is null) return OfferOutcome.Refused(OfferRefusal.NotFound);
        var now = clock.GetUtcNow().UtcDateTime;
        // The backpack's own reading of the award's state, so "issued" means the same here as on the badge's page.
        DateTime? validUntil = award.Kind != AchievementKind.MicroCredential && award.ValidForDays is { } days ? award.IssuedAt.AddDays(days) : null;
        var state = BackpackEntry.StateOf(award.State, validUntil, now);
        if (state is null) return OfferOutcome.Refused(OfferRefusal.NotFound);
        if (state != BackpackState.Issued) return OfferOutcome.Refused(OfferRefusal.NotIssued);

        var hourAgo = now.AddHours(-1);
        if (await db.WalletOffers.CountAsync(o => o.AwardId == awardId && o.CreatedAt > hourAgo, ct) >= Options.MaxPerAwardPerHour)
            return OfferOutcome.Refused(OfferRefusal.TooMany);

        // Only offers nobody redeemed yet expire: a wallet that already holds a token finishes its own issuance.
        var open = await db.WalletOffers
            .Where(o => o.AwardId == awardId && (o.State == WalletOfferState.Offered || o.State == WalletOfferState.Fetched) && o.ExpiresAt > now)
            .OrderByDescending(o => o.CreatedAt)
            .ToListAsync(ct);
        var superseded = open.Skip(Math.Max(Options.MaxOpenPerAward - 1, 0)).ToList();
        foreach (var old in superseded)
        {
            old.State = WalletOfferState.Expired;
            old.ExpiresAt = now;
            old.Version++;
        }

        var secrets = WalletOfferSecrets.Create(withTxCode: true);
        var offer = new WalletOffer
        {
            // A random (v4) id: the offer's addresses carry it, and whoever knows them can fetch the offer.
            Id = Guid.NewGuid(),
            AwardId = awardId,
            PersonId = personId,
            InstitutionId = award.InstitutionId,
            ConfigurationIds =
            [
                WalletConfigurationId.For(award.AchievementId, WalletCredentialFormat.SdJwtVc),
                WalletConfigurationId.For(award.AchievementId, WalletCredentialFormat.LdpVc),
                WalletConfigurationId.For(award.AchievementId, WalletCredentialFormat.JwtVcJson),
            ],
            PreAuthorizedCodeHash = WalletSecrets.Hash(secrets.PreAuthorizedCode),
            TxCodeHash = secrets.TxCode is { } txCode ? WalletSecrets.Hash(txCode) : null,
            IssuerStateHash = WalletSecrets.Hash(secrets.IssuerState),
            ProtectedSecrets = secrets.Protect(protection),
            State = WalletOfferState.Offered,
            CreatedAt = now,
            ExpiresAt = now + Options.Lifetime,
        };
        db.WalletOffers.Add(offer);
        audit.Add(learner, OfferCreatedAction, nameof(WalletOffer), offer.Id, award.InstitutionId,
            new { awardId, offer.ExpiresAt, offer.ConfigurationIds, expired = superseded.Select(o => o.Id) });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException) when (retry)
        {
            // A wallet redeemed one of the older offers at this moment: that one is no longer open; count again.
            db.ChangeTracker.Clear();
            return await CreateAsync(learner, awardId, retry: false, ct);
        }
        return new OfferOutcome(offer, null);
    }

    /// <summary>The newest offer of the owner's award (open or not), with its tx_code while it is open; null when there is none.</summary>
    public async Task<OfferView?> NewestAsync(Guid personId, Guid awardId, CancellationToken ct)
    {
        var offer = await db.WalletOffers.AsNoTracking()
            .Where(o => o.AwardId == awardId && o.PersonId == personId)
            .OrderByDescending(o => o.CreatedAt)
            .FirstOrDefaultAsync(ct);
        return offer is null ? null : View(offer);
    }

    /// <summary>One offer of the owner's award, or null (unknown, or someone else's).</summary>
    public async Task<OfferView?> FindAsync(Guid personId, Guid awardId, Guid offerId, CancellationToken ct)
    {
        var offer = await db.WalletOffers.AsNoTracking()
            .FirstOrDefaultAsync(o => o.Id == offerId && o.AwardId == awardId && o.PersonId == personId, ct);
        return offer is null ? null : View(offer);
    }

    /// <summary>The wallet copies of an award of the person, newest first; empty for anyone else's award.</summary>
    public async Task<List<WalletCopy>> CopiesAsync(Guid personId, Guid awardId, CancellationToken ct) =>
        await db.WalletCopies.AsNoTracking()
            .Where(c => c.AwardId == awardId && db.Awards.Any(a => a.Id == awardId && a.RecipientPersonId == personId))
            .OrderByDescending(c => c.IssuedAt)
            .ToListAsync(ct);

    /// <summary>The state the learner sees: an offer past its time is expired even before anything marks it so.</summary>
    public static WalletOfferState Effective(WalletOffer offer, DateTime now) =>
        IsOpen(offer.State) && offer.ExpiresAt <= now ? WalletOfferState.Expired : offer.State;

    /// <summary>Open: a wallet may still start with it (nobody redeemed its code yet).</summary>
    public static bool IsOpen(WalletOfferState state) => state is WalletOfferState.Offered or WalletOfferState.Fetched;

    private OfferView View(WalletOffer offer)
    {
        var state = Effective(offer, clock.GetUtcNow().UtcDateTime);
        var txCode = IsOpen(state) ? WalletOfferSecrets.Unprotect(protection, offer.ProtectedSecrets).TxCode : null;
        return new OfferView(offer, state, txCode, WalletOfferLinks.Interaction(origin, offer.Id), WalletOfferLinks.OpenId4Vci(origin, offer.Id));
    }
}
