using System.Collections.Concurrent;
using Laurel.Features.Wallets;

namespace Laurel.Testing;

/// <summary>
/// Test-only stand-in for the wallet status part (Features/Wallets/Status, built in parallel): records which copies were
/// stopped. Replace with the real <see cref="IWalletStatus"/> once merged (WalletOfferTests' stop-copy test then also checks the
/// copy's own status-list entry).
/// </summary>
public sealed class FakeWalletStatus : IWalletStatus
{
    private readonly ConcurrentQueue<Guid> _stopped = new();

    public IReadOnlyList<Guid> Stopped => [.. _stopped];

    public Task<CopyStatus> AllocateAsync(Guid institutionId, WalletCredentialFormat format, CancellationToken ct) =>
        Task.FromResult(new CopyStatus(null, null, null, null, null, null));

    public Task StopCopyAsync(Guid copyId, CancellationToken ct)
    {
        _stopped.Enqueue(copyId);
        return Task.CompletedTask;
    }
}

/// <summary>Laurel with <see cref="FakeWalletStatus"/> in place of the wallet status service, listening at its public origin.</summary>
public interface IWalletStandInHost
{
    LaurelHost Laurel { get; }
    FakeWalletStatus WalletStatus { get; }
}

public sealed class WalletSqliteHost() : LaurelHost(Db.Sqlite), IWalletStandInHost
{
    protected override Action<IServiceCollection>? ServiceOverrides => WalletStandIns.Register;
    protected override void Configure(Dictionary<string, string?> settings) => WalletStandIns.ListenWhereLinksPoint(settings);
    public FakeWalletStatus WalletStatus => Services.GetRequiredService<FakeWalletStatus>();
}

public sealed class WalletPostgresHost() : LaurelHost(Db.Postgres), IWalletStandInHost
{
    protected override Action<IServiceCollection>? ServiceOverrides => WalletStandIns.Register;
    protected override void Configure(Dictionary<string, string?> settings) => WalletStandIns.ListenWhereLinksPoint(settings);
    public FakeWalletStatus WalletStatus => Services.GetRequiredService<FakeWalletStatus>();
}

internal static class WalletStandIns
{
    /// <summary>
    /// Laurel listens at its public origin, so the addresses in offers and QR codes (built from it) reach this host, as a
    /// wallet would follow them.
    /// </summary>
    public static void ListenWhereLinksPoint(Dictionary<string, string?> settings)
    {
        var origin = $"http://127.0.0.1:{TestPorts.Free()}";
        settings["Laurel:PublicBaseUrl"] = origin;
        settings["Kestrel:Endpoints:Http:Url"] = origin;
    }

    public static void Register(IServiceCollection services) => services
        .AddSingleton<FakeWalletStatus>()
        .AddSingleton<IWalletStatus>(sp => sp.GetRequiredService<FakeWalletStatus>());
}
