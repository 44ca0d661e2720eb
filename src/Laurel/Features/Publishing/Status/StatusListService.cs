using System.Text.Json.Nodes;

namespace Laurel.Features.Publishing.Status;

/// <summary>An index in the institution's revocation list and (same index) its suspension list.</summary>
public sealed record StatusAllocation(Guid RevocationListId, Guid SuspensionListId, int Index);

/// <summary>Bitstring Status Lists per institution (CONTRACT — the keys helper implements it).</summary>
public sealed class StatusListService
{
    /// <summary>Allocates the next free index, safe under concurrency across app nodes; opens new lists when one is full.</summary>
    public Task<StatusAllocation> AllocateAsync(Guid institutionId, CancellationToken ct) =>
        throw new InvalidOperationException("contract: implemented by the keys helper");

    /// <summary>The two BitstringStatusListEntry objects (revocation, suspension) to put in <c>credentialStatus</c>.</summary>
    public JsonArray CredentialStatusEntries(StatusAllocation allocation) =>
        throw new InvalidOperationException("contract: implemented by the keys helper");

    /// <summary>Sets or clears one bit; the served status list credential reflects it on the next request.</summary>
    public Task SetAsync(Guid listId, int index, bool value, CancellationToken ct) =>
        throw new InvalidOperationException("contract: implemented by the keys helper");
}
