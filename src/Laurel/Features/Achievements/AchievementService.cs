using System.Security.Claims;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Achievements;

/// <summary>Outcome of a change: the saved definition, or every problem keyed by field.</summary>
public sealed record SaveOutcome(Achievement? Saved, Dictionary<string, List<string>> Errors)
{
    public bool Succeeded => Saved is not null && Errors.Count == 0;
}

/// <summary>Creates, changes, versions, publishes and archives definitions; callers have checked the staff right.</summary>
public sealed class AchievementService(LaurelDb db, TimeProvider clock, AuditLog audit, IStringLocalizer<AchievementText> t, CardHues hues)
{
    /// <summary>The issuer with its faculty and institution, or null when unknown.</summary>
    public Task<Issuer?> IssuerAsync(Guid issuerId, CancellationToken ct) =>
        db.Issuers.Include(i => i.Faculty!).ThenInclude(f => f.Institution).FirstOrDefaultAsync(i => i.Id == issuerId, ct);

    /// <summary>The definition with issuer, faculty and institution, or null when unknown.</summary>
    public Task<Achievement?> FindAsync(Guid id, CancellationToken ct) =>
        db.Achievements.Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .FirstOrDefaultAsync(a => a.Id == id, ct);

    public static bool IsActive(Issuer issuer) =>
        issuer.ArchivedAt is null && issuer.Faculty?.ArchivedAt is null && issuer.Faculty?.Institution?.ArchivedAt is null;

    /// <summary>A draft pre-filled with the sector's defaults, for a new definition.</summary>
    public static AchievementDraft NewDraft(Institution institution)
    {
        var (qaName, qaUrl) = AchievementRules.DefaultQualityAssurance(institution.Type);
        return new AchievementDraft
        {
            Kind = institution.MicroCredentialsEnabled ? AchievementKind.MicroCredential : AchievementKind.Regular,
            Language = institution.DefaultLanguage, StudyLoadUnit = AchievementRules.DefaultUnit(institution.Type),
            QualityAssuranceName = qaName, QualityAssuranceUrl = qaUrl,
        };
    }

    public Dictionary<string, List<string>> Validate(AchievementDraft draft, Issuer issuer, byte[]? image)
    {
        var errors = AchievementRules.Validate(draft, issuer.Faculty!.Institution!, IsActive(issuer), t);
        if (image is not null && AchievementImage.Check(image).ErrorKey is { } key)
            errors["Image"] = [t[key, AchievementImage.MaxBytes / 1024 / 1024].Value];
        return errors;
    }

    public async Task<SaveOutcome> CreateAsync(ClaimsPrincipal user, Issuer issuer, AchievementDraft draft, byte[]? image, string client, CancellationToken ct)
    {
        var errors = Validate(draft, issuer, image);
        if (errors.Count > 0) return new SaveOutcome(null, errors);
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7();
        var achievement = new Achievement
        {
            Id = id, LineageId = id, IssuerId = issuer.Id, InstitutionId = issuer.Faculty!.InstitutionId,
            Status = AchievementStatus.Draft, CreatedAt = now, UpdatedAt = now,
        };
        draft.ApplyTo(achievement);
        SetImage(achievement, image);
        db.Achievements.Add(achievement);
        audit.Add(user, "achievement.created", nameof(Achievement), id, achievement.InstitutionId, new { achievement.Name, Kind = achievement.Kind.ToString() }, client);
        await db.SaveChangesAsync(ct);
        return new SaveOutcome(achievement, errors);
    }

    /// <summary>Saves changes; a frozen (awarded) definition stays untouched and the changes become a new draft version.</summary>
    public async Task<SaveOutcome> UpdateAsync(ClaimsPrincipal user, Achievement current, AchievementDraft draft, byte[]? image, string client, CancellationToken ct)
    {
        var errors = Validate(draft, current.Issuer!, image);
        if (current.ArchivedAt is not null) errors["Issuer"] = [t["Rule_DefinitionArchived"].Value];
        if (errors.Count > 0) return new SaveOutcome(null, errors);
        var now = clock.GetUtcNow().UtcDateTime;
        if (current.FrozenAt is null)
        {
            draft.ApplyTo(current);
            SetImage(current, image);
            current.UpdatedAt = now;
            audit.Add(user, "achievement.updated", nameof(Achievement), current.Id, current.InstitutionId, new { current.Name, current.Version }, client);
            await db.SaveChangesAsync(ct);
            return new SaveOutcome(current, errors);
        }
        var latest = await db.Achievements.Where(a => a.LineageId == current.LineageId).MaxAsync(a => a.Version, ct);
        var next = new Achievement
        {
            Id = Guid.CreateVersion7(), LineageId = current.LineageId, Version = latest + 1, PreviousVersionId = current.Id,
            IssuerId = current.IssuerId, InstitutionId = current.InstitutionId, Status = AchievementStatus.Draft,
            Image = current.Image, ImageContentType = current.ImageContentType, CreatedAt = now, UpdatedAt = now, CardHue = current.CardHue,
        };
        draft.ApplyTo(next);
        SetImage(next, image);
        db.Achievements.Add(next);
        audit.Add(user, "achievement.versioned", nameof(Achievement), next.Id, next.InstitutionId,
            new { next.Name, next.Version, PreviousVersionId = current.Id }, client);
        await db.SaveChangesAsync(ct);
        return new SaveOutcome(next, errors);
    }

    /// <summary>A new, independent draft with the same content (a new lineage at version 1).</summary>
    public async Task<Achievement> CopyAsync(ClaimsPrincipal user, Achievement source, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7();
        var copy = new Achievement
        {
            Id = id, LineageId = id, IssuerId = source.IssuerId, InstitutionId = source.InstitutionId, Status = AchievementStatus.Draft,
            Image = source.Image, ImageContentType = source.ImageContentType, CreatedAt = now, UpdatedAt = now,
        };
        AchievementDraft.From(source).ApplyTo(copy);
        copy.Name = Truncate(t["CopyOf", source.Name].Value, AchievementRules.MaxNameLength);
        db.Achievements.Add(copy);
        audit.Add(user, "achievement.copied", nameof(Achievement), id, copy.InstitutionId, new { CopiedFrom = source.Id }, "web");
        await db.SaveChangesAsync(ct);
        return copy;
    }

    /// <summary>Publishes after checking every rule again (the institution's policy may have changed since saving).</summary>
    public async Task<Dictionary<string, List<string>>> PublishAsync(ClaimsPrincipal user, Achievement a, CancellationToken ct)
    {
        var errors = Validate(AchievementDraft.From(a), a.Issuer!, null);
        if (a.ArchivedAt is not null) errors["Issuer"] = [t["Rule_DefinitionArchived"].Value];
        if (errors.Count > 0) return errors;
        await hues.AssignAsync(a, ct);
        a.Status = AchievementStatus.Published;
        a.PublishedAt ??= clock.GetUtcNow().UtcDateTime;
        await ChangeAsync(user, a, "achievement.published", ct);
        return errors;
    }

    public Task UnpublishAsync(ClaimsPrincipal user, Achievement a, CancellationToken ct)
    {
        a.Status = AchievementStatus.Draft;
        return ChangeAsync(user, a, "achievement.unpublished", ct);
    }

    public Task ArchiveAsync(ClaimsPrincipal user, Achievement a, CancellationToken ct)
    {
        a.ArchivedAt ??= clock.GetUtcNow().UtcDateTime;
        return ChangeAsync(user, a, "achievement.archived", ct);
    }

    public Task UnarchiveAsync(ClaimsPrincipal user, Achievement a, CancellationToken ct)
    {
        a.ArchivedAt = null;
        return ChangeAsync(user, a, "achievement.unarchived", ct);
    }

    private async Task ChangeAsync(ClaimsPrincipal user, Achievement a, string action, CancellationToken ct)
    {
        a.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(user, action, nameof(Achievement), a.Id, a.InstitutionId, new { a.Name, a.Version });
        await db.SaveChangesAsync(ct);
    }

    private static void SetImage(Achievement a, byte[]? image)
    {
        if (image is null) return;
        var (bytes, contentType, _) = AchievementImage.Check(image);
        a.Image = bytes;
        a.ImageContentType = contentType;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
