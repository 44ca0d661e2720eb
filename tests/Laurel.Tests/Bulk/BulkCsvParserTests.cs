using System.Text;
using Laurel.Features.Awards.Bulk;

namespace Laurel.Tests.Bulk;

/// <summary>Reading bulk award files as spreadsheets and people write them.</summary>
public sealed class BulkCsvParserTests
{
    private static BulkParseResult Parse(string text, bool bom = false) =>
        BulkCsvParser.Parse(bom ? [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    public void Detects_the_delimiter_from_the_header(char d)
    {
        var result = Parse($"e-mail{d}grade{d}completion date\r\nann@example.org{d}8{d}31-12-2025\r\n");
        Assert.True(result.Succeeded);
        Assert.Equal(d, result.Delimiter);
        var row = Assert.Single(result.Rows);
        Assert.Equal(("ann@example.org", "8", "31-12-2025", 2), (row.Email, row.Grade, row.CompletedOn, row.Line));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reads_UTF8_with_or_without_BOM(bool bom)
    {
        var result = Parse("E-mailadres;Voornaam;Achternaam;Datum afronding\nzoë@example.org;Zoë;Ünal-Çelik;2025-06-01\n", bom);
        var row = Assert.Single(result.Rows);
        Assert.Equal(("zoë@example.org", "Zoë", "Ünal-Çelik"), (row.Email, row.GivenName, row.FamilyName));
        Assert.Equal(new DateOnly(2025, 6, 1), BulkColumns.ParseDate(row.CompletedOn));
    }

    [Fact]
    public void Quoted_fields_keep_delimiters_quotes_and_line_breaks_and_rows_keep_their_file_line()
    {
        var result = Parse("email,narrative,completion date,grade\r\n" +
            "a@example.org,\"Strong, \"\"clear\"\" work\nover two lines\",1-6-2025,7\r\n" +
            "\r\n" +
            "b@example.org,plain,2025-06-02,\"8,5\"\r\n");
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal("Strong, \"clear\" work\nover two lines", result.Rows[0].Narrative);
        Assert.Equal(2, result.Rows[0].Line);
        Assert.Equal(5, result.Rows[1].Line); // the quoted line break and the blank line count
        Assert.Equal("8,5", result.Rows[1].Grade);
    }

    [Fact]
    public void English_and_Dutch_headers_map_to_the_same_columns_and_unknown_ones_are_named()
    {
        var en = Parse("Email,EPPN,Given name,Family name,Grade,Evidence URL,Evidence name,Evidence description,Narrative,Completion date,Student number\n" +
            "a@x.org,a@uu.nl,A,B,8,https://e.x/1,P,D,N,1-1-2025,123\n");
        var nl = Parse("e-mailadres;eppn;voornaam;achternaam;cijfer;bewijs url;bewijs naam;bewijs beschrijving;toelichting;datum afronding\n" +
            "a@x.org;a@uu.nl;A;B;8;https://e.x/1;P;D;N;1-1-2025\n");
        Assert.Equal(en.Rows[0] with { Line = 0 }, nl.Rows[0] with { Line = 0 });
        Assert.Equal(["Student number"], en.IgnoredColumns);
        Assert.Empty(nl.IgnoredColumns);
    }

    [Theory]
    [InlineData("31-12-2025", 2025, 12, 31)]
    [InlineData("1-2-2025", 2025, 2, 1)]
    [InlineData("01/02/2025", 2025, 2, 1)]
    [InlineData("1.2.2025", 2025, 2, 1)]
    [InlineData("2025-02-01", 2025, 2, 1)]
    public void Reads_day_first_and_ISO_dates(string text, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), BulkColumns.ParseDate(text));

    [Theory]
    [InlineData("12/31/2025")]
    [InlineData("31-12-25")]
    [InlineData("yesterday")]
    public void Refuses_month_first_short_year_and_other_dates(string text) => Assert.Null(BulkColumns.ParseDate(text));

    [Fact]
    public void Extra_fields_in_a_row_are_counted()
    {
        var row = Assert.Single(Parse("email,completion date\na@x.org,1-1-2025,oops,more\n").Rows);
        Assert.Equal(2, row.ExtraFields);
    }

    [Theory]
    [InlineData("name,grade\nAnn,8\n", "File_NoRecipientColumn")]
    [InlineData("email,grade\na@x.org,8\n", "File_NoDateColumn")]
    [InlineData("email,completion date\n", "File_NoRows")]
    [InlineData("email,email,completion date\na,b,c\n", "File_DuplicateColumn")]
    [InlineData("email,completion date\n\"a@x.org,1-1-2025\n", "File_OpenQuote")]
    [InlineData("   \n", "File_Empty")]
    public void File_problems_are_named(string text, string key) =>
        Assert.Contains(Parse(text).Problems, p => p.Key == key);

    [Fact]
    public void A_file_that_is_not_UTF8_is_refused() =>
        Assert.Equal("File_NotUtf8", Assert.Single(BulkCsvParser.Parse([.. "email,completion date\nj"u8, 0xE9, .. "@x.org,1-1-2025\n"u8]).Problems).Key);

    [Fact]
    public void Too_many_rows_and_too_many_bytes_are_refused_with_the_limits()
    {
        var many = new StringBuilder("email,completion date\n");
        for (var i = 0; i <= BulkCsvParser.MaxRows; i++) many.Append($"l{i}@x.org,1-1-2025\n");
        var tooMany = Assert.Single(Parse(many.ToString()).Problems);
        Assert.Equal(("File_TooManyRows", BulkCsvParser.MaxRows + 1), (tooMany.Key, (int)tooMany.Args[0]));
        Assert.Empty(Parse(many.ToString()).Rows); // nothing is kept from a refused file

        var large = BulkCsvParser.Parse(new byte[BulkCsvParser.MaxBytes + 1]);
        Assert.Equal("File_TooLarge", Assert.Single(large.Problems).Key);
    }
}
