namespace Laurel.Features.Backpack;

/// <summary>Something that reacts when a learner's set of valid credentials changes (e.g. pathway progress).</summary>
public interface IBackpackListener
{
    /// <summary>Called after the change is saved; must be safe to call more than once for the same change.</summary>
    Task CredentialsChangedAsync(Guid personId, CancellationToken ct);
}

/// <summary>
/// Tells every <see cref="IBackpackListener"/> that a learner imported or removed an imported credential. Called by the import
/// paths after they saved, so listeners see committed data. (Award changes are durable award events: <c>AwardEvents</c>.)
/// </summary>
public sealed class BackpackChanges(IEnumerable<IBackpackListener> listeners)
{
    public async Task NotifyAsync(Guid personId, CancellationToken ct)
    {
        foreach (var listener in listeners) await listener.CredentialsChangedAsync(personId, ct);
    }
}
