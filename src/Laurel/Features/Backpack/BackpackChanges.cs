namespace Laurel.Features.Backpack;

/// <summary>Something that reacts when a learner's set of valid credentials changes (e.g. pathway progress).</summary>
public interface IBackpackListener
{
    /// <summary>Called after the change is saved; must be safe to call more than once for the same change.</summary>
    Task CredentialsChangedAsync(Guid personId, CancellationToken ct);

    /// <summary>
    /// Many learners received the same achievement at once (bulk award). The default tells each learner in turn; a listener
    /// that can rule the achievement out with one query should override this, so 10,000 rows don't cost 10,000 evaluations.
    /// </summary>
    async Task AchievementAwardedAsync(Guid achievementId, IReadOnlyCollection<Guid> personIds, CancellationToken ct)
    {
        foreach (var personId in personIds) await CredentialsChangedAsync(personId, ct);
    }
}

/// <summary>
/// Tells every <see cref="IBackpackListener"/> that a learner gained, lost or imported a credential. Called by the award,
/// claim, revocation and import paths after they saved, so listeners see committed data.
/// </summary>
public sealed class BackpackChanges(IEnumerable<IBackpackListener> listeners)
{
    public async Task NotifyAsync(Guid personId, CancellationToken ct)
    {
        foreach (var listener in listeners) await listener.CredentialsChangedAsync(personId, ct);
    }

    /// <summary>The batch form of <see cref="NotifyAsync"/> for one achievement awarded to many learners.</summary>
    public async Task NotifyAwardedAsync(Guid achievementId, IReadOnlyCollection<Guid> personIds, CancellationToken ct)
    {
        if (personIds.Count == 0) return;
        foreach (var listener in listeners) await listener.AchievementAwardedAsync(achievementId, personIds, ct);
    }
}
