using Laurel.Features.Awards;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity.Deletion;

/// <summary>
/// The awarding data of a deleted person. Awards keep what verifiers rely on — id, signed credential, signing key, status list
/// entries and state — so copies the learner downloaded keep verifying and no status list changes. What tied an award to the
/// person goes: the person id, the name, and the plain recipient identity and salt (overwritten with random values, so the
/// identity hash in the credential can no longer be linked to anyone from Laurel's data). Requests, reported-completion keys,
/// replay caches and mail to the person's addresses go too.
/// </summary>
public sealed class AwardDataEraser(LaurelDb db, TimeProvider clock) : IPersonalDataEraser
{
    public async Task EraseAsync(Guid personId, CancellationToken ct)
    {
        var footprint = await PersonalFootprint.LoadAsync(db, personId, ct);
        if (footprint is null) return;
        var identities = footprint.RecipientIdentities;
        var now = clock.GetUtcNow().UtcDateTime;

        var awards = await db.Awards
            .Where(a => a.RecipientPersonId == personId || (a.RecipientPersonId == null && identities.Contains(a.RecipientIdentity)))
            .ToListAsync(ct);
        foreach (var award in awards)
        {
            award.RecipientPersonId = null;
            award.RecipientName = null;
            award.RecipientIdentity = PersonalFootprint.RandomValue();
            // An identifier, not an e-mail address: later notices (revocation) must not be mailed to the random value.
            award.RecipientIdentityType = RecipientTypes.Identifier;
            award.RecipientSalt = PersonalFootprint.RandomValue("");
            // Reasons staff typed (revocation, suspension, cancellation) may name the learner.
            award.RevocationReason = footprint.Scrub(award.RevocationReason);
            award.SuspensionReason = footprint.Scrub(award.SuspensionReason);
            award.CancellationReasons = [.. award.CancellationReasons.Select(r => new AwardCancellationReason { Nl = footprint.Scrub(r.Nl)!, En = footprint.Scrub(r.En)! })];
            award.IsPublic = false;
            award.ShowGrade = false;
            award.ShowEvidence = false;
            // Nobody can claim these any more; the status list is left alone (the credential never reached a holder).
            if (award.State is AwardState.AwaitingClaim or AwardState.Scheduled)
            {
                award.State = AwardState.Declined;
                award.Version++;
                award.ClaimDecidedAt = now;
            }
            award.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);

        await db.BadgeRequests.Where(r => r.PersonId == personId).ExecuteDeleteAsync(ct);

        var awardIds = awards.Select(a => a.Id).ToList();
        var keys = footprint.LearnerKeys;
        var completions = await db.Completions
            .Where(c => keys.Contains(c.LearnerKey) || awardIds.Contains(c.AwardId)).ToListAsync(ct);
        // The row stays (it records that the completion was awarded, so a retry does not award twice); its key no longer names anyone.
        foreach (var completion in completions) completion.LearnerKey = PersonalFootprint.RandomValue();

        var emails = footprint.Emails;
        await db.OutboxMessages.Where(m => emails.Contains(m.RecipientAddress.ToLower())).ExecuteDeleteAsync(ct);
        foreach (var form in footprint.SearchForms)
        {
            await db.IdempotencyRecords.Where(r => r.ResponseBody != null && r.ResponseBody.ToLower().Contains(form)).ExecuteDeleteAsync(ct);
            foreach (var message in await db.OutboxMessages
                         .Where(m => m.Subject.ToLower().Contains(form) || m.TextBody.ToLower().Contains(form) || (m.HtmlBody != null && m.HtmlBody.ToLower().Contains(form))).ToListAsync(ct))
            {
                message.Subject = footprint.Scrub(message.Subject)!;
                message.TextBody = footprint.Scrub(message.TextBody)!;
                message.HtmlBody = footprint.Scrub(message.HtmlBody);
            }
            // Staff's bulk upload reports name the learners they awarded.
            foreach (var upload in await db.BulkUploads
                         .Where(u => (u.RowsJson != null && u.RowsJson.ToLower().Contains(form)) || (u.OutcomesJson != null && u.OutcomesJson.ToLower().Contains(form))).ToListAsync(ct))
            {
                upload.RowsJson = footprint.Scrub(upload.RowsJson);
                upload.OutcomesJson = footprint.Scrub(upload.OutcomesJson);
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
