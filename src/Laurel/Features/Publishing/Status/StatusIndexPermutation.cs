using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Laurel.Features.Publishing.Status;

/// <summary>
/// A keyed bijection from allocation order (0, 1, 2, …) to list index in [0, capacity): a 4-round Feistel network
/// with HMAC-SHA256 rounds over the smallest even-bit domain that holds the capacity, with cycle-walking to stay
/// inside it. Bijective, so no index is ever handed out twice; keyed, so indexes reveal nothing about issuance order
/// (Bitstring Status List privacy advice: assign indexes randomly, vc-data-integrity.md SL-6.1 / DI-P5).
/// </summary>
public static class StatusIndexPermutation
{
    private const int Rounds = 4;

    public static int Map(ReadOnlySpan<byte> key, int sequence, int capacity)
    {
        Check(sequence, 1, capacity);
        var half = Half(capacity);
        var value = sequence;
        // Cycle-walking: a permutation of [0, 2^bits) restricted to [0, capacity) stays a permutation.
        do value = Encrypt(null, key, value, half); while (value >= capacity);
        return value;
    }

    /// <summary>
    /// <see cref="Map"/> of <paramref name="first"/>, <paramref name="first"/> + 1, … into <paramref name="destination"/> (a bulk
    /// upload's range of indexes): the same values, with one keyed HMAC instance for the whole range instead of a new one per round.
    /// </summary>
    public static void MapRange(byte[] key, int first, int capacity, Span<int> destination)
    {
        Check(first, destination.Length, capacity);
        var half = Half(capacity);
        using var hmac = new HMACSHA256(key);
        for (var i = 0; i < destination.Length; i++)
        {
            var value = first + i;
            do value = Encrypt(hmac, key, value, half); while (value >= capacity);
            destination[i] = value;
        }
    }

    private static void Check(int first, int count, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + count, capacity);
    }

    private static int Half(int capacity)
    {
        var bits = 32 - int.LeadingZeroCount(capacity - 1);
        if (bits % 2 == 1) bits++;
        return bits / 2;
    }

    // One Feistel encryption; the round function is HMAC-SHA256 under the key, through the keyed instance when there is one.
    private static int Encrypt(HMACSHA256? hmac, ReadOnlySpan<byte> key, int value, int half)
    {
        var mask = (1 << half) - 1;
        int left = value >> half, right = value & mask;
        Span<byte> input = stackalloc byte[5];
        Span<byte> hash = stackalloc byte[32];
        for (var round = 0; round < Rounds; round++)
        {
            input[0] = (byte)round;
            BinaryPrimitives.WriteInt32BigEndian(input[1..], right);
            if (hmac is null) HMACSHA256.HashData(key, input, hash);
            else hmac.TryComputeHash(input, hash, out _);
            var f = BinaryPrimitives.ReadInt32BigEndian(hash) & mask;
            (left, right) = (right, left ^ f);
        }
        return (left << half) | right;
    }
}
