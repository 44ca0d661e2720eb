using System.Security.Cryptography;
using System.Text.Json;
using Laurel.Features.Awards;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity.Deletion;

/// <summary>
/// The values by which a person can be found in other tables: e-mail addresses, EPPNs, eduID subjects and full names. Read
/// before the person and identities go, so every eraser sees the same picture.
/// </summary>
public sealed record PersonalFootprint(Guid PersonId, IReadOnlyList<string> Emails, IReadOnlyList<string> Eppns,
    IReadOnlyList<string> Subjects, IReadOnlyList<string> Names)
{
    public const string Erased = "[erased]";

    /// <summary>Recipient identities as awards store them (normalised, see <see cref="RecipientTypes.Normalize"/>).</summary>
    public IReadOnlyList<string> RecipientIdentities => [.. Emails, .. Eppns, .. Subjects];

    /// <summary>Completion learner keys (<c>type:identity</c>).</summary>
    public IReadOnlyList<string> LearnerKeys =>
    [
        .. Emails.Select(e => RecipientTypes.EmailAddress + ":" + e),
        .. Eppns.Select(e => RecipientTypes.Eppn + ":" + e),
        .. Subjects.Select(s => RecipientTypes.Identifier + ":" + s),
    ];

    /// <summary>Free-text values worth looking for in logs and reports (subjects are short pseudonyms and would over-match).</summary>
    public IReadOnlyList<string> SearchTexts =>
        Emails.Concat(Eppns).Concat(Names).Where(s => s.Length >= 3).Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(s => s.Length).ToList();

    public static async Task<PersonalFootprint?> LoadAsync(LaurelDb db, Guid personId, CancellationToken ct)
    {
        var person = await db.Persons.AsNoTracking().Include(p => p.Identities).FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null) return null;
        var emails = person.Identities.Select(i => i.Email).Append(person.Email).OfType<string>()
            .Select(e => RecipientTypes.Normalize(RecipientTypes.EmailAddress, e)).Distinct().ToList();
        var eppns = person.Identities.Select(i => i.Eppn).OfType<string>()
            .Select(e => RecipientTypes.Normalize(RecipientTypes.Eppn, e)).Distinct().ToList();
        var subjects = person.Identities.Where(i => !i.Provider.Contains(':')).Select(i => i.Subject).Distinct().ToList();
        var names = new[] { person.DisplayName, person.ValidatedName, person.SelfAssertedName,
                string.Join(' ', new[] { person.GivenName, person.FamilyName }.Where(n => n is not null)) }
            .OfType<string>().Where(n => n.Trim().Length > 0).Distinct().ToList();
        return new PersonalFootprint(personId, emails, eppns, subjects, names);
    }

    /// <summary>Replaces every occurrence of the person's values (also as JSON escapes them) by <see cref="Erased"/>.</summary>
    public string? Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        foreach (var value in SearchTexts)
        {
            text = text.Replace(value, Erased, StringComparison.OrdinalIgnoreCase);
            var escaped = JsonEncodedText.Encode(value).ToString();
            if (escaped != value) text = text.Replace(escaped, Erased, StringComparison.OrdinalIgnoreCase);
        }
        return text;
    }

    /// <summary>The forms <see cref="Scrub"/> looks for, in lower case (compare with the column's lower case); a row needs
    /// scrubbing when it contains any.</summary>
    public IReadOnlyList<string> SearchForms =>
        SearchTexts.SelectMany(v => new[] { v, JsonEncodedText.Encode(v).ToString() }).Select(v => v.ToLowerInvariant()).Distinct().ToList();

    /// <summary>A random value for a required column that must no longer lead to anyone.</summary>
    public static string RandomValue(string prefix = "erased:") => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
