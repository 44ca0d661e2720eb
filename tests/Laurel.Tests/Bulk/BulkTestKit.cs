using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Laurel.Tests.Bulk;

/// <summary>Uploading bulk files through the staff pages and reading the preview rows back.</summary>
internal static partial class BulkTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Posts the file to the upload page (anti-forgery token from the page) and returns the response (not followed).</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient staff, Guid achievementId, byte[] file, string fileName = "cohort.csv")
    {
        var url = $"/manage/achievements/{achievementId}/bulk";
        var page = await staff.GetStringAsync(url, Ct);
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", fileName);
        form.Add(new StringContent(LaurelHost.AntiforgeryToken(page)), "__RequestVerificationToken");
        return await staff.PostAsync(url, form, Ct);
    }

    /// <summary>Uploads a file that must be accepted; returns the preview address.</summary>
    public static async Task<string> UploadOkAsync(this HttpClient staff, Guid achievementId, string csv)
    {
        var response = await staff.UploadAsync(achievementId, Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    /// <summary>Confirms from the preview page; returns the result address.</summary>
    public static async Task<string> ConfirmAsync(this HttpClient staff, string previewUrl)
    {
        var page = await staff.GetStringAsync(previewUrl, Ct);
        var response = await staff.PostAsync(previewUrl + "?handler=Confirm", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page))]), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    /// <summary>An upload being confirmed under a lease (what the bulk writer stores for); returns its id and the lease id.</summary>
    public static async Task<(Guid UploadId, Guid LeaseId)> LeasedUploadAsync(this LaurelHost host, Laurel.Features.Achievements.Achievement achievement, int rows)
    {
        var (uploadId, leaseId) = (Guid.CreateVersion7(), Guid.NewGuid());
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Laurel.Infrastructure.Database.LaurelDb>();
        db.BulkUploads.Add(new Laurel.Features.Awards.Bulk.BulkUpload
        {
            Id = uploadId, InstitutionId = achievement.InstitutionId, AchievementId = achievement.Id, FileName = "cohort.csv",
            Status = Laurel.Features.Awards.Bulk.BulkUploadStatus.Confirming, RowCount = rows, LeaseId = leaseId,
            LeasedUntil = DateTime.UtcNow.AddMinutes(5), CreatedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddHours(1),
        });
        await db.SaveChangesAsync(Ct);
        return (uploadId, leaseId);
    }

    /// <summary>The table row of a file line on the preview or result page (its HTML, decoded).</summary>
    public static string Line(string html, int line)
    {
        var match = Regex.Match(html, $"<tr id=\"line-{line}\"[^>]*>(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(match.Success, $"line {line} is not on the page");
        return WebUtility.HtmlDecode(match.Value);
    }

    /// <summary>What a reader sees in a line's table row: the text without tags, spaces collapsed.</summary>
    public static string Text(string html, int line) =>
        Regex.Replace(Regex.Replace(Line(html, line), "<[^>]+>", " "), "\\s+", " ").Replace(" :", ":").Trim();

    /// <summary>The report rows by file line (fields split on the delimiter, quotes respected).</summary>
    public static Dictionary<int, string[]> ReportRows(string csv, char delimiter)
    {
        var rows = new Dictionary<int, string[]>();
        foreach (var line in csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var fields = FieldPattern(delimiter).Matches(line + delimiter).Select(m => m.Groups[1].Success ? m.Groups[1].Value.Replace("\"\"", "\"") : m.Groups[2].Value).ToArray();
            rows[int.Parse(fields[0])] = fields;
        }
        return rows;
    }

    private static Regex FieldPattern(char d) => new($"(?:\"((?:[^\"]|\"\")*)\"|([^\"{Regex.Escape(d.ToString())}]*)){Regex.Escape(d.ToString())}");
}
