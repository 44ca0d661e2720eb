using System.Globalization;
using Microsoft.Extensions.Options;

namespace Laurel.Tests.Platform;

/// <summary>
/// Issue 18: RequestLocalization gives each request <c>CultureInfo.ReadOnly(supported culture)</c>. For a writable culture that is
/// a fresh clone per request, whose number and date formats are built again on first use (≈ 10 % of an uncached verification's
/// CPU in the round-4 profile). Laurel's cultures are the runtime's shared read-only instances, so every request of one language
/// formats with the same, already built, formats.
/// </summary>
public sealed class RequestCultureTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public void Every_supported_and_default_culture_is_shared_by_all_requests_rather_than_cloned_per_request()
    {
        var options = host.Services.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value;
        var cultures = options.SupportedCultures!.Concat(options.SupportedUICultures!)
            .Append(options.DefaultRequestCulture.Culture).Append(options.DefaultRequestCulture.UICulture).ToList();
        Assert.Equal(["nl", "en", "nl", "en", "nl", "nl"], cultures.Select(c => c.Name));
        foreach (var culture in cultures)
        {
            Assert.True(culture.IsReadOnly, culture.Name);
            Assert.Same(culture, CultureInfo.ReadOnly(culture));
            Assert.Same(CultureInfo.GetCultureInfo(culture.Name), culture);
        }
    }
}
