using System.Security.Claims;
using Laurel.Features.Identity;

using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Events;

/// <summary>
/// One transition of one award, as the caller knows it: the award after the change (tracked, or as it will be saved), who did it
/// and through what, and what the subscribers need so they don't read it again (definition, learner). <see cref="Details"/> is
/// what the audit entry records besides the action.
/// </summary>
public sealed record AwardChange(Award Award, AwardEventType Type)
{
    public ClaimsPrincipal? Actor { get; init; }
    /// <summary>Audit client: web, api, bulk, scheduler, pathways…</summary>
    public string Client { get; init; } = "web";
    public object? Details { get; init; }
    /// <summary>The definition (for its name in mail and webhooks); read when absent.</summary>
    public Achievement? Achievement { get; init; }
    /// <summary>The learner, when the caller has them; read from <see cref="Award.RecipientPersonId"/> when absent.</summary>
    public Person? Learner { get; init; }
    /// <summary>The reason staff gave (revocation, suspension), for the learner's e-mail and the webhook.</summary>
    public string? Reason { get; init; }
}

/// <summary>
/// A side effect of award transitions. <see cref="AwardEvents"/> calls every registered subscriber with the changes of one unit of
/// work; a subscriber only adds rows to the caller's <c>LaurelDb</c> (never saves), so what it adds commits with the transition or
/// not at all. Called with many changes at once for bulk paths: look things up once per call, not per change.
/// </summary>
public interface IAwardEventSubscriber
{
    Task OnChangesAsync(IReadOnlyList<AwardChange> changes, CancellationToken ct);
}
