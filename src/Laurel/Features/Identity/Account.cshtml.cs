using Laurel.Features.Identity.Linking;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Identity;

/// <summary>The signed-in person's own account: validated and self-asserted name, e-mail addresses (verified or not; ask for a
/// verification link), linked identities (link, remove).</summary>
[Authorize]
public sealed class AccountModel(LaurelDb db, IdentityProviders providers, AccountLinks links, AuditLog audit,
    IStringLocalizer<AccountText> text, EmailVerifications verifications) : PageModel
{
    public Person Person { get; private set; } = null!;
    /// <summary>Institution SSO providers a learner can link an account from.</summary>
    public IReadOnlyList<IdentityProviderOptions> LinkableProviders => providers.All.Where(p => p.Kind == ProviderKind.Staff).ToList();
    public Guid? SessionIdentityId => PersonSignIn.SessionIdentityId(User);
    public Problems Errors { get; } = Problems.OnePerField();

    [BindProperty(SupportsGet = false)]
    public string? SelfAssertedName { get; set; }
    [FromQuery(Name = "link")]
    public LinkOutcome? Link { get; set; }
    [FromQuery(Name = "unlink")]
    public UnlinkOutcome? Unlink { get; set; }
    [FromQuery(Name = "name")]
    public string? NameSaved { get; set; }
    /// <summary>Outcome of asking for a verification link.</summary>
    [FromQuery(Name = "verify")]
    public EmailLinkRequestOutcome? VerifyRequest { get; set; }
    /// <summary>Outcome of following a verification link.</summary>
    [FromQuery(Name = "email")]
    public EmailLinkOutcome? EmailLink { get; set; }

    /// <summary>Each address of the account and who verified it.</summary>
    public List<(string Address, EmailVerification Verification)> Addresses => EmailVerifications.Addresses(Person);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } problem) return problem;
        SelfAssertedName = Person.SelfAssertedName;
        return Page();
    }

    public IActionResult OnPostLink(string provider)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (providers.Find(provider) is not { Kind: ProviderKind.Staff } options) return NotFound();
        return Challenge(LinkEndpoints.Challenge(options, personId), options.Scheme);
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid identityId, CancellationToken ct)
    {
        var outcome = await links.UnlinkAsync(User, identityId, ct);
        return outcome == UnlinkOutcome.NotFound ? NotFound() : Redirect("/account?unlink=" + outcome);
    }

    public async Task<IActionResult> OnPostVerifyEmailAsync(string? address, CancellationToken ct) =>
        Redirect("/account?verify=" + await verifications.SendAsync(User, address, ct));

    public async Task<IActionResult> OnPostNameAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct, tracked: true) is { } problem) return problem;
        var chosen = string.IsNullOrWhiteSpace(SelfAssertedName) ? null : SelfAssertedName.Trim();
        // Demo and older accounts have a validated name only in DisplayName: keep it before the self-asserted one takes over.
        if (Person.ValidatedName is null && Person.NameVerified) Person.ValidatedName = Person.DisplayName;
        if (chosen is null && Person.ValidatedName is null) Errors.Add("SelfAssertedName", text["NameRequired"]);
        else if (chosen is { Length: > Person.MaxNameLength }) Errors.Add("SelfAssertedName", text["NameTooLong", Person.MaxNameLength]);
        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Person.SelfAssertedName = chosen;
        Person.ApplyNames();
        audit.Add(User, "person.name-changed", nameof(Person), Person.Id, null);
        await db.SaveChangesAsync(ct);
        return Redirect("/account?name=saved");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct, bool tracked = false)
    {
        if (StaffAccess.PersonId(User) is not { } id) return Challenge();
        var query = db.Persons.Include(p => p.Identities.OrderBy(i => i.LinkedAt)).Where(p => p.Id == id);
        var person = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(ct);
        if (person is null) return Challenge();
        Person = person;
        return null;
    }

    /// <summary>Whether the remove button is offered (the server checks again on POST).</summary>
    public bool CanRemove(LinkedIdentity identity) =>
        identity.Id != SessionIdentityId
        && (!AccountLinks.CanSignIn(identity) || Person.Identities.Any(i => i.Id != identity.Id && AccountLinks.CanSignIn(i)));

    public string ProviderLabel(LinkedIdentity identity, string language)
    {
        var parts = identity.Provider.Split(':');
        var label = providers.Find(parts[0])?.Label(language) ?? parts[0];
        return parts.Length > 1 ? text["ReportedBy", label] : label;
    }
}
