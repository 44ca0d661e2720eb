using System.Data.Common;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Account;

/// <summary>Linking through the real OIDC provider, posting account forms, and a search of every table for leftover personal data.</summary>
internal static class AccountTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Presses "Link …" on /account and signs in at the provider as <paramref name="login"/>; returns the final page.</summary>
    public static async Task<(HttpResponseMessage Final, string Html)> LinkAsync(LaurelHost laurel, HttpClient client, string provider, string login)
    {
        var account = await client.GetStringAsync("/account", Ct);
        var response = await client.PostAsync($"/account?handler=Link&provider={provider}",
            new FormUrlEncodedContent([new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(account))]), Ct);
        return await SignInKit.FollowProviderAsync(laurel, client, response, login, hiddenFields: true);
    }

    /// <summary>Signs in through eduID in a fresh cookie jar that follows redirects.</summary>
    public static async Task<HttpClient> SignInWithEduIdAsync(LaurelHost laurel, string login) =>
        (await OidcBrowser.SignInAsync(laurel, "eduid", login)).Client;

    /// <summary>Posts one field to a handler of /account with the page's anti-forgery token.</summary>
    public static async Task<HttpResponseMessage> PostAccountAsync(HttpClient client, string handler, string field, string value)
    {
        var page = await client.GetStringAsync("/account", Ct);
        return await client.PostAsync("/account?handler=" + handler,
            new FormUrlEncodedContent([new(field, value), new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page))]), Ct);
    }

    /// <summary>Every table and column (as text) that contains any of <paramref name="needles"/>, case-insensitively:
    /// reads the rows of each table of the model with plain SQL so nothing the model hides is missed.</summary>
    public static async Task<List<string>> FindEverywhereAsync(LaurelHost host, params string[] needles)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().ToList();
        var hits = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        try
        {
            foreach (var table in tables)
            {
                await using DbCommand command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await command.ExecuteReaderAsync(Ct);
                while (await reader.ReadAsync(Ct))
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        if (await reader.IsDBNullAsync(i, Ct)) continue;
                        var value = reader.GetValue(i) switch { byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes), var v => Convert.ToString(v) };
                        foreach (var needle in needles)
                            if (value?.Contains(needle, StringComparison.OrdinalIgnoreCase) == true)
                                hits.Add($"{table}.{reader.GetName(i)} contains {needle}");
                    }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return hits;
    }
}
