using System.Collections.Concurrent;

namespace Laurel.Features.Publishing.Status;

/// <summary>
/// This node's blocks of status-list positions (one per institution), taken from the database <see cref="BlockSize"/> at a time by
/// <see cref="StatusListService.AllocateAsync"/>: one committed <c>UPDATE … RETURNING</c> per block instead of one per award, so
/// concurrent awards no longer queue on the list's counter row. A block is committed before any of it is handed out, so no other
/// node (or restart) gets those positions again; what a node had left when it stops is simply never used, which is harmless.
/// </summary>
public sealed class StatusIndexBlocks
{
    /// <summary>Positions taken per round trip: at 600 awards/s one allocation every ≈ 0.4 s; at most this many unused per restart.</summary>
    public const int BlockSize = 256;

    private readonly ConcurrentDictionary<Guid, Block> _blocks = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _refills = new();

    /// <summary>The one refill of an institution's block at a time on this node (others wait and then take from the new block).</summary>
    internal SemaphoreSlim RefillLock(Guid institutionId) => _refills.GetOrAdd(institutionId, _ => new SemaphoreSlim(1, 1));

    /// <summary>The next position of the institution's block, or null when there is none left.</summary>
    internal StatusAllocation? TryTake(Guid institutionId) => _blocks.TryGetValue(institutionId, out var block) ? block.TryTake() : null;

    internal void Put(Guid institutionId, Block block) => _blocks[institutionId] = block;

    /// <summary>Positions <paramref name="first"/> up to (not including) <paramref name="end"/> of one revocation list and its paired
    /// suspension list; each position is mapped through the list's privacy permutation when handed out.</summary>
    internal sealed class Block(Guid listId, Guid pairedListId, byte[] permutationKey, int capacity, int first, int end)
    {
        private int _next = first - 1;

        public StatusAllocation? TryTake()
        {
            var position = Interlocked.Increment(ref _next);
            return position < end ? new(listId, pairedListId, StatusIndexPermutation.Map(permutationKey, position, capacity)) : null;
        }
    }
}
