using System.Globalization;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.Claims;

/// <summary>Institution admins set the claim reminder days and the expiry period of unclaimed awards.</summary>
[RequireStaffRight(ScopeLevel.Institution, "id", InstitutionAdministrator = true)]
public sealed class ClaimSettingsPageModel(LaurelDb db, AuditLog audit, TimeProvider clock, IStringLocalizer<ClaimsText> t)
    : PageModel
{
    public const int MaxReminders = 5;
    public const int MinExpiryDays = 7;
    public const int MaxExpiryDays = 730;

    public Institution Institution { get; private set; } = null!;
    public string? ReminderDays { get; private set; }
    public string? ExpiryDays { get; private set; }
    public Problems Errors { get; private set; } = Problems.OnePerField();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied) return denied;
        var settings = await db.ClaimSettings.AsNoTracking().FirstOrDefaultAsync(s => s.InstitutionId == id, ct) ?? ClaimSettings.Defaults(id);
        ReminderDays = string.Join(", ", settings.ReminderDays);
        ExpiryDays = settings.ExpiryDays.ToString(CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? reminderDays, string? expiryDays, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied) return denied;
        ReminderDays = reminderDays;
        ExpiryDays = expiryDays;
        var days = new List<int>();
        foreach (var part in (reminderDays ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= MaxExpiryDays) days.Add(d);
            else { Errors.Add("ReminderDays", t["Settings_ReminderDaysInvalid"].Value); break; }
        if (days.Count > MaxReminders) Errors.Add("ReminderDays", t["Settings_TooManyReminders", MaxReminders].Value);
        var expiryOk = int.TryParse(expiryDays?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) && expiry is >= MinExpiryDays and <= MaxExpiryDays;
        if (!expiryOk) Errors.Add("ExpiryDays", t["Settings_ExpiryInvalid", MinExpiryDays, MaxExpiryDays].Value);
        else if (days.Any(d => d >= expiry)) Errors.Add("ReminderDays", t["Settings_ReminderAfterExpiry"].Value);
        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var settings = await db.ClaimSettings.FirstOrDefaultAsync(s => s.InstitutionId == id, ct);
        if (settings is null) db.ClaimSettings.Add(settings = ClaimSettings.Defaults(id));
        settings.ReminderDays = [.. days.Distinct().Order()];
        settings.ExpiryDays = expiry;
        settings.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(User, "claims.settings.updated", nameof(ClaimSettings), id, id, new { settings.ReminderDays, settings.ExpiryDays });
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = t["Settings_Saved"].Value;
        return RedirectToPage();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        Institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == id, ct);
        return null;
    }
}
