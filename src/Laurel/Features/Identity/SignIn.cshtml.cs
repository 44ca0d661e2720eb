using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity;

/// <summary>The sign-in page: configured identity providers and, in Development only, demo personas.</summary>
// Anti-forgery is checked inside the demo handler, after the Development check, so that outside Development
// the handler answers 404 whatever is posted.
[IgnoreAntiforgeryToken]
public sealed class SignInModel(LaurelDb db, DemoSignInOptions demo, PersonSignIn signIn, IdentityProviders providers, IAntiforgery antiforgery) : PageModel
{
    public const string DemoProvider = "demo";
    /// <summary>Development only: sign in as whoever owns an e-mail address, to finish a claim sent to a new address.</summary>
    public const string DevEmailProvider = "dev-email";

    public sealed record Persona(string Key, string Name);

    public sealed record ProviderLink(string Name, string Label, ProviderKind Kind);

    public List<Persona> Personas { get; private set; } = [];

    public List<ProviderLink> Providers { get; private set; } = [];

    /// <summary>Set when a provider sign-in was cancelled or failed.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Failed { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The address typed into the Development e-mail sign-in (shown again with its problem).</summary>
    public string? DevEmail { get; private set; }
    public Laurel.Infrastructure.Web.Problems Errors { get; } = Laurel.Infrastructure.Web.Problems.OnePerField();
    public bool DevEmailEnabled => demo.Enabled;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        Providers = providers.All.Select(p => new ProviderLink(p.Name, p.Label(language), p.Kind)).ToList();
        if (!demo.Enabled) return;
        Personas = await db.LinkedIdentities.Where(i => i.Provider == DemoProvider)
            .OrderBy(i => i.Subject)
            .Select(i => new Persona(i.Subject, i.Person!.DisplayName)).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostDemoAsync(string persona, CancellationToken ct)
    {
        // Never reachable outside Development: the personas are demo data, not accounts.
        if (!demo.Enabled) return NotFound();
        if (!await antiforgery.IsRequestValidAsync(HttpContext)) return BadRequest();
        var person = await db.LinkedIdentities.Where(i => i.Provider == DemoProvider && i.Subject == persona)
            .Select(i => i.Person).FirstOrDefaultAsync(ct);
        if (person is null) return NotFound();
        await signIn.SignInAsync(HttpContext, person, DemoProvider);
        return LocalRedirect(await signIn.LandingAsync(person, ReturnUrl, ct));
    }

    /// <summary>
    /// Development only (404 elsewhere, whatever is posted): signs in as the person who owns <paramref name="email"/>, creating
    /// them with the address as verified when nobody does. Anyone at the keyboard of a development installation may be anyone;
    /// that is the point of it (a newcomer follows a claim e-mail from the dev mailbox), and why it never exists in production.
    /// </summary>
    public async Task<IActionResult> OnPostDevEmailAsync(string? email, [FromServices] TimeProvider clock, [FromServices] Microsoft.Extensions.Localization.IStringLocalizer<IdentityText> t, CancellationToken ct)
    {
        if (!demo.Enabled) return NotFound();
        if (!await antiforgery.IsRequestValidAsync(HttpContext)) return BadRequest();
        var address = email?.Trim() ?? "";
        if (!Laurel.Features.Institutions.TextRules.IsEmail(address))
        {
            Errors.Add("DevEmail", t["DevEmailInvalid"]);
            DevEmail = email;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await OnGetAsync(ct);
            return Page();
        }
        var normalized = Laurel.Credentials.OpenBadges.IdentityHash.NormalizeEmail(address);
        var person = await db.LinkedIdentities.Where(i => i.Provider == DevEmailProvider && i.Subject == normalized).Select(i => i.Person).FirstOrDefaultAsync(ct)
            ?? await db.Persons.Where(p => p.ArchivedAt == null && p.Email != null && p.Email.ToLower() == normalized
                    && (p.EmailVerification == EmailVerification.Provider || p.EmailVerification == EmailVerification.Laurel))
                .OrderBy(p => p.CreatedAt).FirstOrDefaultAsync(ct);
        if (person is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var name = address[..address.IndexOf('@')];
            person = new Person
            {
                Id = Guid.CreateVersion7(), DisplayName = name, SelfAssertedName = name, Email = normalized,
                EmailVerification = EmailVerification.Provider, CreatedAt = now,
            };
            person.Identities.Add(new LinkedIdentity
            {
                Id = Guid.CreateVersion7(), Provider = DevEmailProvider, Subject = normalized, Email = normalized,
                EmailVerification = EmailVerification.Provider, LinkedAt = now,
            });
            db.Persons.Add(person);
        }
        await signIn.SignInAsync(HttpContext, person, DevEmailProvider);
        return LocalRedirect(SafeReturnUrl(ReturnUrl));
    }

    internal static string SafeReturnUrl(string? url) => Laurel.Infrastructure.Web.ReturnUrls.Safe(url);
}
