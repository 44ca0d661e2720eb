using System.Linq.Expressions;
using Laurel.Features.Awards;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Badges;

/// <summary>
/// Everything the badge page shows or its verdict depends on, from one query by primary keys (no credential, no images): the
/// award's state, version and visibility, the definition's version, the issuer, faculty and institution texts (they carry no
/// change time, so their values go in), and the versions of its revocation and suspension lists, so a revocation changes the
/// tag on every node at once. Compiled (one per provider: a compiled query belongs to one model), as it runs on every view.
/// </summary>
public sealed class BadgePageStamp
{
    public Guid? RecipientPersonId { get; init; }
    public Guid AchievementId { get; init; }
    public bool IsPublic { get; init; }
    public bool ShowGrade { get; init; }
    public bool ShowEvidence { get; init; }
    public AwardState State { get; init; }
    public int Version { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? RevokedAt { get; init; }
    public string? RevocationReason { get; init; }
    public DateTime? SuspendedAt { get; init; }
    public string? SuspensionReason { get; init; }
    public string? RecipientName { get; init; }
    public string? Grade { get; init; }
    public string? Narrative { get; init; }
    public string SigningKeyId { get; init; } = "";
    public DateTime Definition { get; init; }
    public string Issuer { get; init; } = "";
    public string Faculty { get; init; } = "";
    public string Institution { get; init; } = "";
    public int? Revocation { get; init; }
    public int? Suspension { get; init; }

    private static Expression<Func<LaurelDb, Guid, BadgePageStamp?>> Query() =>
        (db, awardId) => db.Awards.AsNoTracking().Where(a => a.Id == awardId).Select(a => new BadgePageStamp
        {
            RecipientPersonId = a.RecipientPersonId, AchievementId = a.AchievementId, IsPublic = a.IsPublic, ShowGrade = a.ShowGrade,
            ShowEvidence = a.ShowEvidence, State = a.State, Version = a.Version, UpdatedAt = a.UpdatedAt, RevokedAt = a.RevokedAt,
            RevocationReason = a.RevocationReason, SuspendedAt = a.SuspendedAt, SuspensionReason = a.SuspensionReason,
            RecipientName = a.RecipientName, Grade = a.Grade, Narrative = a.Narrative, SigningKeyId = a.SigningKeyId,
            Definition = a.Achievement!.UpdatedAt,
            Issuer = a.Achievement.Issuer!.NameNl + "|" + a.Achievement.Issuer.NameEn,
            Faculty = a.Achievement.Issuer.Faculty!.NameNl + "|" + a.Achievement.Issuer.Faculty.NameEn + "|" + a.Achievement.Issuer.Faculty.LinkedInOrganizationId,
            Institution = a.Achievement.Issuer.Faculty.Institution!.Slug + "|" + a.Achievement.Issuer.Faculty.Institution.NameNl + "|"
                + a.Achievement.Issuer.Faculty.Institution.NameEn + "|" + a.Achievement.Issuer.Faculty.Institution.LinkedInOrganizationId,
            Revocation = db.Set<StatusList>().Where(l => l.Id == a.RevocationListId).Select(l => (int?)l.Version).FirstOrDefault(),
            Suspension = db.Set<StatusList>().Where(l => l.Id == a.SuspensionListId).Select(l => (int?)l.Version).FirstOrDefault(),
        }).FirstOrDefault();

    private static readonly Func<SqliteLaurelDb, Guid, Task<BadgePageStamp?>> Sqlite = EF.CompileAsyncQuery(ProviderQueries.Retype<SqliteLaurelDb, Guid, BadgePageStamp?>(Query()));
    private static readonly Func<PostgresLaurelDb, Guid, Task<BadgePageStamp?>> Postgres = EF.CompileAsyncQuery(ProviderQueries.Retype<PostgresLaurelDb, Guid, BadgePageStamp?>(Query()));

    /// <summary>The stamp of the award's page, or null when the award is unknown.</summary>
    public static Task<BadgePageStamp?> ReadAsync(LaurelDb db, Guid awardId, CancellationToken ct) => db switch
    {
        SqliteLaurelDb sqlite => Sqlite(sqlite, awardId),
        PostgresLaurelDb postgres => Postgres(postgres, awardId),
        _ => throw new NotSupportedException(db.GetType().Name),
    };

    /// <summary>
    /// The page's entity tag for <paramref name="viewer"/>. The person (not only the kind of viewer) goes in: the layout names whoever
    /// is signed in. The hour bounds how long a verdict that depends on time or keys (an expiry date, a retired key) can be reused,
    /// as the verification cache does.
    /// </summary>
    public string ETag(Guid awardId, AwardViewer viewer, Guid? personId, DateTimeOffset now) =>
        ConditionalGet.ETag(awardId, viewer, personId, IsPublic, ShowGrade, ShowEvidence, State, Version, UpdatedAt, RevokedAt, RevocationReason,
            SuspendedAt, SuspensionReason, RecipientName, Grade, Narrative, SigningKeyId, Definition, Issuer, Faculty, Institution, Revocation,
            Suspension, now.UtcDateTime.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// The badge page's tag for an anonymous visitor (<see cref="PublicPageCache"/>): null for a machine asking for the credential,
/// an unknown or a private award (the page answers those itself).
/// </summary>
public sealed class BadgePageTag(TimeProvider clock) : IPublicPageTag
{
    public string Page => "/Publishing/Badges/BadgePage";
    public string Vary => "Accept, Accept-Language, Cookie";

    public async Task<string?> TagAsync(HttpContext context, CancellationToken ct)
    {
        if (!Guid.TryParse(context.Request.RouteValues["id"] as string, out var awardId) || CredentialNegotiation.CredentialType(context.Request) is not null)
            return null;
        var stamp = await BadgePageStamp.ReadAsync(context.RequestServices.GetRequiredService<LaurelDb>(), awardId, ct);
        return stamp is { IsPublic: true } ? stamp.ETag(awardId, AwardViewer.Public, null, clock.GetUtcNow()) : null;
    }
}
