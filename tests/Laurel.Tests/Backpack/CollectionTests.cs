using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Collections;
using Laurel.Features.Identity;
using Microsoft.EntityFrameworkCore;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Backpack;

/// <summary>Collections: create/edit with validation, items across institutions and imports, public page, one-file download.</summary>
public abstract class CollectionTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Guid> CreateAsync(HttpClient learner, string name, bool isPublic = false)
    {
        var fields = new List<(string, string)> { ("Name", name), ("Description", "Skills for the energy transition") };
        if (isPublic) fields.Add(("IsPublic", "true"));
        var response = await learner.PostFormAsync("/backpack/collections/new", "/backpack/collections/new", [.. fields]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(Regex.Match(response.Headers.Location!.OriginalString, "/backpack/collections/([0-9a-f-]{36})").Groups[1].Value);
    }

    private static Task<HttpResponseMessage> AddAsync(HttpClient learner, Guid collectionId, params Guid[] credentials) =>
        learner.PostFormAsync($"/backpack/collections/{collectionId}", $"/backpack/collections/{collectionId}?handler=Add",
            [.. credentials.Select(c => ("credentials", c.ToString()))]);

    /// <summary>A public collection of the demo learner with a UU award (grade hidden), a TU Delft award (grade shown) and an import.</summary>
    private async Task<(Guid Collection, Guid Utrecht, Guid Delft, Guid Import, HttpClient Learner)> BuildAsync(bool isPublic)
    {
        var utrecht = await host.CreateAwardAsync(new AwardSpec { Achievement = "Data Literacy for Professionals", Grade = "7.5", IsPublic = true, ShowGrade = false });
        var delft = await host.CreateAwardAsync(new AwardSpec { Achievement = "Solar Energy Systems", Grade = "9.1", ShowGrade = true });
        var import = await host.ImportAsync(await host.DemoLearnerIdAsync(), name: "Open Science Basics");
        var learner = await host.SignInAsDemoAsync("learner");
        var id = await CreateAsync(learner, "Energy and data", isPublic);
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(learner, id, utrecht, delft, import)).StatusCode);
        return (id, utrecht, delft, import, learner);
    }

    [Fact]
    public async Task Create_reports_every_problem_at_once_and_shows_the_form_again()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var response = await learner.PostFormAsync("/backpack/collections/new?culture=en", "/backpack/collections/new?culture=en",
            ("Name", "  "), ("Description", new string('x', Collection.DescriptionMaxLength + 1)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("There are 2 problems to fix", page);
        Assert.Contains("<a href=\"#Name\">Enter a name for the collection.</a>", page);
        Assert.Contains("<a href=\"#Description\">The description can be at most 2000 characters.</a>", page);
        Assert.Contains("aria-describedby=\"Name-hint Name-error\"", page);
        Assert.Contains("<title>Error: ", page);
        var dutch = await learner.PostFormAsync("/backpack/collections/new?culture=nl", "/backpack/collections/new?culture=nl", ("Name", ""));
        Assert.Contains("Vul een naam in voor de collectie.", await dutch.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task One_problem_is_counted_in_the_singular_in_both_languages()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var english = await learner.PostFormAsync("/backpack/collections/new?culture=en", "/backpack/collections/new?culture=en", ("Name", ""));
        var page = WebUtility.HtmlDecode(await english.Content.ReadAsStringAsync(Ct));
        Assert.Contains("There is 1 problem to fix", page);
        Assert.DoesNotContain("1 problems", page);
        var dutch = await learner.PostFormAsync("/backpack/collections/new?culture=nl", "/backpack/collections/new?culture=nl", ("Name", ""));
        Assert.Contains("Er is 1 probleem om op te lossen", WebUtility.HtmlDecode(await dutch.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task Learner_creates_edits_fills_reorders_and_deletes_a_collection_across_institutions_and_imports()
    {
        var (id, utrecht, delft, import, learner) = await BuildAsync(isPublic: false);
        using var _ = learner;
        var edit = await learner.PageAsync($"/backpack/collections/{id}?culture=en");
        Assert.Contains("Credentials in this collection (3)", edit);
        var order = Regex.Matches(edit, "data-credential=\"([0-9a-f-]{36})\"").Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal([utrecht, delft, import], order);

        var saved = await learner.PostFormAsync($"/backpack/collections/{id}", $"/backpack/collections/{id}?handler=Save",
            ("Name", "Energy, data and science"), ("Description", ""), ("IsPublic", "true"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await host.DbAsync(db => db.Collections.Include(c => c.Items).SingleAsync(c => c.Id == id));
        Assert.Equal("Energy, data and science", stored.Name);
        Assert.Null(stored.Description);
        Assert.True(stored.IsPublic);

        var invalid = await learner.PostFormAsync($"/backpack/collections/{id}", $"/backpack/collections/{id}?handler=Save&culture=en", ("Name", ""));
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("Enter a name for the collection.", await invalid.Content.ReadAsStringAsync(Ct));

        var delftItem = stored.Items.Single(i => i.AwardId == delft).Id;
        await learner.PostFormAsync($"/backpack/collections/{id}", $"/backpack/collections/{id}?handler=Move", ("itemId", delftItem.ToString()), ("up", "true"));
        var moved = await learner.PageAsync($"/backpack/collections/{id}");
        Assert.True(moved.IndexOf($"data-credential=\"{delft}\"", StringComparison.Ordinal) < moved.IndexOf($"data-credential=\"{utrecht}\"", StringComparison.Ordinal));

        var importItem = stored.Items.Single(i => i.ImportedCredentialId == import).Id;
        Assert.Equal(HttpStatusCode.Redirect, (await learner.PostFormAsync($"/backpack/collections/{id}", $"/backpack/collections/{id}?handler=Remove", ("itemId", importItem.ToString()))).StatusCode);
        Assert.Equal(2, await host.DbAsync(db => db.CollectionItems.CountAsync(i => i.CollectionId == id)));
        Assert.Contains("Energy, data and science", await learner.PageAsync("/backpack/collections"));

        var deleted = await learner.PostFormAsync($"/backpack/collections/{id}", $"/backpack/collections/{id}?handler=Delete");
        Assert.Equal("/backpack/collections?deleted=true", deleted.Headers.Location!.OriginalString);
        Assert.False(await host.DbAsync(db => db.Collections.AnyAsync(c => c.Id == id)));
        Assert.True(await host.DbAsync(db => db.Awards.AnyAsync(a => a.Id == delft)), "the badges stay in the backpack");
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync($"/backpack/collections/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Someone_elses_credentials_are_not_found_and_unaccepted_ones_are_refused()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var id = await CreateAsync(learner, "Mine");
        var other = await host.OtherLearnerIdAsync();
        var theirAward = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = other });
        var theirImport = await host.ImportAsync(other);
        Assert.Equal(HttpStatusCode.NotFound, (await AddAsync(learner, id, theirAward)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AddAsync(learner, id, theirImport)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AddAsync(learner, id, Guid.NewGuid())).StatusCode);

        var awaiting = await host.AwardInStateAsync(AwardState.AwaitingClaim);
        var refused = await learner.PostFormAsync($"/backpack/collections/{id}", $"/backpack/collections/{id}?handler=Add&culture=en", ("credentials", awaiting.ToString()));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("cannot be added", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)));
        var nothing = await learner.PostFormAsync($"/backpack/collections/{id}", $"/backpack/collections/{id}?handler=Add&culture=en");
        Assert.Contains("Choose at least one credential to add.", await nothing.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, await host.DbAsync(db => db.CollectionItems.CountAsync(i => i.CollectionId == id)));
    }

    [Fact]
    public async Task Another_learners_collection_is_not_found_for_viewing_editing_downloading_and_qr()
    {
        var (id, _, _, _, owner) = await BuildAsync(isPublic: false);
        owner.Dispose();
        // The demo "viewer" persona is someone else entirely.
        using var other = await host.SignInAsDemoAsync("viewer");
        using var anonymous = host.CreateClient();
        foreach (var client in new[] { other, anonymous })
            foreach (var url in new[] { $"/collections/{id}", $"/collections/{id}/presentation.json", $"/collections/{id}/qr.png" })
                Assert.True((await client.GetAsync(url, Ct)).StatusCode == HttpStatusCode.NotFound, url);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/backpack/collections/{id}", Ct)).StatusCode);
        var token = LaurelHost.AntiforgeryToken(await other.GetStringAsync("/backpack/collections/new", Ct));
        foreach (var handler in new[] { "Save", "Delete", "Add", "Remove" })
        {
            var post = await other.PostAsync($"/backpack/collections/{id}?handler={handler}", new FormUrlEncodedContent(
                [new("Name", "Taken over"), new("itemId", Guid.NewGuid().ToString()), new("__RequestVerificationToken", token)]), Ct);
            Assert.True(post.StatusCode == HttpStatusCode.NotFound, handler);
        }
        Assert.Equal("Energy and data", await host.DbAsync(db => db.Collections.Where(c => c.Id == id).Select(c => c.Name).SingleAsync()));
    }

    [Fact]
    public async Task Public_page_shows_each_credential_with_its_verification_and_each_awards_own_grade_choice()
    {
        var (id, utrecht, delft, import, learner) = await BuildAsync(isPublic: true);
        using var _ = learner;
        using var anonymous = host.CreateClient();
        var page = await anonymous.PageAsync($"/collections/{id}?culture=en");
        Assert.Contains("Energy and data", page);
        Assert.Contains("Data Literacy for Professionals", page);
        Assert.Contains("Solar Energy Systems", page);
        Assert.Contains("Open Science Basics", page);
        Assert.Matches($"data-credential=\"{import}\" data-imported=\"true\"", page);
        Assert.Contains("Imported", page);
        Hidden.AssertAbsent("7.5", page); // Utrecht: grade hidden by the learner
        Assert.Contains("class=\"grade\">9.1<", page); // Delft: grade shown
        // Awards get one verdict; the import gets three separate answers (signature, recipient, issuer).
        Assert.Equal(2, Regex.Matches(page, "data-verdict=\"Valid\"").Count);
        Assert.Contains("data-verdict-signature=\"Valid\"", page);
        Assert.Contains("data-verdict-recipient=\"Matched\"", page);
        Assert.Contains($"href=\"/badges/{utrecht}\"", page); // public badge: linked
        Assert.DoesNotContain($"href=\"/badges/{delft}\"", page); // private badge: not linked
        Assert.Contains("https://www.linkedin.com/sharing/share-offsite/?url=", page);
        Assert.Contains($"src=\"/collections/{id}/qr.png\"", page);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/collections/{id}/qr.png", Ct)).StatusCode);
        Assert.Contains("Geïmporteerd", await anonymous.PageAsync($"/collections/{id}?culture=nl"));
    }

    [Fact]
    public async Task Private_collection_is_only_a_preview_for_its_owner()
    {
        var (id, _, _, _, learner) = await BuildAsync(isPublic: false);
        using var _ = learner;
        var page = await learner.PageAsync($"/collections/{id}?culture=en");
        Assert.Contains("id=\"private-notice\"", page);
        Assert.Contains("id=\"share-disabled\"", page);
        Assert.DoesNotContain("linkedin.com", page);
        Assert.Contains("class=\"grade\">7.5<", page); // the owner sees all their grades
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/collections/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Downloaded_presentation_holds_each_credential_exactly_as_stored_and_each_verifies_with_laurel()
    {
        var (id, utrecht, delft, import, learner) = await BuildAsync(isPublic: true);
        using var _ = learner;
        var response = await learner.GetAsync($"/collections/{id}/presentation.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var presentation = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("https://www.w3.org/ns/credentials/v2", presentation["@context"]![0]!.GetValue<string>());
        Assert.Equal("VerifiablePresentation", presentation["type"]![0]!.GetValue<string>());
        var credentials = presentation["verifiableCredential"]!.AsArray();
        Assert.Equal(3, credentials.Count);
        foreach (var awardId in new[] { utrecht, delft })
            Assert.Contains(await host.DbAsync(db => db.Awards.Where(a => a.Id == awardId).Select(a => a.CredentialJson).SingleAsync()), text);
        Assert.Contains(await host.DbAsync(db => db.ImportedCredentials.Where(i => i.Id == import).Select(i => i.CredentialText).SingleAsync()), text);
        foreach (var credential in credentials)
        {
            var report = await host.VerifyWithLaurelAsync(Encoding.UTF8.GetBytes(credential!.ToJsonString()));
            Assert.Equal(Verdict.Valid, report.Verdict);
        }

        // The public download leaves out the Utrecht credential: its signed grade is hidden from the public.
        using var anonymous = host.CreateClient();
        var publicCredentials = JsonNode.Parse(await anonymous.GetStringAsync($"/collections/{id}/presentation.json", Ct))!["verifiableCredential"]!.AsArray();
        Assert.Equal(2, publicCredentials.Count);
        Hidden.AssertAbsent("7.5", publicCredentials.ToJsonString());
        Assert.Contains("id=\"held-back\"", await anonymous.PageAsync($"/collections/{id}"));

        // A credential revoked later stays in the file: its own status check is what tells a verifier.
        await host.SetAsync(delft, a => a.State = AwardState.Revoked);
        Assert.Equal(3, JsonNode.Parse(await learner.GetStringAsync($"/collections/{id}/presentation.json", Ct))!["verifiableCredential"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_vc_jwt_goes_into_the_download_as_an_enveloped_credential_that_still_verifies()
    {
        var jwt = await host.VcJwtAsync();
        Assert.Equal(Verdict.Valid, (await host.VerifyWithLaurelAsync(Encoding.ASCII.GetBytes(jwt))).Verdict);
        var import = await host.ImportTextAsync(await host.DemoLearnerIdAsync(), jwt, Laurel.Features.Backpack.Imports.ImportFormat.VcJwt, "Wallet badge");
        using var learner = await host.SignInAsDemoAsync("learner");
        var id = await CreateAsync(learner, "With a JWT", isPublic: true);
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(learner, id, import)).StatusCode);

        var credentials = JsonNode.Parse(await learner.GetStringAsync($"/collections/{id}/presentation.json", Ct))!["verifiableCredential"]!.AsArray();
        var enveloped = Assert.Single(credentials)!.AsObject();
        Assert.Equal("EnvelopedVerifiableCredential", enveloped["type"]!.GetValue<string>());
        Assert.Equal("https://www.w3.org/ns/credentials/v2", enveloped["@context"]!.GetValue<string>());
        var dataUrl = enveloped["id"]!.GetValue<string>();
        Assert.Equal("data:application/vc+jwt," + jwt, dataUrl);
        var report = await host.VerifyWithLaurelAsync(Encoding.ASCII.GetBytes(dataUrl["data:application/vc+jwt,".Length..]));
        Assert.Equal(Verdict.Valid, report.Verdict);
    }

    [Fact]
    public async Task Collection_forms_without_the_anti_forgery_token_are_refused()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var create = await learner.PostAsync("/backpack/collections/new", new FormUrlEncodedContent([new("Name", "Forged")]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        var id = await CreateAsync(learner, "Kept");
        var delete = await learner.PostAsync($"/backpack/collections/{id}?handler=Delete", new FormUrlEncodedContent([]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.True(await host.DbAsync(db => db.Collections.AnyAsync(c => c.Id == id)));
        Assert.False(await host.DbAsync(db => db.Collections.AnyAsync(c => c.Name == "Forged")));
    }

    [Fact]
    public async Task Account_deletion_erases_the_persons_collections()
    {
        var (id, utrecht, _, _, learner) = await BuildAsync(isPublic: true);
        learner.Dispose();
        var learnerId = await host.DemoLearnerIdAsync();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var erasers = scope.ServiceProvider.GetServices<IPersonalDataEraser>().ToList();
            Assert.Contains(erasers, e => e is CollectionsEraser);
            await erasers.OfType<CollectionsEraser>().Single().EraseAsync(learnerId, Ct);
        }
        Assert.False(await host.DbAsync(db => db.Collections.AnyAsync(c => c.PersonId == learnerId)));
        Assert.False(await host.DbAsync(db => db.CollectionItems.AnyAsync(i => i.CollectionId == id)));
        Assert.True(await host.DbAsync(db => db.Awards.AnyAsync(a => a.Id == utrecht)));
    }

    [Fact]
    public async Task Public_page_names_its_holder_and_never_presents_an_import_issued_to_someone_else_as_theirs()
    {
        var learnerId = await host.DemoLearnerIdAsync();
        var holder = await host.DbAsync(db => db.Persons.Where(p => p.Id == learnerId).Select(p => p.DisplayName).SingleAsync());
        var own = await host.ImportAsync(learnerId, name: "Own Import Badge");
        var borrowed = await host.ImportAsync(learnerId, name: "Borrowed Import Badge", recipient: Laurel.Features.Backpack.Imports.RecipientMatch.NotMatched);
        var unnamed = await host.ImportAsync(learnerId, name: "Nameless Import Badge", recipient: Laurel.Features.Backpack.Imports.RecipientMatch.NotStated);
        using var learner = await host.SignInAsDemoAsync("learner");
        var id = await CreateAsync(learner, "Mixed imports", isPublic: true);
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(learner, id, own, borrowed, unnamed)).StatusCode);

        using var anonymous = host.CreateClient();
        var page = await anonymous.PageAsync($"/collections/{id}?culture=en");
        Assert.Contains($"Collection of {holder}", page);
        Assert.Contains("Own Import Badge", page);
        Assert.Contains($"Issued to {holder}: the recipient is one of their verified e-mail addresses or institution accounts", page);
        // The signature is valid, but nobody vouches for this did:key issuer: it is not called known.
        Assert.Contains("data-verdict-issuer=\"Unproven\"", page);
        Assert.DoesNotContain("Borrowed Import Badge", page);
        Assert.DoesNotContain("Nameless Import Badge", page);
        Assert.Contains("Collectie van " + holder, await anonymous.PageAsync($"/collections/{id}?culture=nl"));
        var download = await anonymous.GetStringAsync($"/collections/{id}/presentation.json", Ct);
        Assert.Single(JsonNode.Parse(download)!["verifiableCredential"]!.AsArray());

        // The owner sees all three, the others flagged as hidden from visitors.
        var preview = await learner.PageAsync($"/collections/{id}?culture=en");
        Assert.Contains("Borrowed Import Badge", preview);
        Assert.Contains("data-verdict-recipient=\"NotMatched\"", preview);
        Assert.Contains("data-verdict-recipient=\"NotStated\"", preview);
        Assert.Equal(2, Regex.Matches(preview, "data-hidden-from-public").Count);
    }
}

public sealed class CollectionTestsOnSqlite(SqliteHost host) : CollectionTests(host), IClassFixture<SqliteHost>;

public sealed class CollectionTestsOnPostgres(PostgresHost host) : CollectionTests(host), IClassFixture<PostgresHost>;
