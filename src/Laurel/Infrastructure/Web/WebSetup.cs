using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Razor;

namespace Laurel.Infrastructure.Web;

/// <summary>Razor Pages in feature folders, nl/en localization, security headers, error pages.</summary>
public static class WebSetup
{
    /// <summary>
    /// nl and en as the runtime's shared read-only instances. RequestLocalization hands each request
    /// <c>CultureInfo.ReadOnly(supported)</c>, which clones a writable culture per request, and a clone builds its number and date
    /// formats again on first use: ≈ 10 % of an uncached verification's CPU went to that (issue 18, round 4).
    /// </summary>
    public static readonly CultureInfo[] Cultures = [CultureInfo.GetCultureInfo("nl"), CultureInfo.GetCultureInfo("en")];

    /// <summary>Largest request body accepted anywhere (uploads have their own, smaller limits).</summary>
    public const long MaxRequestBodyBytes = 4 * 1024 * 1024;

    public static IServiceCollection AddLaurelWeb(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddSingleton(sp => new RenderedPages(
            CacheBudgets.Bytes(sp.GetRequiredService<IConfiguration>(), "RenderedPagesMB", RenderedPages.SizeLimit)));
        services.AddRazorPages(o => o.RootDirectory = "/Features")
            .AddMvcOptions(o => o.Filters.Add<MissingHandlerFilter>())
            .AddMvcOptions(o => o.Filters.Add<RenderedPages.CaptureFilter>())
            .AddViewLocalization(LanguageViewLocationExpanderFormat.Suffix)
            .AddDataAnnotationsLocalization();
        // Every problem's type is a page of Laurel's own (Features/ProblemDocs).
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemTypes.Customize);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "laurel.af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
                // Last: only when the client chose no language do APIs answer in English instead of the pages' Dutch.
                new ApiCulture(),
            ];
        });
        // Sent only once the browser has an https answer (never on the first plain-http one); a year, as browsers' preload lists expect.
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = MaxRequestBodyBytes);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            o.AddServerHeader = false;
        });
        return services;
    }

    public static WebApplication UseLaurelWeb(this WebApplication app)
    {
        // First: everything after it (HSTS, cookies, rate limits, links) sees the client's scheme and address.
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }
        else
        {
            app.UseDeveloperExceptionPage();
        }
        // Localization first, so re-executed error pages keep the language of the original request.
        app.UseRequestLocalization();
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseRouting();
        app.UseSignInRateLimit();
        app.UseAuthentication();
        // After authentication (import counts per learner), before authorization and the handlers.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapPost("/culture", SetCulture).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    // The language switch: a plain form post, remembered in the standard culture cookie for a year.
    private static IResult SetCulture(HttpContext context)
    {
        var form = context.Request.HasFormContentType ? context.Request.Form : null;
        var culture = form?["culture"].ToString() is "en" ? "en" : "nl";
        var returnUrl = form?["returnUrl"].ToString();
        context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps });
        return Results.LocalRedirect(ReturnUrls.Safe(returnUrl));
    }
}
