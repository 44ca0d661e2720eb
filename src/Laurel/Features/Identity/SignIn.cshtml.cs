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

    public sealed record Persona(string Key, string Name);

    public sealed record ProviderLink(string Name, string Label, ProviderKind Kind);

    public List<Persona> Personas { get; private set; } = [];

    public List<ProviderLink> Providers { get; private set; } = [];

    /// <summary>Set when a provider sign-in was cancelled or failed.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Failed { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

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

    internal static string SafeReturnUrl(string? url) => Laurel.Infrastructure.Web.ReturnUrls.Safe(url);
}
