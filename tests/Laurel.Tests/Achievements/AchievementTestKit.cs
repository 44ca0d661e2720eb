using System.Net;
using Laurel.Features.Achievements;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Achievements;

/// <summary>Form fields, database access and posting helpers shared by the achievement tests.</summary>
internal static class AchievementTestKit
{
    public const string QaUrl = "https://npuls.nl/pilot-microcredentials/";

    /// <summary>A complete micro-credential as the staff form submits it.</summary>
    public static List<KeyValuePair<string, string>> ValidForm(string name, string studyLoad = "5", string eqf = "6", string language = "nl") =>
    [
        new("Input.Kind", "MicroCredential"), new("Input.Name", name),
        new("Input.Description", "Interpret and visualise data."), new("Input.CriteriaMarkdown", "Pass the **portfolio** assessment."),
        new("Input.LearningOutcomes", "- Clean a data set\n- Explain a chart"), new("Input.Language", language),
        new("EqfLevelText", eqf), new("StudyLoadText", studyLoad), new("Input.StudyLoadUnit", "Ec"),
        new("Input.AssessmentTypes", "Portfolio"), new("Input.ParticipationForms", "Online"),
        new("Input.Supervision", "OnsiteWithIdentityCheck"), new("Input.IdentityChecked", "true"),
        new("Input.QualityAssuranceName", "Kwaliteitskader microcredentials HO"), new("Input.QualityAssuranceUrl", QaUrl),
        new("Input.Stackable", "true"), new("TagsText", "data, professional"),
    ];

    public static List<KeyValuePair<string, string>> With(this List<KeyValuePair<string, string>> form, string key, string value) =>
        [.. form.Where(kv => kv.Key != key), new(key, value)];

    public static Task<Guid> UtrechtIssuerAsync(this LaurelHost host) => host.IssuerIdAsync("Computing Science");

    public static Task<Guid> DelftIssuerAsync(this LaurelHost host) => host.IssuerIdAsync("TU Delft Extension School");

    public static Task<int> CountNamedAsync(this LaurelHost host, string name) =>
        host.DbAsync(db => db.Achievements.CountAsync(a => a.Name == name));

    public static Task<Achievement> AchievementAsync(this LaurelHost host, Guid id) =>
        host.DbAsync(db => db.Achievements.AsNoTracking().SingleAsync(a => a.Id == id));

    /// <summary>Creates a draft through the staff form; returns its id.</summary>
    public static async Task<Guid> CreateThroughFormAsync(this HttpClient client, Guid issuerId, List<KeyValuePair<string, string>> form)
    {
        var response = await client.PostFormAsync($"/manage/issuers/{issuerId}/achievements/new", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return IdFromLocation(response);
    }

    /// <summary>Runs a manage-page action (Publish, Archive, ...) and returns the response.</summary>
    public static Task<HttpResponseMessage> ActAsync(this HttpClient client, Guid id, string handler) =>
        client.PostFormAsync($"/manage/achievements/{id}", [], postUrl: $"/manage/achievements/{id}?handler={handler}");

    public static async Task<Guid> CreateAndPublishAsync(this HttpClient client, Guid issuerId, List<KeyValuePair<string, string>> form)
    {
        var id = await client.CreateThroughFormAsync(issuerId, form);
        var publish = await client.ActAsync(id, "Publish");
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        return id;
    }

    public static Guid IdFromLocation(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString ?? throw new InvalidOperationException("No Location header.");
        return location.Split('?')[0].Split('/').Select(part => Guid.TryParse(part, out var id) ? id : (Guid?)null).First(id => id is not null)!.Value;
    }

    public static string Unique(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";
}
