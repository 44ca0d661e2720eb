using Laurel.Features.Identity.ApiClients;

namespace Laurel.Tests.Identity;

/// <summary>
/// The node's short memory of active API clients (issue 18): it spares the active check's query for <see cref="ActiveApiClients.Lifetime"/>,
/// forgets a client revoked on this node at once (ApiClientTests: a revoked client's token is refused on its next request), and
/// never keeps an answer read before such a revocation. Another node that revoked it is seen here once the entry runs out.
/// </summary>
public sealed class ActiveApiClientsTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 7, 13, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void An_active_client_is_remembered_for_its_lifetime_only()
    {
        var clock = new ManualClock();
        var active = new ActiveApiClients(clock);
        Assert.False(active.IsKnownActive("sis"));
        active.Confirmed("sis", active.Generation);
        Assert.True(active.IsKnownActive("sis"));
        Assert.False(active.IsKnownActive("other"));
        clock.Now += ActiveApiClients.Lifetime - TimeSpan.FromMilliseconds(1);
        Assert.True(active.IsKnownActive("sis"));
        // Revoked on another node: this node asks the database again from here on.
        clock.Now += TimeSpan.FromMilliseconds(1);
        Assert.False(active.IsKnownActive("sis"));
    }

    [Fact]
    public void A_client_revoked_here_is_forgotten_at_once()
    {
        var active = new ActiveApiClients(new ManualClock());
        active.Confirmed("sis", active.Generation);
        active.Forget("sis");
        Assert.False(active.IsKnownActive("sis"));
    }

    [Fact]
    public void An_answer_read_before_a_revocation_is_not_kept()
    {
        var active = new ActiveApiClients(new ManualClock());
        var generation = active.Generation;  // the check starts and asks the database: active
        active.Forget("sis");                // meanwhile the client is revoked on this node
        active.Confirmed("sis", generation); // the check's (stale) answer arrives
        Assert.False(active.IsKnownActive("sis"));
        active.Confirmed("sis", active.Generation);
        Assert.True(active.IsKnownActive("sis"));
    }
}
