using System.Globalization;
using System.Text.RegularExpressions;
using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Institutions;

/// <summary>The institution settings form as typed by the user (strings, so every bad value gets a clear message).</summary>
public sealed partial class InstitutionSettingsInput
{
    public const int MaxHoursCeiling = 1680; // 60 EC: beyond a full year of study nothing is "micro" any more
    private static readonly DateOnly EarliestStartDate = new(2000, 1, 1);

    public string? NameNl { get; set; }
    public string? NameEn { get; set; }
    public string? Identifier { get; set; }
    public string? Brin { get; set; }
    public string? Type { get; set; }
    public string? DefaultLanguage { get; set; }
    public bool MicroCredentialsEnabled { get; set; }
    public string? StartDate { get; set; }
    public bool ContinuingEducationOnly { get; set; }
    public string? MinHours { get; set; }
    public string? MaxHours { get; set; }
    public string? LinkedInOrganizationId { get; set; }
    public string? EppnPattern { get; set; }

    public static InstitutionSettingsInput From(Institution i) => new()
    {
        NameNl = i.NameNl, NameEn = i.NameEn, Identifier = i.Identifier, Brin = i.Brin, Type = i.Type.ToString(),
        DefaultLanguage = i.DefaultLanguage, MicroCredentialsEnabled = i.MicroCredentialsEnabled,
        StartDate = i.MicroCredentialStartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ContinuingEducationOnly = i.ContinuingEducationOnly, MinHours = i.Volume.MinHours.ToString(CultureInfo.InvariantCulture),
        MaxHours = i.Volume.MaxHours.ToString(CultureInfo.InvariantCulture), LinkedInOrganizationId = i.LinkedInOrganizationId,
        EppnPattern = i.EppnPattern,
    };

    /// <summary>Checks every field and reports all problems at once; <paramref name="today"/> bounds the start date.</summary>
    public Problems Validate(IStringLocalizer<InstitutionsText> L, DateOnly today)
    {
        var errors = Problems.OnePerField();
        TextRules.Required(errors, L, nameof(NameNl), NameNl, 200);
        TextRules.Required(errors, L, nameof(NameEn), NameEn, 200);
        if (TextRules.Required(errors, L, nameof(Identifier), Identifier, 200) && !IdentifierFormat().IsMatch(Identifier!.Trim()))
            errors.Add(nameof(Identifier), L["ErrIdentifierFormat"]);
        if (!string.IsNullOrWhiteSpace(Brin) && !BrinFormat().IsMatch(Brin.Trim()))
            errors.Add(nameof(Brin), L["ErrBrinFormat"]);
        if (!Enum.GetNames<InstitutionType>().Contains(Type))
            errors.Add(nameof(Type), L["ErrChoose", L["Field_Type"]]);
        if (DefaultLanguage is not ("nl" or "en"))
            errors.Add(nameof(DefaultLanguage), L["ErrChoose", L["Field_DefaultLanguage"]]);
        if (!DateOnly.TryParseExact(StartDate?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            errors.Add(nameof(StartDate), L["ErrDate", L["Field_StartDate"]]);
        else if (start < EarliestStartDate || start > today.AddYears(1))
            errors.Add(nameof(StartDate), L["ErrStartDateRange", EarliestStartDate.ToString("yyyy-MM-dd"), today.AddYears(1).ToString("yyyy-MM-dd")]);
        var min = WholeNumber(errors, L, nameof(MinHours), MinHours);
        var max = WholeNumber(errors, L, nameof(MaxHours), MaxHours);
        if (min is < 1) errors.Add(nameof(MinHours), L["ErrMinHoursTooSmall"]);
        if (max is > MaxHoursCeiling) errors.Add(nameof(MaxHours), L["ErrMaxHoursTooLarge", MaxHoursCeiling]);
        if (min is >= 1 && max is <= MaxHoursCeiling && min > max) errors.Add(nameof(MaxHours), L["ErrMinAboveMax"]);
        TextRules.LinkedInId(errors, L, nameof(LinkedInOrganizationId), LinkedInOrganizationId);
        if (!string.IsNullOrWhiteSpace(EppnPattern))
        {
            if (EppnPattern.Length > 500) errors.Add(nameof(EppnPattern), L["ErrTooLong", L["Field_EppnPattern"], 500]);
            else if (!IsValidRegex(EppnPattern)) errors.Add(nameof(EppnPattern), L["ErrRegex"]);
        }
        return errors;
    }

    /// <summary>Copies validated values onto the entity; returns the fields that changed (old and new) for the audit trail.</summary>
    public Dictionary<string, object?[]> ApplyTo(Institution i)
    {
        var changes = new Dictionary<string, object?[]>();
        void Set<T>(string field, T old, T value, Action<T> assign)
        {
            if (EqualityComparer<T>.Default.Equals(old, value)) return;
            changes[field] = [old, value];
            assign(value);
        }
        Set(nameof(NameNl), i.NameNl, NameNl!.Trim(), v => i.NameNl = v);
        Set(nameof(NameEn), i.NameEn, NameEn!.Trim(), v => i.NameEn = v);
        Set(nameof(Identifier), i.Identifier, Identifier!.Trim().ToLowerInvariant(), v => i.Identifier = v);
        Set(nameof(Brin), i.Brin, TextRules.Optional(Brin)?.ToUpperInvariant(), v => i.Brin = v);
        Set(nameof(Type), i.Type, Enum.Parse<InstitutionType>(Type!), v => i.Type = v);
        Set(nameof(DefaultLanguage), i.DefaultLanguage, DefaultLanguage!, v => i.DefaultLanguage = v);
        Set(nameof(MicroCredentialsEnabled), i.MicroCredentialsEnabled, MicroCredentialsEnabled, v => i.MicroCredentialsEnabled = v);
        Set(nameof(StartDate), i.MicroCredentialStartDate, DateOnly.ParseExact(StartDate!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture), v => i.MicroCredentialStartDate = v);
        Set(nameof(ContinuingEducationOnly), i.ContinuingEducationOnly, ContinuingEducationOnly, v => i.ContinuingEducationOnly = v);
        Set(nameof(MinHours), i.Volume.MinHours, int.Parse(MinHours!.Trim(), CultureInfo.InvariantCulture), v => i.Volume = i.Volume with { MinHours = v });
        Set(nameof(MaxHours), i.Volume.MaxHours, int.Parse(MaxHours!.Trim(), CultureInfo.InvariantCulture), v => i.Volume = i.Volume with { MaxHours = v });
        Set(nameof(LinkedInOrganizationId), i.LinkedInOrganizationId, TextRules.Optional(LinkedInOrganizationId), v => i.LinkedInOrganizationId = v);
        Set(nameof(EppnPattern), i.EppnPattern, TextRules.Optional(EppnPattern), v => i.EppnPattern = v);
        return changes;
    }

    private static int? WholeNumber(Problems errors, IStringLocalizer<InstitutionsText> L, string field, string? value)
    {
        if (int.TryParse(value?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        errors.Add(field, L["ErrWholeNumber", L["Field_" + field]]);
        return null;
    }

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", RegexOptions.IgnoreCase)]
    private static partial Regex IdentifierFormat();

    [GeneratedRegex(@"^[0-9]{2}[A-Za-z]{2}$")]
    private static partial Regex BrinFormat();
}
