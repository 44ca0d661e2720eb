using System.Net;
using System.Net.Http.Headers;
using Laurel.Features.Backpack.Imports;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Imports;

public static class ImportTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Posts the import form as a browser would (multipart, with the page's anti-forgery token).</summary>
    public static async Task<HttpResponseMessage> ImportAsync(this HttpClient client, byte[]? file, string fileName = "badge.json", string? url = null,
        string? mediaType = null, bool expectContinue = false)
    {
        var page = await client.GetStringAsync("/backpack/import", Ct);
        var form = new MultipartFormDataContent { { new StringContent(LaurelHost.AntiforgeryToken(page)), "__RequestVerificationToken" } };
        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType ?? "application/octet-stream");
            form.Add(content, "file", fileName);
        }
        form.Add(new StringContent(url ?? ""), "url");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/backpack/import") { Content = form };
        // As curl does for large bodies: lets the server refuse before the client uploads everything.
        if (expectContinue) request.Headers.ExpectContinue = true;
        return await client.SendAsync(request, Ct);
    }

    public static Task<HttpResponseMessage> ImportJsonAsync(this HttpClient client, string json) =>
        client.ImportAsync(System.Text.Encoding.UTF8.GetBytes(json), "badge.json", mediaType: "application/json");

    /// <summary>The id of the import a successful post redirected to.</summary>
    public static Guid ImportedId(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/backpack/imports/", location);
        return Guid.Parse(location["/backpack/imports/".Length..].Split('?')[0]);
    }

    public static Task<ImportedCredential> ImportedAsync(this LaurelHost host, Guid id) =>
        host.DbAsync(db => db.ImportedCredentials.AsNoTracking().SingleAsync(i => i.Id == id, Ct));

    public static Task<int> ImportCountAsync(this LaurelHost host) => host.DbAsync(db => db.ImportedCredentials.CountAsync(Ct));

    public static Task<Guid> PersonIdAsync(this LaurelHost host, string email) =>
        host.DbAsync(db => db.Persons.Where(p => p.Email == email).Select(p => p.Id).SingleAsync(Ct));
}
