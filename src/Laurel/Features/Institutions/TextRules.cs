using System.Net.Mail;
using System.Text.RegularExpressions;
using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Institutions;

/// <summary>Field checks shared by the institution, faculty and issuer forms; messages name the field.</summary>
internal static partial class TextRules
{
    public static bool Required(Problems errors, IStringLocalizer<InstitutionsText> L, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, L["ErrRequired", L["Field_" + field]]);
            return false;
        }
        return MaxLength(errors, L, field, value, maxLength);
    }

    public static bool MaxLength(Problems errors, IStringLocalizer<InstitutionsText> L, string field, string? value, int maxLength)
    {
        if (value is null || value.Trim().Length <= maxLength) return true;
        errors.Add(field, L["ErrTooLong", L["Field_" + field], maxLength]);
        return false;
    }

    public static void LinkedInId(Problems errors, IStringLocalizer<InstitutionsText> L, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && !Digits().IsMatch(value.Trim())) errors.Add(field, L["ErrLinkedIn"]);
    }

    public static bool IsEmail(string value) =>
        value.Length <= 320 && MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.');

    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[0-9]{1,20}$")]
    private static partial Regex Digits();
}
