using Laurel.Features.Presentations;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Recognition.Applications;

/// <summary>
/// "Add badges from a wallet" on a draft: a single-use presentation request (purpose Recognition, the institution set, the learner
/// as owner) whose QR code the learner scans; once the wallet's answer is recorded (by the OpenID4VP or VC-API channel, which verify
/// it), its credentials become badges of the application. Only what the wallet disclosed is copied.
/// </summary>
public sealed class ApplicationWallet(LaurelDb db, TimeProvider clock)
{
    /// <summary>Days the answer is kept as a presentation response; it is copied into the application at once, so one is enough.</summary>
    public const int RetentionDays = PresentationRequest.MinRetentionDays;

    /// <summary>A fresh request for the person's draft (replacing an earlier one); null when the draft is not theirs.</summary>
    public async Task<PresentationRequest?> StartAsync(Guid personId, Guid applicationId, CancellationToken ct)
    {
        var application = await db.Set<ExemptionApplication>()
            .SingleOrDefaultAsync(a => a.Id == applicationId && a.PersonId == personId && a.State == ExemptionApplicationState.Draft, ct);
        if (application is null) return null;
        var institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == application.InstitutionId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (application.PresentationRequestId is { } previous)
            await db.Set<PresentationRequest>().Where(r => r.Id == previous && r.ClosedAt == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.ClosedAt, now), ct);
        var request = new PresentationRequest
        {
            Id = Guid.CreateVersion7(), OwnerPersonId = personId, InstitutionId = institution.Id, Purpose = PresentationPurpose.Recognition,
            Title = Clip($"Exemptions – {institution.NameEn}", PresentationRequest.MaxTitleLength),
            PurposeNl = $"Je vraagt vrijstellingen aan bij {institution.NameNl}. Deel de badges waarop je aanvraag rust.",
            PurposeEn = $"You are applying for exemptions at {institution.NameEn}. Share the badges your application rests on.",
            VerifierName = Clip(institution.NameNl, 200),
            // Any valid badge: which course it may exempt from is for the rules and the exam board, not for the wallet to filter.
            Criteria = new BadgeCriteria(), AllowMultiple = true, Reusable = false, RetentionDays = RetentionDays,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Add(request);
        application.PresentationRequestId = request.Id;
        application.Version++;
        await db.SaveChangesAsync(ct);
        return request;
    }

    /// <summary>The open request of a draft (to show its QR code), or null.</summary>
    public Task<PresentationRequest?> OpenRequestAsync(ExemptionApplication application, CancellationToken ct) =>
        application.PresentationRequestId is { } id
            ? db.Set<PresentationRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.ClosedAt == null, ct)
            : Task.FromResult<PresentationRequest?>(null);

    /// <summary>
    /// Copies the recorded answer to the draft's request into the application's badges (source Wallet) and deletes the answer: the
    /// application now holds what was disclosed, and a reload does not copy it twice. Returns how many badges were added.
    /// </summary>
    public async Task<int> CollectAsync(Guid personId, Guid applicationId, CancellationToken ct)
    {
        var application = await db.Set<ExemptionApplication>().Include(a => a.Badges)
            .SingleOrDefaultAsync(a => a.Id == applicationId && a.PersonId == personId && a.State == ExemptionApplicationState.Draft, ct);
        if (application?.PresentationRequestId is not { } requestId) return 0;
        var responses = await db.Set<PresentationResponse>().Where(r => r.RequestId == requestId).ToListAsync(ct);
        if (responses.Count == 0) return 0;
        var added = 0;
        foreach (var credential in responses.SelectMany(r => r.Credentials.Select(c => (Response: r, Credential: c))))
        {
            if (application.Badges.Count + added >= ExemptionApplications.MaxBadges) break;
            db.Add(new ApplicationBadge
            {
                Id = Guid.CreateVersion7(), ApplicationId = application.Id, Source = ApplicationBadgeSource.Wallet,
                Format = credential.Credential.Format.Length <= 16 ? credential.Credential.Format : credential.Credential.Format[..16],
                Presented = credential.Credential.Presented, Facts = credential.Credential.Facts, Checks = [.. credential.Credential.Checks],
                VerifiedAt = credential.Response.UpdatedAt,
            });
            added++;
        }
        db.RemoveRange(responses);
        application.Version++;
        await db.SaveChangesAsync(ct);
        return added;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
