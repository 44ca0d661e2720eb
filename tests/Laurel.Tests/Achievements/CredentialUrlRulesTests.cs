using System.Globalization;
using Laurel.Features.Achievements;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Laurel.Tests.Achievements.RulesTestKit;

namespace Laurel.Tests.Achievements;

/// <summary>
/// Issue 12, finding 5: every address that goes into a signed credential (definition: quality-assurance framework, alignments;
/// issuer website; award evidence) follows the one rule signing needs — an http(s) IRI (RFC 3987) that JSON-LD → RDF accepts.
/// </summary>
public sealed class CredentialUrlRulesTests
{
    /// <summary>Addresses .NET's Uri accepts (it escapes them) but that are not IRIs, so the signer's JSON-LD → RDF step refuses them.</summary>
    public static TheoryData<string> NotIris() =>
    [
        "https://uu.example/a\"b", "https://uu.example/<x>", "https://uu.example/a b", "https://uu.example/{x}", "https://uu.example/a|b",
        "https://uu.example/a\\b", "https://uu.example/a^b", "https://uu.example/a`b", "https://uu.example/%zz", "https://uu.example/a#b#c",
        "https://uu.example/\u202Egpj.exe", "https://uu.example/\uE000", "https://uu.example/[x]", "https://uu.example/\u0001",
        "https://uu.example/" + new string('a', CredentialUrl.MaxLength),
    ];

    [Theory]
    [MemberData(nameof(NotIris))]
    public void An_address_that_would_not_sign_is_refused(string url) => Assert.False(CredentialUrl.IsValid(url));

    [Theory]
    [InlineData("https://npuls.nl/pilot-microcredentials/")]
    [InlineData("http://data.europa.eu/esco/skill/abc?x=1&y=%C3%A9#part")]
    [InlineData("https://例え.jp/パス/ü")]
    [InlineData("https://[2001:db8::1]/report")]
    [InlineData("  https://uu.example/trimmed  ")]
    public void Web_addresses_and_international_iris_are_accepted(string url) => Assert.True(CredentialUrl.IsValid(url));

    [Theory]
    [InlineData("nl", "zonder spaties of tekens zoals")]
    [InlineData("en", "without spaces or characters such as")]
    public void Quality_framework_url_with_a_quote_is_a_field_error(string culture, string message)
    {
        var d = ValidMicroCredential(); d.QualityAssuranceUrl = "https://npuls.nl/\"kader\"";
        AssertOnly(Validate(d, culture), "QualityAssuranceUrl", message);
    }

    [Theory]
    [InlineData("nl", "Koppeling 1: vul een volledig webadres")]
    [InlineData("en", "Alignment 1: enter a full web address")]
    public void Alignment_url_with_angle_brackets_is_a_field_error(string culture, string message)
    {
        var d = ValidMicroCredential();
        d.Alignments = [new AlignmentDraft { TargetName = "Skill", TargetUrl = "https://esco.example/<skill>" }];
        AssertOnly(Validate(d, culture), "Alignments[0].TargetUrl", message);
    }

    [Theory]
    [InlineData("nl", "zonder spaties of tekens zoals")]
    [InlineData("en", "without spaces or characters such as")]
    public async Task Issuer_website_with_a_quote_is_a_field_error(string culture, string message)
    {
        var text = (IStringLocalizer<InstitutionsText>)new StringLocalizer<InstitutionsText>(
            new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            var input = new IssuerInput { NameNl = "Wiskunde", NameEn = "Mathematics", Url = "https://www.uu.nl/\"wiskunde\"" };
            var (errors, _) = await input.ValidateAsync(text, TestContext.Current.CancellationToken);
            Assert.Contains(message, errors["Url"]);
        }
        finally { CultureInfo.CurrentUICulture = previous; }
    }
}
