using System.Text.Json.Nodes;

namespace Laurel.Tests.Imports;

/// <summary>
/// An imported badge whose credential names its picture by URL shows that picture in the backpack: Laurel fetched it at
/// import and serves it from its own page (the CSP allows no third-party images); something that is not an image is left out.
/// </summary>
public abstract class ImportImageTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ForeignIssuer Foreign => ((IImportHost)host).Foreign;

    private string CredentialWithImage(Uri image) => Foreign.Credential(change: c =>
        c["credentialSubject"]!["achievement"]!["image"] = new JsonObject { ["id"] = image.AbsoluteUri, ["type"] = "Image" }).ToJsonString();

    [Fact]
    public async Task The_picture_named_by_URL_is_stored_at_import_and_shown_from_Laurel()
    {
        var learner = await host.SignInAsDemoAsync("learner");
        var id = ImportTestKit.ImportedId(await learner.ImportJsonAsync(CredentialWithImage(Foreign.ImageUrl())));

        var expected = "data:image/png;base64," + Convert.ToBase64String(ForeignIssuer.PlainPng);
        Assert.Equal(expected, (await host.ImportedAsync(id)).ImageUrl);
        var backpack = System.Net.WebUtility.HtmlDecode(await learner.GetStringAsync("/backpack", Ct));
        Assert.Contains($"src=\"{expected}\"", backpack);
        Assert.DoesNotContain(Foreign.ImageUrl().AbsoluteUri, backpack);
        var detail = System.Net.WebUtility.HtmlDecode(await learner.GetStringAsync($"/backpack/imports/{id}", Ct));
        Assert.Contains($"src=\"{expected}\"", detail);
    }

    [Fact]
    public async Task A_picture_that_is_not_an_image_is_left_out_and_the_import_still_succeeds()
    {
        var learner = await host.SignInAsDemoAsync("learner");
        var id = ImportTestKit.ImportedId(await learner.ImportJsonAsync(CredentialWithImage(Foreign.ImageUrl("not-an-image.png"))));

        Assert.Null((await host.ImportedAsync(id)).ImageUrl);
        var backpack = await learner.GetStringAsync("/backpack", Ct);
        Assert.DoesNotContain("not-an-image", backpack);
    }
}

public sealed class ImportImageTestsOnSqlite(ImportSqliteHost host) : ImportImageTests(host), IClassFixture<ImportSqliteHost>;
