using System.Diagnostics;
using System.Net;
using Laurel.Tests.Verification;

namespace Laurel.Tests.Imports;

/// <summary>An image over Laurel's parsing budget is refused on import with the limit named, not called damaged.</summary>
public sealed class ImportImageLimitTests(ImportSqliteHost host) : IClassFixture<ImportSqliteHost>
{
    [Theory]
    [InlineData("en", "The image needs more work to read than Laurel allows (limit MaxSvgDepth: 256), so it was not imported.")]
    [InlineData("nl", "Het lezen van de afbeelding kost meer werk dan Laurel toestaat (limiet MaxSvgDepth: 256), dus hij is niet geïmporteerd.")]
    public async Task A_deeply_nested_SVG_is_refused_naming_the_limit(string culture, string message)
    {
        using var client = await host.SignInAsDemoAsync("learner");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);

        var response = await client.ImportAsync(Attacks12.DeepSvg(10_000), "badge.svg");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains(message, html);
        Assert.DoesNotContain(culture == "en" ? "damaged" : "beschadigd", html);
    }
}

/// <summary>
/// A verification cut off by the request time cap (a status server that never answers) says nothing about the badge: the
/// import is refused as "could not be reached, try again later", not as "not valid" or "not a badge".
/// </summary>
public sealed class ImportTimeoutTests(SlowIssuerHost host) : IClassFixture<SlowIssuerHost>
{
    [Fact]
    public async Task An_import_whose_check_outlasts_the_time_cap_is_refused_as_unreachable()
    {
        var credential = host.Issuer.Credential(change: c => c["credentialStatus"]!["statusListCredential"] = host.Hanging.Url("/hang").AbsoluteUri);
        using var client = await host.SignInAsDemoAsync("learner");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var watch = Stopwatch.StartNew();

        var response = await client.ImportJsonAsync(credential.ToJsonString());

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("The issuer's server could not be reached to check the badge, so it was not imported. Try again later.", html);
        Assert.Contains("Checking took longer than Laurel allows for one verification", html);
        Assert.DoesNotContain("This is not a badge Laurel can read.", html);
        Assert.Equal(0, await host.ImportCountAsync());
    }
}
