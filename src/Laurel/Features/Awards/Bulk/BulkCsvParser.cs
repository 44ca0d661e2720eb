using System.Text;

namespace Laurel.Features.Awards.Bulk;

/// <summary>One data row of the file as read (raw text, trimmed), kept between preview and confirmation.</summary>
public sealed record BulkRow
{
    /// <summary>Line in the file where the row starts (the header is line 1).</summary>
    public int Line { get; init; }
    public string? Email { get; init; }
    public string? Eppn { get; init; }
    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    public string? Grade { get; init; }
    public string? EvidenceUrl { get; init; }
    public string? EvidenceName { get; init; }
    public string? EvidenceDescription { get; init; }
    public string? Narrative { get; init; }
    public string? CompletedOn { get; init; }
    /// <summary>Fields beyond the header's width (a misplaced delimiter or an unquoted value).</summary>
    public int ExtraFields { get; init; }

    public string? this[BulkColumn column] => column switch
    {
        BulkColumn.Email => Email,
        BulkColumn.Eppn => Eppn,
        BulkColumn.GivenName => GivenName,
        BulkColumn.FamilyName => FamilyName,
        BulkColumn.Grade => Grade,
        BulkColumn.EvidenceUrl => EvidenceUrl,
        BulkColumn.EvidenceName => EvidenceName,
        BulkColumn.EvidenceDescription => EvidenceDescription,
        BulkColumn.Narrative => Narrative,
        _ => CompletedOn,
    };
}

/// <summary>A problem with the whole file (resource key of BulkText and its arguments); no row is kept when there is one.</summary>
public sealed record BulkFileProblem(string Key, params object[] Args);

public sealed record BulkParseResult(List<BulkRow> Rows, List<BulkFileProblem> Problems, char Delimiter, List<string> IgnoredColumns)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Reads a bulk award CSV: UTF-8 with or without BOM, comma, semicolon or tab (whichever the header line uses most), RFC 4180
/// quoting (delimiters, quotes as "" and line breaks inside quoted fields). Rows are numbered by the line they start on.
/// The file is read as a stream: bytes are decoded and rows parsed as they arrive, so an upload is never held as a whole string
/// (or copied into one byte array) and reading stops at the first byte over <see cref="MaxBytes"/>.
/// </summary>
public static class BulkCsvParser
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 10_000;
    private const int ChunkBytes = 64 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file in memory (tests, the bench): the same reading as <see cref="ParseAsync"/>.</summary>
    public static BulkParseResult Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes) return Fail(new("File_TooLarge", MaxBytes / (1024 * 1024)));
        var reader = new Reader();
        var chars = new char[StrictUtf8.GetMaxCharCount(Math.Min(bytes.Length, ChunkBytes))];
        var decoder = StrictUtf8.GetDecoder();
        try
        {
            for (var offset = 0; offset < bytes.Length; offset += ChunkBytes)
            {
                var chunk = bytes.Slice(offset, Math.Min(ChunkBytes, bytes.Length - offset));
                reader.Feed(chars.AsSpan(0, decoder.GetChars(chunk, chars, flush: offset + chunk.Length >= bytes.Length)));
            }
        }
        catch (DecoderFallbackException)
        {
            return Fail(new("File_NotUtf8"));
        }
        return reader.Finish();
    }

    /// <summary>
    /// Reads the file from <paramref name="stream"/> in chunks: decoded (strict UTF-8) and tokenized as it comes, rows kept as read.
    /// A stream longer than <see cref="MaxBytes"/> is refused as soon as it passes the limit, whatever its announced length.
    /// </summary>
    public static async Task<BulkParseResult> ParseAsync(Stream stream, CancellationToken ct)
    {
        var reader = new Reader();
        var decoder = StrictUtf8.GetDecoder();
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(StrictUtf8.GetMaxCharCount(ChunkBytes));
        try
        {
            long total = 0;
            var notUtf8 = false;
            while (true)
            {
                var read = await stream.ReadAsync(bytes.AsMemory(0, ChunkBytes), ct);
                total += read;
                // Too large wins over every other problem, as it does for a file in memory; nothing past the limit is read.
                if (total > MaxBytes) return Fail(new("File_TooLarge", MaxBytes / (1024 * 1024)));
                if (notUtf8) { if (read == 0) break; continue; } // only counting now, to tell "too large" from "not UTF-8"
                try
                {
                    reader.Feed(chars.AsSpan(0, decoder.GetChars(bytes.AsSpan(0, read), chars, flush: read == 0)));
                }
                catch (DecoderFallbackException)
                {
                    notUtf8 = true;
                }
                if (read == 0) break;
            }
            return notUtf8 ? Fail(new("File_NotUtf8")) : reader.Finish();
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
            System.Buffers.ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static BulkParseResult Fail(BulkFileProblem problem) => new([], [problem], ',', []);

    /// <summary>
    /// The tokenizer as a state machine fed chunks of text: RFC 4180 records with the line each starts on. Until the header line
    /// has ended the text is held back, because the header decides the delimiter; after that each record becomes a row at once.
    /// </summary>
    private sealed class Reader
    {
        private enum State { Normal, NormalAfterCr, Quoted, QuotedAfterQuote, QuotedAfterCr }

        private readonly StringBuilder _field = new();
        private readonly List<string> _fields = [];
        private StringBuilder? _head = new(); // the text up to the end of the header line, until the delimiter is known
        private bool _headQuoted, _first = true, _anyText;
        private char _delimiter = ',';
        private State _state;
        private bool _fieldStarted;
        private int _line = 1, _recordLine = 1, _quoteLine;

        private BulkColumn?[]? _columns;
        private readonly List<string> _ignored = [];
        private readonly List<BulkFileProblem> _problems = [];
        private readonly List<BulkRow> _rows = [];
        private int _rowCount;

        public void Feed(ReadOnlySpan<char> text)
        {
            if (text.IsEmpty) return;
            if (_first)
            {
                _first = false;
                if (text[0] == '\uFEFF') text = text[1..]; // the BOM
            }
            if (!_anyText && !text.IsWhiteSpace()) _anyText = true;
            if (_head is null) { Tokenize(text); return; }
            // The header line (outside quotes) decides: the candidate it contains most; a one-column file is comma-separated.
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '"') _headQuoted = !_headQuoted;
                else if (!_headQuoted && c is '\n' or '\r')
                {
                    _head.Append(text[..i]);
                    StartTokenizing();
                    Tokenize(text[i..]);
                    return;
                }
            }
            _head.Append(text);
        }

        private void StartTokenizing()
        {
            int comma = 0, semicolon = 0, tab = 0;
            var quoted = false;
            foreach (var chunk in _head!.GetChunks())
                foreach (var c in chunk.Span)
                {
                    if (c == '"') quoted = !quoted;
                    else if (!quoted && c == ',') comma++;
                    else if (!quoted && c == ';') semicolon++;
                    else if (!quoted && c == '\t') tab++;
                }
            _delimiter = tab > comma && tab > semicolon ? '\t' : semicolon > comma ? ';' : ',';
            var head = _head;
            _head = null;
            foreach (var chunk in head.GetChunks()) Tokenize(chunk.Span);
        }

        private void Tokenize(ReadOnlySpan<char> text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                switch (_state)
                {
                    case State.Quoted:
                        if (c == '"') _state = State.QuotedAfterQuote;
                        else
                        {
                            if (c == '\n') _line++;
                            else if (c == '\r') _state = State.QuotedAfterCr;
                            _field.Append(c);
                        }
                        continue;
                    case State.QuotedAfterCr:
                        _line++; // a CR counts as a line break on its own or with the LF after it (which then does not count again)
                        _state = State.Quoted;
                        if (c == '\n') { _field.Append(c); continue; }
                        i--; // this character is read again inside the quotes
                        continue;
                    case State.QuotedAfterQuote:
                        if (c == '"') { _field.Append('"'); _state = State.Quoted; continue; }
                        // The closing quote: anything after it up to the delimiter is kept as typed.
                        _fieldStarted = true;
                        _state = State.Normal;
                        break;
                    case State.NormalAfterCr:
                        _state = State.Normal;
                        if (c == '\n') continue; // CRLF is one line break
                        break;
                }
                // Normal
                if (c == '"' && _field.Length == 0 && !_fieldStarted) { _quoteLine = _line; _state = State.Quoted; }
                else if (c == _delimiter) { _fields.Add(_field.ToString()); _field.Clear(); _fieldStarted = false; }
                else if (c is '\r' or '\n')
                {
                    _fields.Add(_field.ToString());
                    _field.Clear();
                    _fieldStarted = false;
                    Record(_recordLine);
                    _line++;
                    _recordLine = _line;
                    if (c == '\r') _state = State.NormalAfterCr;
                }
                else { _field.Append(c); _fieldStarted = true; }
            }
        }

        public BulkParseResult Finish()
        {
            if (!_anyText) return Fail(new("File_Empty"));
            if (_head is not null) StartTokenizing(); // a file of one line
            if (_state is State.Quoted or State.QuotedAfterCr) return Fail(new("File_OpenQuote", _quoteLine));
            if (_state == State.QuotedAfterQuote) { _fieldStarted = true; _state = State.Normal; }
            if (_field.Length > 0 || _fieldStarted || _fields.Count > 0)
            {
                _fields.Add(_field.ToString());
                Record(_recordLine);
            }
            if (_columns is null) return Fail(new("File_Empty"));
            if (_rowCount == 0 && _problems.Count == 0) _problems.Add(new("File_NoRows"));
            if (_rowCount > MaxRows) _problems.Add(new("File_TooManyRows", _rowCount, MaxRows));
            return new BulkParseResult(_problems.Count == 0 ? _rows : [], _problems, _delimiter, _ignored);
        }

        private void Record(int line)
        {
            if (_columns is null) Header();
            else if (!AllBlank())  // blank lines and ";;;;" rows from spreadsheets are skipped
            {
                _rowCount++;
                // Rows past the limit are counted (the message names the count), not kept; nor is any row once the header failed.
                if (_rowCount <= MaxRows && _problems.Count == 0) _rows.Add(ToRow(line, _fields, _columns));
            }
            _fields.Clear();
        }

        private bool AllBlank()
        {
            foreach (var f in _fields) if (!string.IsNullOrWhiteSpace(f)) return false;
            return true;
        }

        private void Header()
        {
            _columns = new BulkColumn?[_fields.Count];
            for (var i = 0; i < _fields.Count; i++)
            {
                var name = _fields[i].Trim();
                if (BulkColumns.Find(name) is not { } column) { if (name.Length > 0) _ignored.Add(name); continue; }
                if (_columns.Contains(column)) _problems.Add(new("File_DuplicateColumn", name));
                _columns[i] = column;
            }
            if (!_columns.Contains(BulkColumn.Email) && !_columns.Contains(BulkColumn.Eppn)) _problems.Add(new("File_NoRecipientColumn"));
            if (!_columns.Contains(BulkColumn.CompletedOn)) _problems.Add(new("File_NoDateColumn"));
        }
    }

    private static BulkRow ToRow(int line, List<string> fields, BulkColumn?[] columns)
    {
        string? Get(BulkColumn c)
        {
            var i = Array.IndexOf(columns, c);
            return i < 0 || i >= fields.Count || string.IsNullOrWhiteSpace(fields[i]) ? null : fields[i].Trim();
        }
        var extra = 0;
        for (var i = columns.Length; i < fields.Count; i++) if (!string.IsNullOrWhiteSpace(fields[i])) extra++;
        return new BulkRow
        {
            Line = line, Email = Get(BulkColumn.Email), Eppn = Get(BulkColumn.Eppn), GivenName = Get(BulkColumn.GivenName),
            FamilyName = Get(BulkColumn.FamilyName), Grade = Get(BulkColumn.Grade), EvidenceUrl = Get(BulkColumn.EvidenceUrl),
            EvidenceName = Get(BulkColumn.EvidenceName), EvidenceDescription = Get(BulkColumn.EvidenceDescription),
            Narrative = Get(BulkColumn.Narrative), CompletedOn = Get(BulkColumn.CompletedOn), ExtraFields = extra,
        };
    }
}
