using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Institutions;

/// <summary>The faculty form.</summary>
public sealed class FacultyInput
{
    public string? NameNl { get; set; }
    public string? NameEn { get; set; }
    public string? OnBehalfOf { get; set; }
    public string? LinkedInOrganizationId { get; set; }

    public static FacultyInput From(Faculty f) => new()
    {
        NameNl = f.NameNl, NameEn = f.NameEn, OnBehalfOf = f.OnBehalfOf, LinkedInOrganizationId = f.LinkedInOrganizationId,
    };

    public Problems Validate(IStringLocalizer<InstitutionsText> L)
    {
        var errors = Problems.OnePerField();
        TextRules.Required(errors, L, nameof(NameNl), NameNl, 200);
        TextRules.Required(errors, L, nameof(NameEn), NameEn, 200);
        TextRules.MaxLength(errors, L, nameof(OnBehalfOf), OnBehalfOf, 200);
        TextRules.LinkedInId(errors, L, nameof(LinkedInOrganizationId), LinkedInOrganizationId);
        return errors;
    }

    /// <summary>Copies the values; returns changed fields (old, new) for the audit trail.</summary>
    public Dictionary<string, object?[]> ApplyTo(Faculty f)
    {
        var changes = new Dictionary<string, object?[]>();
        void Set(string field, string? old, string? value, Action<string?> assign)
        {
            if (old == value) return;
            changes[field] = [old, value];
            assign(value);
        }
        Set(nameof(NameNl), f.NameNl, NameNl!.Trim(), v => f.NameNl = v!);
        Set(nameof(NameEn), f.NameEn, NameEn!.Trim(), v => f.NameEn = v!);
        Set(nameof(OnBehalfOf), f.OnBehalfOf, TextRules.Optional(OnBehalfOf), v => f.OnBehalfOf = v);
        Set(nameof(LinkedInOrganizationId), f.LinkedInOrganizationId, TextRules.Optional(LinkedInOrganizationId), v => f.LinkedInOrganizationId = v);
        return changes;
    }
}
