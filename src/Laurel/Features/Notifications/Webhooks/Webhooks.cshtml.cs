using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Laurel.Features.Notifications.Webhooks;

/// <summary>
/// The institution's webhook endpoints (institution administrators only): the list and the form to add one. After adding,
/// the page shows the signing secret once; it is stored only protected and never shown again.
/// </summary>
[RequireStaffRight(ScopeLevel.Institution, "id", InstitutionAdministrator = true)]
public sealed class WebhooksModel(LaurelDb db, AuditLog audit, TimeProvider clock, WebhookSecrets secrets,
    IOptionsMonitor<WebhookOptions> options, IStringLocalizer<WebhookText> t) : PageModel
{
    public Institution Institution { get; private set; } = null!;
    public List<WebhookEndpoint> Endpoints { get; private set; } = [];
    public Problems Errors { get; } = Problems.OnePerField();

    [BindProperty(Name = "Url")] public string? Address { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public List<string> Events { get; set; } = [];

    /// <summary>Set only in the answer to a successful add: the one time the secret is shown.</summary>
    public string? CreatedSecret { get; private set; }
    public WebhookEndpoint? Created { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var url = Address?.Trim();
        var description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        var events = Events.Where(WebhookEventTypes.All.Contains).Distinct().ToList();
        if (string.IsNullOrEmpty(url)) Errors.Add(nameof(Url), t["Error_UrlRequired"]);
        else if (url.Length > WebhookEndpoint.MaxUrlLength) Errors.Add(nameof(Url), t["Error_UrlTooLong", WebhookEndpoint.MaxUrlLength]);
        else if (await WebhookUrlRules.CheckResolvedAsync(url, options.CurrentValue.AllowedHostSet(), ct) is var problem && problem != WebhookUrlRules.Problem.None)
            Errors.Add(nameof(Url), t["Error_Url" + problem switch
            {
                WebhookUrlRules.Problem.NotHttps => "NotHttps",
                WebhookUrlRules.Problem.UserInfo => "UserInfo",
                WebhookUrlRules.Problem.PrivateAddress => "Private",
                WebhookUrlRules.Problem.Unresolvable => "Unresolvable",
                _ => "Invalid",
            }]);
        if (description?.Length > WebhookEndpoint.MaxDescriptionLength)
            Errors.Add(nameof(Description), t["Error_DescriptionTooLong", WebhookEndpoint.MaxDescriptionLength]);
        if (events.Count == 0) Errors.Add("Event-" + WebhookEventTypes.All[0], t["Error_EventsRequired"]);
        if (Errors.Any)
        {
            await LoadAsync(id, ct);
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var (secret, protectedSecret) = secrets.Create();
        var endpoint = new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(), InstitutionId = id, Url = url!, Description = description, Events = events, ProtectedSecret = protectedSecret,
            CreatedAt = now, UpdatedAt = now, SecretRotatedAt = now, CreatedByPersonId = StaffAccess.PersonId(User), UpdatedByPersonId = StaffAccess.PersonId(User),
        };
        db.WebhookEndpoints.Add(endpoint);
        // The secret is never audited or logged.
        audit.Add(User, "webhook.created", nameof(WebhookEndpoint), endpoint.Id, id, new { endpoint.Url, endpoint.Description, events });
        await db.SaveChangesAsync(ct);
        (Address, Description, Events) = (null, null, []);
        CreatedSecret = secret;
        Created = endpoint;
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Institution = await db.Institutions.AsNoTracking().FirstAsync(i => i.Id == id, ct);
        Endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.InstitutionId == id)
            .OrderBy(e => e.ArchivedAt != null).ThenBy(e => e.CreatedAt).ToListAsync(ct);
    }
}
