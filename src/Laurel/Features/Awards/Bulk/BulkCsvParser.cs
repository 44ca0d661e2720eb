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
/// </summary>
public static class BulkCsvParser
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 10_000;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static BulkParseResult Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes) return Fail(new("File_TooLarge", MaxBytes / (1024 * 1024)));
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Fail(new("File_NotUtf8"));
        }
        if (string.IsNullOrWhiteSpace(text)) return Fail(new("File_Empty"));

        var delimiter = DetectDelimiter(text);
        var records = new List<(int Line, List<string> Fields)>();
        if (!Tokenize(text, delimiter, records, out var openQuoteLine)) return Fail(new("File_OpenQuote", openQuoteLine));

        var header = records[0].Fields;
        var columns = new BulkColumn?[header.Count];
        var ignored = new List<string>();
        var problems = new List<BulkFileProblem>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (BulkColumns.Find(name) is not { } column) { if (name.Length > 0) ignored.Add(name); continue; }
            if (columns.Contains(column)) problems.Add(new("File_DuplicateColumn", name));
            columns[i] = column;
        }
        if (!columns.Contains(BulkColumn.Email) && !columns.Contains(BulkColumn.Eppn)) problems.Add(new("File_NoRecipientColumn"));
        if (!columns.Contains(BulkColumn.CompletedOn)) problems.Add(new("File_NoDateColumn"));

        var rows = new List<BulkRow>(records.Count);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.All(string.IsNullOrWhiteSpace)) continue; // blank lines and ";;;;" rows from spreadsheets
            rows.Add(ToRow(line, fields, columns));
        }
        if (rows.Count == 0 && problems.Count == 0) problems.Add(new("File_NoRows"));
        if (rows.Count > MaxRows) problems.Add(new("File_TooManyRows", rows.Count, MaxRows));
        return new BulkParseResult(problems.Count == 0 ? rows : [], problems, delimiter, ignored);
    }

    private static BulkParseResult Fail(BulkFileProblem problem) => new([], [problem], ',', []);

    private static BulkRow ToRow(int line, List<string> fields, BulkColumn?[] columns)
    {
        string? Get(BulkColumn c)
        {
            var i = Array.IndexOf(columns, c);
            return i < 0 || i >= fields.Count || string.IsNullOrWhiteSpace(fields[i]) ? null : fields[i].Trim();
        }
        var extra = fields.Count > columns.Length ? fields.Skip(columns.Length).Count(f => !string.IsNullOrWhiteSpace(f)) : 0;
        return new BulkRow
        {
            Line = line, Email = Get(BulkColumn.Email), Eppn = Get(BulkColumn.Eppn), GivenName = Get(BulkColumn.GivenName),
            FamilyName = Get(BulkColumn.FamilyName), Grade = Get(BulkColumn.Grade), EvidenceUrl = Get(BulkColumn.EvidenceUrl),
            EvidenceName = Get(BulkColumn.EvidenceName), EvidenceDescription = Get(BulkColumn.EvidenceDescription),
            Narrative = Get(BulkColumn.Narrative), CompletedOn = Get(BulkColumn.CompletedOn), ExtraFields = extra,
        };
    }

    // The header line (outside quotes) decides: the candidate it contains most; a one-column file is comma-separated.
    private static char DetectDelimiter(string text)
    {
        int comma = 0, semicolon = 0, tab = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c is '\n' or '\r') break;
            else if (!quoted && c == ',') comma++;
            else if (!quoted && c == ';') semicolon++;
            else if (!quoted && c == '\t') tab++;
        }
        return tab > comma && tab > semicolon ? '\t' : semicolon > comma ? ';' : ',';
    }

    /// <summary>RFC 4180 records with the line each starts on; false (and the line) when a quoted field never closes.</summary>
    private static bool Tokenize(string text, char delimiter, List<(int, List<string>)> records, out int openQuoteLine)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, i = 0;
        openQuoteLine = 0;
        var fieldStarted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && field.Length == 0 && !fieldStarted)
            {
                var quoteLine = line;
                i++;
                while (true)
                {
                    if (i >= text.Length) { openQuoteLine = quoteLine; return false; }
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))) line++;
                    field.Append(text[i++]);
                }
                fieldStarted = true;
                continue; // anything after the closing quote up to the delimiter is kept as typed
            }
            if (c == delimiter) { fields.Add(field.ToString()); field.Clear(); fieldStarted = false; i++; continue; }
            if (c is '\r' or '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldStarted = false;
                records.Add((recordLine, fields));
                fields = [];
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
                recordLine = line;
                continue;
            }
            field.Append(c);
            fieldStarted = true;
            i++;
        }
        if (field.Length > 0 || fieldStarted || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }
        return true;
    }
}
