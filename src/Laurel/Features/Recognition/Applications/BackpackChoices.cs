using Laurel.Features.Awards;
using Laurel.Features.Presentations;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Recognition.Applications;

/// <summary>One badge of the learner's backpack as a candidate ground for exemption, verified now (Key: <c>award:{id}</c> or <c>import:{id}</c>).</summary>
public sealed record BadgeChoice(string Key, ApplicationBadgeSource Source, Guid Id, PresentedCredential Credential)
{
    /// <summary>Usable: every check passed and the backpack entry is the learner's own.</summary>
    public bool Usable => Credential.Valid && Credential.BoundToHolder;
}

/// <summary>
/// The learner's awards (issued, suspended, revoked: the ones they hold or held) and imports, each verified now through
/// <see cref="BackpackCredentials"/>, so the apply page can say which badges can ground an application and why others cannot.
/// </summary>
public sealed class BackpackChoices(LaurelDb db, BackpackCredentials backpack)
{
    /// <summary>At most this many backpack entries are verified for one page (a backpack is small; this bounds the work).</summary>
    public const int MaxChoices = 100;

    public async Task<List<BadgeChoice>> ListAsync(Guid personId, CancellationToken ct)
    {
        var awards = await db.Awards.AsNoTracking()
            .Where(a => a.RecipientPersonId == personId && (a.State == AwardState.Issued || a.State == AwardState.Suspended || a.State == AwardState.Revoked))
            .OrderByDescending(a => a.IssuedAt).Select(a => a.Id).Take(MaxChoices).ToListAsync(ct);
        var imports = await db.ImportedCredentials.AsNoTracking().Where(i => i.PersonId == personId)
            .OrderByDescending(i => i.ImportedAt).Select(i => i.Id).Take(MaxChoices).ToListAsync(ct);
        var choices = new List<BadgeChoice>();
        foreach (var id in awards)
            if (await backpack.FromAwardAsync(personId, id, [], ct) is { } c) choices.Add(new BadgeChoice(Key(ApplicationBadgeSource.Award, id), ApplicationBadgeSource.Award, id, c));
        foreach (var id in imports)
            if (await backpack.FromImportAsync(personId, id, [], ct) is { } c) choices.Add(new BadgeChoice(Key(ApplicationBadgeSource.Import, id), ApplicationBadgeSource.Import, id, c));
        return choices;
    }

    /// <summary>One badge by its form key; null when the key is malformed or the entry is not the person's.</summary>
    public async Task<BadgeChoice?> FindAsync(Guid personId, string key, CancellationToken ct)
    {
        if (!TryParse(key, out var source, out var id)) return null;
        var credential = source switch
        {
            ApplicationBadgeSource.Award => await backpack.FromAwardAsync(personId, id, [], ct),
            ApplicationBadgeSource.Import => await backpack.FromImportAsync(personId, id, [], ct),
            _ => null,
        };
        return credential is null ? null : new BadgeChoice(Key(source, id), source, id, credential);
    }

    public static string Key(ApplicationBadgeSource source, Guid id) => source.ToString().ToLowerInvariant() + ":" + id;

    public static bool TryParse(string? key, out ApplicationBadgeSource source, out Guid id)
    {
        (source, id) = (default, default);
        if (key is null || key.Length > 80 || key.Split(':') is not [var kind, var value] || !Guid.TryParse(value, out id)) return false;
        source = kind switch { "award" => ApplicationBadgeSource.Award, "import" => ApplicationBadgeSource.Import, "wallet" => ApplicationBadgeSource.Wallet, _ => (ApplicationBadgeSource)(-1) };
        return Enum.IsDefined(source);
    }

    /// <summary>Why a badge cannot be used, in the learner's language: not theirs, or the first check that failed.</summary>
    public static string WhyNot(PresentedCredential credential, IStringLocalizer<ApplicationsText> t) =>
        !credential.BoundToHolder ? t["Why_not_holders"].Value
            : credential.Checks.FirstOrDefault(c => !c.Passed) is { } failed ? WhyNot(failed, t)
            : t["Why_checks_missing"].Value;

    public static string WhyNot(PresentedCheck failed, IStringLocalizer<ApplicationsText> t)
    {
        var byCode = t["Why_" + failed.Code];
        if (!byCode.ResourceNotFound) return byCode.Value;
        var byId = t["Why_" + failed.Id];
        return byId.ResourceNotFound ? t["Why_other", failed.Code].Value : byId.Value;
    }
}
