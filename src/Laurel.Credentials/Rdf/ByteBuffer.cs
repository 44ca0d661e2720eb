using System.Buffers;
using System.Text;

namespace Laurel.Credentials.Rdf;

/// <summary>A growable UTF-8 byte buffer on pooled arrays; used to build N-Quads lines without strings.</summary>
internal sealed class ByteBuffer : IDisposable
{
    private byte[] _buffer;

    public ByteBuffer(int initialCapacity = 4096) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public ReadOnlySpan<byte> Slice(int start, int length) => _buffer.AsSpan(start, length);

    public void Clear() => Length = 0;

    public void Truncate(int length) => Length = Math.Min(Length, length);

    public void Append(byte value)
    {
        if (Length == _buffer.Length) Grow(1);
        _buffer[Length++] = value;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > _buffer.Length) Grow(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Appends chars as UTF-8; lone surrogates become U+FFFD like every UTF-8 encoder.</summary>
    public void AppendUtf8(ReadOnlySpan<char> chars)
    {
        var max = Encoding.UTF8.GetMaxByteCount(chars.Length);
        if (Length + max > _buffer.Length) Grow(max);
        Length += Encoding.UTF8.GetBytes(chars, _buffer.AsSpan(Length));
    }

    /// <summary>Appends a non-negative integer in decimal.</summary>
    public void AppendDecimal(int value)
    {
        if (Length + 11 > _buffer.Length) Grow(11);
        value.TryFormat(_buffer.AsSpan(Length), out var written);
        Length += written;
    }

    public override string ToString() => Encoding.UTF8.GetString(WrittenSpan);

    private void Grow(int needed)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + needed));
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        Length = 0;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
