using Laurel.Features.Achievements;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Pathways.Manage;

/// <summary>What the new and edit pages share: the form, the catalog to pick from and the errors per field.</summary>
[Authorize]
public abstract class PathwayFormPage(PathwayService pathways) : PageModel
{
    /// <summary>Blank rows offered under the existing items (the form works without JavaScript: save to get more).</summary>
    public const int BlankRows = 3;

    protected PathwayService Pathways => pathways;

    [BindProperty] public PathwayInput Input { get; set; } = new();

    public Institution Institution { get; protected set; } = null!;
    public List<Achievement> Catalog { get; private set; } = [];
    public Dictionary<string, List<string>> Errors { get; protected set; } = [];
    public abstract string FormTitle { get; }
    public abstract string FormAction { get; }

    /// <summary>Anonymous → sign-in; no issuer-admin (or higher) role in the institution → 403.</summary>
    protected async Task<IActionResult?> RequireManagerAsync(Guid institutionId, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is null) return Challenge();
        return await pathways.MayManageAsync(User, institutionId, ct) ? null : StatusCode(StatusCodes.Status403Forbidden);
    }

    protected async Task<IActionResult> ShowAsync(CancellationToken ct, bool invalid = false)
    {
        Catalog = await pathways.CatalogAsync(ct);
        var rows = Math.Min(PathwayRules.MaxItems, Input.Items.Count(i => !i.IsBlank) + BlankRows);
        Input.Items = [.. Input.Items.Where(i => !i.IsBlank)];
        while (Input.Items.Count < rows) Input.Items.Add(new PathwayItemInput());
        if (invalid) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>Errors name rows as they were posted; after blank rows are dropped the numbering must follow.</summary>
    protected void KeepRowNumbers()
    {
        var renumbered = new Dictionary<string, List<string>>();
        var map = Input.FilledItems().Select((x, i) => (From: x.Row, To: i)).ToDictionary(x => x.From, x => x.To);
        foreach (var (key, messages) in Errors)
        {
            var newKey = key;
            foreach (var (from, to) in map)
                if (key.StartsWith($"Items[{from}].", StringComparison.Ordinal)) newKey = $"Items[{to}]." + key[$"Items[{from}].".Length..];
            renumbered[newKey] = messages;
        }
        Errors = renumbered;
    }
}
