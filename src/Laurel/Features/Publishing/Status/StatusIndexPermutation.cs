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
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sequence, capacity);
        var bits = 32 - int.LeadingZeroCount(capacity - 1);
        if (bits % 2 == 1) bits++;
        var half = bits / 2;
        var value = sequence;
        // Cycle-walking: a permutation of [0, 2^bits) restricted to [0, capacity) stays a permutation.
        do value = Encrypt(key, value, half); while (value >= capacity);
        return value;
    }

    private static int Encrypt(ReadOnlySpan<byte> key, int value, int half)
    {
        var mask = (1 << half) - 1;
        int left = value >> half, right = value & mask;
        Span<byte> input = stackalloc byte[5];
        Span<byte> hash = stackalloc byte[32];
        for (var round = 0; round < Rounds; round++)
        {
            input[0] = (byte)round;
            BinaryPrimitives.WriteInt32BigEndian(input[1..], right);
            HMACSHA256.HashData(key, input, hash);
            var f = BinaryPrimitives.ReadInt32BigEndian(hash) & mask;
            (left, right) = (right, left ^ f);
        }
        return (left << half) | right;
    }
}
