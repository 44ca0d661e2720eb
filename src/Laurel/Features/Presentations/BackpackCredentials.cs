using System.Text;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Presentations;

/// <summary>
/// Badges from a signed-in learner's backpack as presented credentials (the Backpack channel of presentation requests, and the
/// badges of an exemption application): verified now, bound to the holder only when the backpack entry is theirs (an award issued
/// to them, or an import whose recipient matched one of their verified identities), valid only from a known issuer (<see cref="PresentedIssuerCheck"/>),
/// and carrying only the facts they chose to disclose.
/// </summary>
public sealed class BackpackCredentials(LaurelDb db, VerificationService verification, PresentedIssuerCheck issuer)
{
    /// <summary>One of the person's awards, or null when it is not theirs or not issued/suspended/revoked (never held).</summary>
    public async Task<PresentedCredential?> FromAwardAsync(Guid personId, Guid awardId, IReadOnlyCollection<DisclosedFact> disclose, CancellationToken ct)
    {
        var award = await db.Awards.AsNoTracking().SingleOrDefaultAsync(a => a.Id == awardId && a.RecipientPersonId == personId
            && (a.State == AwardState.Issued || a.State == AwardState.Suspended || a.State == AwardState.Revoked), ct);
        if (award is null) return null;
        var report = await verification.VerifyStoredAsync(award, ct);
        var facts = report.Credential is { } c ? BadgeFacts.FromOpenBadge(c) : new BadgeFacts { AchievementName = "?", IssuerName = "?" };
        var person = await db.Persons.AsNoTracking().SingleAsync(p => p.Id == personId, ct);
        var values = new Dictionary<DisclosedFact, string?>
        {
            [DisclosedFact.RecipientName] = person.ValidatedName ?? person.DisplayName,
            [DisclosedFact.Grade] = award.Grade,
            [DisclosedFact.Evidence] = string.Join("; ", award.Evidence.Select(e => string.Join(" ", new[] { e.Name, e.Url }.Where(x => !string.IsNullOrWhiteSpace(x))))
                .Where(x => x.Length > 0)),
        };
        return Build(PresentationFormats.LdpVc, await issuer.ChecksAsync(report, ct), facts, true, "holder.backpack_owner", values, disclose) with { AwardId = award.Id };
    }

    /// <summary>One of the person's imports, re-verified now; bound to them only when its recipient matched a verified identity of theirs.</summary>
    public async Task<PresentedCredential?> FromImportAsync(Guid personId, Guid importId, IReadOnlyCollection<DisclosedFact> disclose, CancellationToken ct)
    {
        var import = await db.ImportedCredentials.AsNoTracking().SingleOrDefaultAsync(i => i.Id == importId && i.PersonId == personId, ct);
        if (import is null) return null;
        var report = await verification.VerifyAsync(Encoding.UTF8.GetBytes(import.CredentialText), null, ct);
        var facts = report.Credential is { } c && import.Format is ImportFormat.Ob3Json or ImportFormat.VcJwt or ImportFormat.BakedPng or ImportFormat.BakedSvg
            && c["credentialSubject"] is not null
            ? BadgeFacts.FromOpenBadge(c)
            : new BadgeFacts
            {
                AchievementName = import.AchievementName, AchievementId = import.AchievementId, AchievementType = import.AchievementType,
                MicroCredential = import.AchievementType is "MicroCredential", EqfLevel = import.EqfLevel, CreditsEc = (double?)import.Credits,
                Alignments = [.. import.AlignmentTargets.Select(u => new AlignmentFact(u, null, null, null))],
                IssuerId = import.IssuerId, IssuerName = import.IssuerName, IssuedAt = import.IssuedAt,
            };
        var bound = import.Recipient == RecipientMatch.Matched;
        var person = await db.Persons.AsNoTracking().SingleAsync(p => p.Id == personId, ct);
        var values = new Dictionary<DisclosedFact, string?> { [DisclosedFact.RecipientName] = person.ValidatedName ?? person.DisplayName };
        var format = import.Format == ImportFormat.Ob3Json ? PresentationFormats.LdpVc : "import:" + import.Format;
        return Build(format, await issuer.ChecksAsync(report, ct), facts, bound, bound ? "holder.backpack_owner" : "holder.recipient_not_matched", values, disclose)
            with
        { ImportId = import.Id };
    }

    private static PresentedCredential Build(string format, IReadOnlyList<PresentedCheck> checks, BadgeFacts facts, bool bound, string bindingCode,
        Dictionary<DisclosedFact, string?> values, IReadOnlyCollection<DisclosedFact> disclose) => new()
        {
            Format = format, Checks = checks, Facts = facts, BoundToHolder = bound, BindingCode = bindingCode,
            Disclosed = values.Where(v => disclose.Contains(v.Key) && !string.IsNullOrWhiteSpace(v.Value)).ToDictionary(v => v.Key, v => v.Value!),
            // Every learner fact not shared; pages show "not disclosed" for the ones the request asked for.
            Withheld = [.. Enum.GetValues<DisclosedFact>().Where(f => !disclose.Contains(f) || string.IsNullOrWhiteSpace(values.GetValueOrDefault(f)))],
        };
}
