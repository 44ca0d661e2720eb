using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Laurel.Tests.Achievements;

/// <summary>
/// The definition form as a browser without JavaScript uses it: "Show preview" and then Save saves, the chosen image
/// survives a preview and a refused save, and a definition carries Dutch and English texts that the catalog, its pages
/// and the API show in the visitor's language, falling back to the definition's own language.
/// </summary>
public abstract partial class DefinitionFormRoundTripTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly byte[] Png =
        Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task Save_after_a_preview_saves_the_definition()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var url = $"/manage/issuers/{await host.UtrechtIssuerAsync()}/achievements/new";
        var name = AchievementTestKit.Unique("Preview then save");
        var form = AchievementTestKit.ValidForm(name);

        var preview = await PostAsync(client, url + "?handler=Preview", await client.GetStringAsync(url, Ct), form);
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Contains(name, preview.Html);

        // Save posts where the form says (a form without an action posts to the page's own address: ?handler=Preview).
        var save = await PostAsync(client, preview.SaveAction, preview.Html, form);

        Assert.Equal(HttpStatusCode.Redirect, save.Status);
        Assert.Equal(1, await host.CountNamedAsync(name));
        Assert.DoesNotContain("handler", preview.SaveAction, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_chosen_image_is_kept_after_a_preview_and_after_a_refused_save()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var url = $"/manage/issuers/{await host.UtrechtIssuerAsync()}/achievements/new";
        var name = AchievementTestKit.Unique("Kept image");
        var form = AchievementTestKit.ValidForm(name);

        var preview = await PostAsync(client, url + "?handler=Preview", await client.GetStringAsync(url, Ct), form, Png);
        Assert.Contains($"src=\"data:image/png;base64,{Convert.ToBase64String(Png)}\"", preview.Html); // shown in the form and preview
        Assert.Equal(Convert.ToBase64String(Png), preview.PendingImage);

        // The script then refreshes the preview without the file (it sends the kept one): the image must stay in the preview.
        var live = await PostAsync(client, url + "?handler=Preview", preview.Html, [.. form, .. preview.Kept], partial: true);
        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Contains($"class=\"achievement-image\" src=\"data:image/png;base64,{Convert.ToBase64String(Png)}\"", live.Html);

        // A refused save (no description): the image is still there, without choosing it again.
        var refused = await PostAsync(client, preview.SaveAction, preview.Html, [.. form.With("Input.Description", ""), .. preview.Kept]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal(Convert.ToBase64String(Png), refused.PendingImage);
        Assert.Contains("id=\"chosen-image\"", refused.Html);

        var saved = await PostAsync(client, refused.SaveAction, refused.Html, [.. form, .. refused.Kept]);
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var stored = await host.AchievementAsync(AchievementTestKit.IdFromLocation(saved.Response));
        Assert.Equal(Png, stored.Image);
        Assert.Equal("image/png", stored.ImageContentType);
    }

    [Fact]
    public async Task An_image_uploaded_with_a_refused_save_is_kept_and_a_forged_kept_image_is_ignored()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var url = $"/manage/issuers/{await host.UtrechtIssuerAsync()}/achievements/new";
        var name = AchievementTestKit.Unique("Refused with image");
        var form = AchievementTestKit.ValidForm(name);

        var refused = await PostAsync(client, url, await client.GetStringAsync(url, Ct), form.With("EqfLevelText", ""), Png);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal(Convert.ToBase64String(Png), refused.PendingImage);
        var saved = await PostAsync(client, refused.SaveAction, refused.Html, [.. form, .. refused.Kept]);
        Assert.Equal(Png, (await host.AchievementAsync(AchievementTestKit.IdFromLocation(saved.Response))).Image);

        // What comes back from the browser is checked like an upload: something that is not an image is not stored.
        var forgedName = AchievementTestKit.Unique("Forged image");
        var forged = await PostAsync(client, url, await client.GetStringAsync(url, Ct),
            [.. AchievementTestKit.ValidForm(forgedName), new("PendingImage", Convert.ToBase64String("<script>alert(1)</script>"u8.ToArray()))]);
        Assert.Equal(HttpStatusCode.Redirect, forged.Status);
        Assert.Null((await host.AchievementAsync(AchievementTestKit.IdFromLocation(forged.Response))).Image);
    }

    [Fact]
    public async Task A_started_translation_must_be_complete_and_every_problem_is_named_at_once()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var url = $"/manage/issuers/{await host.UtrechtIssuerAsync()}/achievements/new";
        var name = AchievementTestKit.Unique("Half translated");

        var response = await client.PostFormAsync(url, [.. AchievementTestKit.ValidForm(name).With("Input.Description", ""),
            new("Input.Translations[0].Language", "en"), new("Input.Translations[0].Name", "Half translated")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        foreach (var message in new[] { "Vul een beschrijving in.", "Vul ook de beschrijving in het Engels in", "Vul ook de criteria in het Engels in",
                     "Vul ook de leeruitkomsten in het Engels in" })
            Assert.Contains(message, html);
        Assert.Contains("<a href=\"#f-Translations-0-Description\">", html);
        Assert.Equal(0, await host.CountNamedAsync(name));

        var same = await client.PostFormAsync(url, [.. AchievementTestKit.ValidForm(name), .. English("nl", "Zelfde taal")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, same.StatusCode);
        Assert.Contains("de eigen taal van de definitie", WebUtility.HtmlDecode(await same.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task Both_languages_are_stored_and_shown_in_the_visitors_language_with_fallback_on_pages_and_in_the_api()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        using var visitor = host.CreateClient();
        var issuer = await host.UtrechtIssuerAsync();
        var dutch = AchievementTestKit.Unique("Datavaardigheid");
        var english = dutch.Replace("Datavaardigheid", "Data skills");
        var form = AchievementTestKit.ValidForm(dutch).With("Input.Description", "Werk met data in je eigen organisatie.");
        var url = $"/manage/issuers/{issuer}/achievements/new";
        var created = await PostAsync(client, url, await client.GetStringAsync(url, Ct), [.. form, .. English("en", english)], Png);
        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        var id = AchievementTestKit.IdFromLocation(created.Response);
        Assert.Equal(HttpStatusCode.Redirect, (await client.ActAsync(id, "Publish")).StatusCode);

        var stored = await host.AchievementAsync(id);
        Assert.Equal((dutch, "nl"), (stored.Name, stored.Language));
        var translation = Assert.Single(stored.Translations);
        Assert.Equal(("en", english, "Work with data in your own organisation."), (translation.Language, translation.Name, translation.Description));

        var nl = await visitor.PageAsync($"/catalog/{id}");
        Assert.Contains(dutch, nl);
        Assert.Contains("Werk met data in je eigen organisatie.", nl);
        Assert.DoesNotContain(english, nl);
        var en = await visitor.PageAsync($"/catalog/{id}?culture=en");
        Assert.Contains(english, en);
        Assert.Contains("Work with data in your own organisation.", en);
        Assert.Contains("Pass the written exam.", en);
        Assert.DoesNotContain("Werk met data", en);

        var listEn = await visitor.PageAsync("/catalog?culture=en&q=" + Uri.EscapeDataString(dutch));
        Assert.Contains($"<a href=\"/catalog/{id}\">{english}</a>", listEn);
        Assert.Contains($"<img class=\"card-image\" src=\"/catalog/{id}/image\" alt=\"Badge image of {english}\"", listEn);
        var listNl = await visitor.PageAsync("/catalog?q=" + Uri.EscapeDataString(dutch));
        Assert.Contains($"alt=\"Badge-afbeelding van {dutch}\"", listNl);

        var apiEn = await visitor.GetFromJsonAsync<JsonElement>($"/api/v1/achievements/{id}?culture=en", Ct);
        Assert.Equal((english, "en", "nl"), (apiEn.GetProperty("name").GetString(), apiEn.GetProperty("textLanguage").GetString(), apiEn.GetProperty("language").GetString()));
        Assert.Equal(2, apiEn.GetProperty("texts").GetArrayLength());
        var apiNl = await visitor.GetFromJsonAsync<JsonElement>($"/api/v1/achievements/{id}?culture=nl", Ct);
        Assert.Equal((dutch, "nl"), (apiNl.GetProperty("name").GetString(), apiNl.GetProperty("textLanguage").GetString()));

        // Without a translation every visitor reads the definition's own language.
        var only = AchievementTestKit.Unique("Alleen Nederlands");
        var onlyId = await client.CreateAndPublishAsync(issuer, AchievementTestKit.ValidForm(only));
        Assert.Contains(only, await visitor.PageAsync($"/catalog/{onlyId}?culture=en"));
        var fallback = await visitor.GetFromJsonAsync<JsonElement>($"/api/v1/achievements/{onlyId}?culture=en", Ct);
        Assert.Equal((only, "nl"), (fallback.GetProperty("name").GetString(), fallback.GetProperty("textLanguage").GetString()));
    }

    private static List<KeyValuePair<string, string>> English(string language, string name) =>
    [
        new("Input.Translations[0].Language", language), new("Input.Translations[0].Name", name),
        new("Input.Translations[0].Description", "Work with data in your own organisation."),
        new("Input.Translations[0].CriteriaMarkdown", "Pass the written exam."),
        new("Input.Translations[0].LearningOutcomes", "- Clean a data set"),
    ];

    /// <summary>What a browser gets back from posting the form: status, page, where Save posts next and the kept image.</summary>
    private sealed record Posted(HttpResponseMessage Response, HttpStatusCode Status, string Html, string SaveAction, string? PendingImage)
    {
        public List<KeyValuePair<string, string>> Kept => PendingImage is null ? [] : [new("PendingImage", PendingImage)];
    }

    /// <summary>
    /// Posts the form as multipart (as the page does), with the anti-forgery token of the form itself: a browser sends only
    /// that form's fields, not the token of the header's sign-out form. <paramref name="partial"/> asks as the live preview does.
    /// </summary>
    private static async Task<Posted> PostAsync(HttpClient client, string url, string pageHtml, List<KeyValuePair<string, string>> fields, byte[]? image = null, bool partial = false)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields) content.Add(new StringContent(value), key);
        content.Add(new StringContent(LaurelHost.AntiforgeryToken(FormBody().Match(pageHtml).Value)), "__RequestVerificationToken");
        if (image is not null)
        {
            var file = new ByteArrayContent(image);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            content.Add(file, "Image", "badge.png");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (partial) request.Headers.Add("X-Preview", "partial");
        var response = await client.SendAsync(request, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        // Html stays encoded for the anti-forgery token; the record carries the decoded page.
        // A form without an action posts to the address of the page it is on, as browsers do.
        var formTag = FormTag().Match(html);
        var action = formTag.Success && ActionAttribute().Match(formTag.Value) is { Success: true } a ? WebUtility.HtmlDecode(a.Groups[1].Value) : url;
        var pending = PendingField().Match(html);
        return new Posted(response, response.StatusCode, WebUtility.HtmlDecode(html), action,
            pending.Success ? WebUtility.HtmlDecode(pending.Groups[1].Value) : null);
    }

    [GeneratedRegex("<form[^>]*id=\"achievement-form\"[^>]*>")]
    private static partial Regex FormTag();

    [GeneratedRegex("<form[^>]*id=\"achievement-form\"[\\s\\S]*?</form>")]
    private static partial Regex FormBody();

    [GeneratedRegex("\\saction=\"([^\"]*)\"")]
    private static partial Regex ActionAttribute();

    [GeneratedRegex("name=\"PendingImage\" value=\"([^\"]*)\"")]
    private static partial Regex PendingField();
}

public sealed class DefinitionFormRoundTripTestsOnSqlite(SqliteHost host) : DefinitionFormRoundTripTests(host), IClassFixture<SqliteHost>;

public sealed class DefinitionFormRoundTripTestsOnPostgres(PostgresHost host) : DefinitionFormRoundTripTests(host), IClassFixture<PostgresHost>;
