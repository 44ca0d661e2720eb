using System.Globalization;
using System.Text;

namespace Laurel.Features.Awards.Bulk;

/// <summary>The columns a bulk award file may have (any order; unknown columns are ignored and named on the preview).</summary>
public enum BulkColumn { Email, Eppn, GivenName, FamilyName, Grade, EvidenceUrl, EvidenceName, EvidenceDescription, Narrative, CompletedOn }

/// <summary>Header spellings (Dutch and English) and the date formats accepted in the completion date column.</summary>
public static class BulkColumns
{
    /// <summary>Accepted headers after <see cref="NormalizeHeader"/>: lower case, no spaces, dashes, underscores, dots or accents.</summary>
    private static readonly Dictionary<string, BulkColumn> Aliases = Build(new()
    {
        [BulkColumn.Email] = ["email", "e-mail", "emailaddress", "e-mail address", "e-mailadres", "emailadres", "mail"],
        [BulkColumn.Eppn] = ["eppn", "edupersonprincipalname", "institution account", "instellingsaccount"],
        [BulkColumn.GivenName] = ["given name", "first name", "givenname", "firstname", "voornaam", "roepnaam"],
        [BulkColumn.FamilyName] = ["family name", "last name", "surname", "familyname", "lastname", "achternaam", "familienaam"],
        [BulkColumn.Grade] = ["grade", "result", "cijfer", "resultaat"],
        [BulkColumn.EvidenceUrl] = ["evidence url", "evidence link", "bewijs url", "bewijslink", "url bewijs", "link bewijs"],
        [BulkColumn.EvidenceName] = ["evidence name", "bewijs naam", "naam bewijs", "bewijsnaam"],
        [BulkColumn.EvidenceDescription] = ["evidence description", "bewijs beschrijving", "beschrijving bewijs", "bewijsbeschrijving"],
        [BulkColumn.Narrative] = ["narrative", "toelichting", "verhaal"],
        [BulkColumn.CompletedOn] = ["completion date", "completed on", "date completed", "completiondate", "datum afronding",
            "afrondingsdatum", "afgerond op", "datum behaald", "behaald op"],
    });

    /// <summary>Day-month-year (Dutch order) with -, / or . and ISO year-month-day; never month-first.</summary>
    public static readonly string[] DateFormats = ["d-M-yyyy", "d/M/yyyy", "d.M.yyyy", "yyyy-M-d"];

    public static BulkColumn? Find(string header) => Aliases.TryGetValue(NormalizeHeader(header), out var c) ? c : null;

    public static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string NormalizeHeader(string header)
    {
        var decomposed = header.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (char.IsLetterOrDigit(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) kept.Append(c);
        return kept.ToString();
    }

    private static Dictionary<string, BulkColumn> Build(Dictionary<BulkColumn, string[]> spellings)
    {
        var map = new Dictionary<string, BulkColumn>(StringComparer.Ordinal);
        foreach (var (column, names) in spellings)
            foreach (var name in names) map[NormalizeHeader(name)] = column;
        return map;
    }
}
