using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Presentations.Requests;

/// <summary>One row of the verifier's list: the request and how many (unexpired) answers it has.</summary>
public sealed record RequestSummary(PresentationRequest Request, int Answers);

/// <summary>
/// A verifier's own requests and their answers. Every lookup takes the owner: someone else's request is "not found" (404), so
/// whether it exists is not revealed. Institution requests (Recognition) are not here: their exam boards handle them.
/// Answers past <see cref="PresentationResponse.ExpiresAt"/> are never returned, even before the retention job deleted them.
/// </summary>
public sealed class PresentationRequestStore(LaurelDb db, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private IQueryable<PresentationRequest> Own(Guid personId) =>
        db.Set<PresentationRequest>().Where(r => r.OwnerPersonId == personId && r.InstitutionId == null && r.Purpose == PresentationPurpose.General);

    public async Task<List<RequestSummary>> ListAsync(Guid personId, CancellationToken ct)
    {
        var now = Now;
        var rows = await Own(personId).AsNoTracking()
            .Select(r => new { Request = r, Answers = db.Set<PresentationResponse>().Count(x => x.RequestId == r.Id && x.ExpiresAt > now) })
            .ToListAsync(ct);
        // Sorted here: SQLite cannot order by a DateTime column in every provider version the same way.
        return [.. rows.OrderByDescending(r => r.Request.CreatedAt).Select(r => new RequestSummary(r.Request, r.Answers))];
    }

    public Task<PresentationRequest?> FindOwnAsync(Guid personId, Guid id, CancellationToken ct) =>
        Own(personId).AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>Any open or closed general request by id, for the public ask page (its link is public by design).</summary>
    public Task<PresentationRequest?> FindPublicAsync(Guid id, CancellationToken ct) =>
        db.Set<PresentationRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.Purpose == PresentationPurpose.General, ct);

    /// <summary>The name the learner sees as the asker: the organisation the verifier gave, else their own name.</summary>
    public async Task<string> VerifierNameAsync(PresentationRequest request, CancellationToken ct) =>
        request.VerifierName ?? await db.Persons.Where(p => p.Id == request.OwnerPersonId).Select(p => p.DisplayName).SingleOrDefaultAsync(ct) ?? "?";

    public async Task<Guid> CreateAsync(Guid personId, RequestValues values, CancellationToken ct)
    {
        var now = Now;
        var request = new PresentationRequest
        {
            Id = Guid.CreateVersion7(), OwnerPersonId = personId, Purpose = PresentationPurpose.General, Title = values.Title,
            PurposeNl = values.PurposeNl, PurposeEn = values.PurposeEn, CreatedAt = now, UpdatedAt = now,
        };
        values.ApplyTo(request);
        db.Add(request);
        await db.SaveChangesAsync(ct);
        return request.Id;
    }

    public async Task<bool> UpdateAsync(Guid personId, Guid id, RequestValues values, CancellationToken ct)
    {
        if (await Own(personId).SingleOrDefaultAsync(r => r.Id == id, ct) is not { } request) return false;
        (request.Title, request.PurposeNl, request.PurposeEn) = (values.Title, values.PurposeNl, values.PurposeEn);
        values.ApplyTo(request);
        request.UpdatedAt = Now;
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<bool> SetClosedAsync(Guid personId, Guid id, bool closed, CancellationToken ct)
    {
        var now = Now;
        return await Own(personId).Where(r => r.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClosedAt, closed ? now : null).SetProperty(r => r.UpdatedAt, now), ct) == 1;
    }

    /// <summary>Deletes the request; its sessions and answers go with it (cascade).</summary>
    public async Task<bool> DeleteAsync(Guid personId, Guid id, CancellationToken ct) =>
        await Own(personId).Where(r => r.Id == id).ExecuteDeleteAsync(ct) == 1;

    public async Task<List<PresentationResponse>> ResponsesAsync(Guid requestId, CancellationToken ct)
    {
        var now = Now;
        var rows = await db.Set<PresentationResponse>().AsNoTracking().Where(r => r.RequestId == requestId && r.ExpiresAt > now).ToListAsync(ct);
        return [.. rows.OrderByDescending(r => r.UpdatedAt)];
    }

    public async Task<(PresentationRequest Request, PresentationResponse Response)?> FindResponseAsync(Guid personId, Guid requestId, Guid responseId,
        CancellationToken ct)
    {
        if (await FindOwnAsync(personId, requestId, ct) is not { } request) return null;
        var now = Now;
        var response = await db.Set<PresentationResponse>().AsNoTracking()
            .SingleOrDefaultAsync(r => r.Id == responseId && r.RequestId == requestId && r.ExpiresAt > now, ct);
        return response is null ? null : (request, response);
    }

    public async Task<bool> DeleteResponseAsync(Guid personId, Guid requestId, Guid responseId, CancellationToken ct)
    {
        if (await FindOwnAsync(personId, requestId, ct) is null) return false;
        return await db.Set<PresentationResponse>().Where(r => r.Id == responseId && r.RequestId == requestId).ExecuteDeleteAsync(ct) == 1;
    }
}
