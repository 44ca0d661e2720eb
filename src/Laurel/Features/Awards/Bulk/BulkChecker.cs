using System.Security.Claims;
using Laurel.Credentials.OpenBadges;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Bulk;

/// <summary>A problem of one row, with the column it is about (null: the row or the definition as a whole).</summary>
public sealed record BulkProblem(BulkColumn? Column, string Message);

/// <summary>A row, every problem it has, and (when it has none) the request the award step stores.</summary>
public sealed record BulkRowCheck(BulkRow Row, List<BulkProblem> Problems, AwardRequest Request, PolicyVerdict Verdict, BulkColumn RecipientColumn)
{
    public bool Good => Problems.Count == 0;
    public string Recipient => Row[RecipientColumn] ?? "";
    public string? Name => Verdict.Recipient?.DisplayName ?? BulkRowName(Row);

    private static string? BulkRowName(BulkRow r) => string.Join(' ', new[] { r.GivenName, r.FamilyName }.OfType<string>()) is { Length: > 0 } n ? n : null;
}

/// <summary>
/// Checks every row of a file: reading problems (dates, misplaced fields, the EPPN column) and every award rule through
/// <see cref="AwardPolicy.CheckManyAsync"/>, with known learners found by EPPN or e-mail in a few queries for the whole file.
/// Used for the preview and again at confirmation, because learners, awards and the definition may change in between.
/// </summary>
public sealed class BulkChecker(LaurelDb db, AwardPolicy policy, IStringLocalizer<BulkText> t)
{
    public async Task<List<BulkRowCheck>> CheckAsync(ClaimsPrincipal actor, Achievement achievement, IReadOnlyList<BulkRow> rows, CancellationToken ct)
    {
        var institution = achievement.Issuer!.Faculty!.Institution!;
        var byEppn = await FindByEppnAsync(rows, institution.Identifier, ct);
        var byEmail = await FindByEmailAsync(rows, ct);

        var requests = new List<AwardRequest>(rows.Count);
        var recipientColumns = new List<BulkColumn>(rows.Count);
        foreach (var row in rows)
        {
            // E-mail wins when given: the learner is told at that address and claims with it; EPPN alone addresses the institution account.
            var useEmail = row.Email is not null || row.Eppn is null;
            var personId = (row.Eppn is { } eppn ? byEppn.GetValueOrDefault(Normalize(eppn)) : null)
                ?? (row.Email is { } email ? byEmail.GetValueOrDefault(IdentityHash.NormalizeEmail(email)) : null);
            recipientColumns.Add(useEmail ? BulkColumn.Email : BulkColumn.Eppn);
            requests.Add(new AwardRequest
            {
                AchievementId = achievement.Id, RecipientPersonId = personId,
                RecipientIdentity = (useEmail ? row.Email : row.Eppn) ?? "",
                RecipientIdentityType = useEmail ? RecipientTypes.EmailAddress : RecipientTypes.Eppn,
                CompletedOn = BulkColumns.ParseDate(row.CompletedOn), Grade = row.Grade, Narrative = row.Narrative,
                Evidence = [new AwardEvidence { Url = row.EvidenceUrl, Name = row.EvidenceName, Description = row.EvidenceDescription }],
                Client = "bulk",
            });
        }

        var verdicts = await policy.CheckManyAsync(actor, requests, ct);
        var checks = new List<BulkRowCheck>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
            checks.Add(new BulkRowCheck(rows[i], Problems(rows[i], verdicts[i], recipientColumns[i], institution), requests[i], verdicts[i], recipientColumns[i]));
        return checks;
    }

    private List<BulkProblem> Problems(BulkRow row, PolicyVerdict verdict, BulkColumn recipientColumn, Institutions.Institution institution)
    {
        var problems = new List<BulkProblem>();
        if (row.ExtraFields > 0) problems.Add(new(null, t["Row_ExtraFields", row.ExtraFields]));
        var dateUnreadable = row.CompletedOn is not null && BulkColumns.ParseDate(row.CompletedOn) is null;
        if (dateUnreadable) problems.Add(new(BulkColumn.CompletedOn, t["Row_DateUnreadable", row.CompletedOn!]));
        // An EPPN next to an e-mail address is not what the award is addressed to, so the policy does not see it; same rule here.
        if (recipientColumn == BulkColumn.Email && row.Eppn is { } eppn
            && (!AwardService.LooksLikeEmail(eppn) || institution.EppnPattern is { Length: > 0 } p && !AwardPolicy.MatchesPattern(eppn.Trim(), p)))
            problems.Add(new(BulkColumn.Eppn, t["Row_EppnInvalid", eppn]));

        foreach (var (key, messages) in verdict.Errors)
        {
            BulkColumn? column = key switch
            {
                "Recipient" => recipientColumn,
                "CompletedOn" => BulkColumn.CompletedOn,
                "Grade" => BulkColumn.Grade,
                "Narrative" => BulkColumn.Narrative,
                "Evidence" or "Evidence[0].Url" => BulkColumn.EvidenceUrl,
                "Evidence[0].Name" => BulkColumn.EvidenceName,
                "Evidence[0].Description" => BulkColumn.EvidenceDescription,
                _ => null,
            };
            if (column == BulkColumn.CompletedOn && dateUnreadable) continue; // the reading problem says it better than "required"
            problems.AddRange(messages.Select(m => new BulkProblem(column, m)));
        }
        return problems;
    }

    private async Task<Dictionary<string, Guid?>> FindByEppnAsync(IReadOnlyList<BulkRow> rows, string institutionIdentifier, CancellationToken ct)
    {
        var eppns = rows.Select(r => r.Eppn).OfType<string>().Where(AwardService.LooksLikeEmail).Select(Normalize).Distinct().ToList();
        if (eppns.Count == 0) return [];
        var home = institutionIdentifier.ToLowerInvariant();
        var accounts = await db.LinkedIdentities.AsNoTracking()
            .Where(i => i.Eppn != null && eppns.Contains(i.Eppn.ToLower()) && i.HomeOrganisation != null && i.HomeOrganisation.ToLower() == home
                && i.Person!.ArchivedAt == null)
            .Select(i => new { Eppn = i.Eppn!.ToLower(), i.PersonId, i.LinkedAt }).ToListAsync(ct);
        return accounts.GroupBy(a => a.Eppn).ToDictionary(g => g.Key, g => (Guid?)g.OrderBy(a => a.LinkedAt).First().PersonId);
    }

    // As LearnerLookup: the person's own verified address or that of a linked account; the earliest person when several share it.
    private async Task<Dictionary<string, Guid?>> FindByEmailAsync(IReadOnlyList<BulkRow> rows, CancellationToken ct)
    {
        var emails = rows.Select(r => r.Email).OfType<string>().Where(AwardService.LooksLikeEmail).Select(IdentityHash.NormalizeEmail).Distinct().ToList();
        if (emails.Count == 0) return [];
        var own = await db.Persons.AsNoTracking().Where(p => p.ArchivedAt == null && p.Email != null && emails.Contains(p.Email.ToLower())
                && (p.EmailVerification == EmailVerification.Provider || p.EmailVerification == EmailVerification.Laurel))
            .Select(p => new { Email = p.Email!.ToLower(), PersonId = p.Id, p.CreatedAt }).ToListAsync(ct);
        var linked = await db.LinkedIdentities.AsNoTracking()
            .Where(i => i.Email != null && emails.Contains(i.Email.ToLower()) && i.Person!.ArchivedAt == null
                && (i.EmailVerification == EmailVerification.Provider || i.EmailVerification == EmailVerification.Laurel))
            .Select(i => new { Email = i.Email!.ToLower(), i.PersonId, i.Person!.CreatedAt }).ToListAsync(ct);
        return own.Concat(linked).GroupBy(x => x.Email).ToDictionary(g => g.Key, g => (Guid?)g.OrderBy(x => x.CreatedAt).First().PersonId);
    }

    private static string Normalize(string eppn) => RecipientTypes.Normalize(RecipientTypes.Eppn, eppn);
}
