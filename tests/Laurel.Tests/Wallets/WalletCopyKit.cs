using Laurel.Features.Awards;
using Laurel.Features.Wallets;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Wallets;

/// <summary>Wallet copies made directly (as the issuer part will once merged): status entries from IWalletStatus, then the row.</summary>
internal static class WalletCopyKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<WalletCopy> AddCopyAsync(this LaurelHost host, Guid awardId, WalletCredentialFormat format)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var award = await db.Awards.AsNoTracking().SingleAsync(a => a.Id == awardId, Ct);
        var status = await scope.ServiceProvider.GetRequiredService<IWalletStatus>().AllocateAsync(award.InstitutionId, format, Ct);
        var copy = new WalletCopy
        {
            Id = Guid.CreateVersion7(), AwardId = awardId, InstitutionId = award.InstitutionId, Format = format,
            ConfigurationId = WalletConfigurationId.For(award.AchievementId, format), Protocol = "pre-authorized_code",
            HolderKeyThumbprint = Guid.NewGuid().ToString("N"), NotificationId = Guid.NewGuid().ToString("N"),
            TokenStatusListId = status.TokenStatusListId, TokenStatusIndex = status.TokenStatusIndex,
            RevocationListId = status.RevocationListId, SuspensionListId = status.SuspensionListId, StatusIndex = status.StatusIndex,
            IssuedAt = DateTime.UtcNow,
        };
        db.WalletCopies.Add(copy);
        await db.SaveChangesAsync(Ct);
        return copy;
    }

    /// <summary>Staff suspend, reinstate, revoke or withdraw through the real service.</summary>
    public static async Task ChangeAsync(this LaurelHost host, Guid awardId, AwardStatusAction action)
    {
        var awarder = await host.StaffAsync("a.bakker@uu.example");
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<RevokeAndSuspend>();
        var award = await service.FindAsync(awardId, Ct);
        var reason = action == AwardStatusAction.Reinstate ? null : "Wallet status test";
        Assert.Empty(await service.ApplyAsync(awarder, award!, action, reason, "web", Ct));
    }

    public static async Task StopAsync(this LaurelHost host, Guid copyId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IWalletStatus>().StopCopyAsync(copyId, Ct);
    }
}
