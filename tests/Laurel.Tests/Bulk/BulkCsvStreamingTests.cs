using System.Text;
using Laurel.Features.Awards.Bulk;

namespace Laurel.Tests.Bulk;

/// <summary>
/// The upload is read as a stream (parsed as the bytes arrive): it must read exactly as the whole file does, whatever the chunk
/// boundaries, keep the size limit without reading past it, and number the rows of a big file right to its last line.
/// </summary>
public sealed class BulkCsvStreamingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Every way a chunk boundary can cut the text: the BOM, a multi-byte character, CRLF (outside and inside quotes), "" and the
    // closing quote, the header line before its delimiter is known.
    private static readonly byte[] Tricky = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(
        "E-mailadres;Voornaam;Toelichting;Datum afronding\r\n" +
        "zoë@example.org;Zoë;\"Sterk; \"\"helder\"\"\r\nover twee regels\";1-6-2025\r\n" +
        "\r\n" +
        "ünal@example.org;Çelik;\"cr\ronly\";2025-06-02\r" +
        "last@example.org;Last;\"quoted\"tail;3-6-2025")];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task A_stream_in_any_chunks_reads_as_the_whole_file(int chunk)
    {
        var whole = BulkCsvParser.Parse(Tricky);
        var streamed = await BulkCsvParser.ParseAsync(new ChunkedStream(Tricky, chunk), Ct);

        Assert.True(whole.Succeeded);
        Assert.Equal(';', streamed.Delimiter);
        Assert.Equal(whole.Rows, streamed.Rows);
        Assert.Equal([2, 5, 7], streamed.Rows.Select(r => r.Line)); // a CRLF and a lone CR inside quotes each count as one line
        Assert.Equal(("zoë@example.org", "Sterk; \"helder\"\r\nover twee regels"), (streamed.Rows[0].Email, streamed.Rows[0].Narrative));
        Assert.Equal(("cr\ronly", "quotedtail"), (streamed.Rows[1].Narrative, streamed.Rows[2].Narrative));
    }

    [Fact]
    public async Task A_bad_row_at_the_end_of_a_full_file_is_reported_by_its_line()
    {
        var csv = new StringBuilder("email,narrative,completion date\n");
        for (var i = 1; i < BulkCsvParser.MaxRows; i++) csv.Append($"l{i}@x.org,\"two\nlines\",1-1-2025\n");
        csv.Append("last@x.org,fine,31-02-2025\n");
        var result = await BulkCsvParser.ParseAsync(new ChunkedStream(Encoding.UTF8.GetBytes(csv.ToString()), 1000), Ct);

        Assert.True(result.Succeeded);
        Assert.Equal(BulkCsvParser.MaxRows, result.Rows.Count);
        // Each earlier row spans two lines: the last row starts on line 1 + 2 × 9,999 + 1.
        Assert.Equal((2 * BulkCsvParser.MaxRows, "31-02-2025"), (result.Rows[^1].Line, result.Rows[^1].CompletedOn));
        Assert.Null(BulkColumns.ParseDate(result.Rows[^1].CompletedOn));

        var open = await BulkCsvParser.ParseAsync(new ChunkedStream(Encoding.UTF8.GetBytes(csv + "x@x.org,\"never closed\n,1-1-2025\n"), 1000), Ct);
        var problem = Assert.Single(open.Problems);
        Assert.Equal(("File_OpenQuote", 2 * BulkCsvParser.MaxRows + 1), (problem.Key, (int)problem.Args[0]));
        Assert.Empty(open.Rows);
    }

    [Fact]
    public async Task An_endless_upload_is_refused_at_the_limit_without_reading_on()
    {
        var endless = new EndlessStream();
        var result = await BulkCsvParser.ParseAsync(endless, Ct);

        Assert.Equal("File_TooLarge", Assert.Single(result.Problems).Key);
        Assert.InRange(endless.BytesRead, BulkCsvParser.MaxBytes + 1, BulkCsvParser.MaxBytes + 64 * 1024);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_are_refused_also_when_split_across_reads_and_too_large_still_wins()
    {
        byte[] bad = [.. "email,completion date\nj"u8, 0xC3, .. "@x.org,1-1-2025\n"u8]; // a lead byte without its continuation
        Assert.Equal("File_NotUtf8", Assert.Single((await BulkCsvParser.ParseAsync(new ChunkedStream(bad, 1), Ct)).Problems).Key);
        byte[] cutOff = [.. "email,completion date\nj@x.org,1-1-2025\n"u8, 0xE2, 0x82]; // a character cut off at the end
        Assert.Equal("File_NotUtf8", Assert.Single((await BulkCsvParser.ParseAsync(new ChunkedStream(cutOff, 3), Ct)).Problems).Key);

        var largeAndBad = new byte[BulkCsvParser.MaxBytes + 1];
        largeAndBad[0] = 0xFF;
        Assert.Equal("File_TooLarge", Assert.Single((await BulkCsvParser.ParseAsync(new ChunkedStream(largeAndBad, 8192), Ct)).Problems).Key);
    }

    /// <summary>A non-seekable stream that hands out at most <paramref name="chunk"/> bytes per read (as a network body does).</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : Stream
    {
        private int _position;
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Rows for ever, with no length: only the parser's own count can stop it.</summary>
    private sealed class EndlessStream : Stream
    {
        private static readonly byte[] Line = "someone@example.org,1-1-2025\n"u8.ToArray();
        public long BytesRead { get; private set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++) buffer[offset + i] = Line[(int)((BytesRead + i) % Line.Length)];
            BytesRead += count;
            return count;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
