using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Institutions;

/// <summary>The issuer form; the image arrives separately as an uploaded file.</summary>
public sealed class IssuerInput
{
    public string? NameNl { get; set; }
    public string? NameEn { get; set; }
    public string? DescriptionNl { get; set; }
    public string? DescriptionEn { get; set; }
    public string? Url { get; set; }
    public string? Email { get; set; }
    public IFormFile? Image { get; set; }

    public static IssuerInput From(Issuer i) => new()
    {
        NameNl = i.NameNl, NameEn = i.NameEn, DescriptionNl = i.DescriptionNl, DescriptionEn = i.DescriptionEn, Url = i.Url, Email = i.Email,
    };

    /// <summary>Checks every field, the image included; returns the problems and the accepted image (if one was uploaded).</summary>
    public async Task<(Problems Errors, UploadedImage? Image)> ValidateAsync(IStringLocalizer<InstitutionsText> L, CancellationToken ct)
    {
        var errors = Problems.OnePerField();
        TextRules.Required(errors, L, nameof(NameNl), NameNl, 200);
        TextRules.Required(errors, L, nameof(NameEn), NameEn, 200);
        TextRules.MaxLength(errors, L, nameof(DescriptionNl), DescriptionNl, 4000);
        TextRules.MaxLength(errors, L, nameof(DescriptionEn), DescriptionEn, 4000);
        if (!string.IsNullOrWhiteSpace(Url) && !(CredentialUrl.IsValid(Url) && Url.Trim().Length <= 500))
            errors.Add(nameof(Url), L["ErrUrl"]);
        if (!string.IsNullOrWhiteSpace(Email) && !TextRules.IsEmail(Email.Trim()))
            errors.Add(nameof(Email), L["ErrEmail", L["Field_Email"]]);
        UploadedImage? image = null;
        if (Image is { Length: > 0 })
        {
            if (Image.Length > UploadedImage.MaxBytes) errors.Add(nameof(Image), L["ImageTooLarge"]);
            else
            {
                using var buffer = new MemoryStream();
                await Image.CopyToAsync(buffer, ct);
                (image, var problem) = UploadedImage.Check(buffer.ToArray());
                if (problem is not null) errors.Add(nameof(Image), L[problem]);
            }
        }
        return (errors, image);
    }

    /// <summary>Copies the values; returns changed fields (old, new) for the audit trail.</summary>
    public Dictionary<string, object?[]> ApplyTo(Issuer i, UploadedImage? image)
    {
        var changes = new Dictionary<string, object?[]>();
        void Set(string field, string? old, string? value, Action<string?> assign)
        {
            if (old == value) return;
            changes[field] = [old, value];
            assign(value);
        }
        Set(nameof(NameNl), i.NameNl, NameNl!.Trim(), v => i.NameNl = v!);
        Set(nameof(NameEn), i.NameEn, NameEn!.Trim(), v => i.NameEn = v!);
        Set(nameof(DescriptionNl), i.DescriptionNl, TextRules.Optional(DescriptionNl), v => i.DescriptionNl = v);
        Set(nameof(DescriptionEn), i.DescriptionEn, TextRules.Optional(DescriptionEn), v => i.DescriptionEn = v);
        Set(nameof(Url), i.Url, TextRules.Optional(Url), v => i.Url = v);
        Set(nameof(Email), i.Email, TextRules.Optional(Email), v => i.Email = v);
        if (image is not null)
        {
            changes[nameof(Image)] = [i.ImageContentType, $"{image.ContentType}, {image.Bytes.Length} bytes"];
            i.Image = image.Bytes;
            i.ImageContentType = image.ContentType;
        }
        return changes;
    }
}
