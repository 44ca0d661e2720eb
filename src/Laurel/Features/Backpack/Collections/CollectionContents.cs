using System.Text;
using Laurel.Credentials.Verification;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Backpack.Collections;

/// <summary>One credential of a collection as a page shows it, with the credential itself for verification and download.</summary>
public sealed record CollectionCredential
{
    public required Guid ItemId { get; init; }
    public required Guid CredentialId { get; init; }
    public Award? Award { get; init; }
    public ImportedCredential? Import { get; init; }
    public bool Imported => Import is not null;
    public required string Name { get; init; }
    public required string IssuerNl { get; init; }
    public required string IssuerEn { get; init; }
    public DateTime? Date { get; init; }
    public string? ImageUrl { get; init; }
    public bool IsMicroCredential { get; init; }
    public decimal? Credits { get; init; }
    public int? EqfLevel { get; init; }
    public string Issuer(string language) => language == "en" ? IssuerEn : IssuerNl;

    /// <summary>Grade shown to this viewer (the owner always; the public only when the learner allows it).</summary>
    public string? VisibleGrade(bool owner) => Award is { Grade: { Length: > 0 } grade } a && (owner || a.ShowGrade) ? grade : null;

    /// <summary>Narrative and evidence shown to this viewer.</summary>
    public bool EvidenceVisible(bool owner) => Award is { } a && (owner || a.ShowEvidence);

    /// <summary>
    /// Whether the signed credential may go in this viewer's download: it carries grade and evidence and cannot be
    /// redacted, so the public gets it only when nothing inside is hidden from them (the rule of the badge page's downloads).
    /// </summary>
    public bool SignedVisible(bool owner) => owner || (Award is not { } a ? VisibleTo(owner)
        : (a.ShowGrade || string.IsNullOrEmpty(a.Grade)) && (a.ShowEvidence || (a.Evidence.Count == 0 && string.IsNullOrEmpty(a.Narrative))));

    /// <summary>
    /// Whether this viewer sees the credential at all: an import that does not name its holder by a verified identity
    /// (issued to someone else, or nobody can tell) is never shown to others as the holder's badge — it is left out.
    /// </summary>
    public bool VisibleTo(bool owner) => owner || Import is not { } i || i.Recipient == RecipientMatch.Matched;
}

/// <summary>Reads a collection's credentials (in order), verifies each, and builds the one-file download.</summary>
public sealed class CollectionContents(LaurelDb db, VerificationService verification, PublicOrigin origin)
{
    /// <summary>The collection when the viewer may see it: its owner always, anyone else only when it is public.</summary>
    public async Task<Collection?> FindVisibleAsync(Guid id, Guid? viewerId, CancellationToken ct)
    {
        var collection = await db.Collections.AsNoTracking().Include(c => c.Items).FirstOrDefaultAsync(c => c.Id == id, ct);
        return collection is not null && (collection.IsPublic || collection.PersonId == viewerId) ? collection : null;
    }

    public async Task<List<CollectionCredential>> CredentialsAsync(Collection collection, CancellationToken ct)
    {
        var awardIds = collection.Items.Where(i => i.AwardId != null).Select(i => i.AwardId!.Value).ToList();
        var importIds = collection.Items.Where(i => i.ImportedCredentialId != null).Select(i => i.ImportedCredentialId!.Value).ToList();
        // Only the owner's own credentials, even if an item were ever to point elsewhere.
        var awards = await db.Awards.AsNoTracking()
            .Include(a => a.Achievement!).ThenInclude(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .Where(a => awardIds.Contains(a.Id) && a.RecipientPersonId == collection.PersonId).ToDictionaryAsync(a => a.Id, ct);
        var imports = await db.ImportedCredentials.AsNoTracking()
            .Where(i => importIds.Contains(i.Id) && i.PersonId == collection.PersonId).ToDictionaryAsync(i => i.Id, ct);
        var result = new List<CollectionCredential>();
        foreach (var item in collection.Items.OrderBy(i => i.Position))
        {
            if (item.AwardId is { } awardId && awards.TryGetValue(awardId, out var award))
            {
                var achievement = award.Achievement!;
                var institution = achievement.Issuer!.Faculty!.Institution!;
                result.Add(new CollectionCredential
                {
                    ItemId = item.Id, CredentialId = awardId, Award = award, Name = achievement.Name,
                    IssuerNl = $"{achievement.Issuer.NameNl}, {institution.NameNl}", IssuerEn = $"{achievement.Issuer.NameEn}, {institution.NameEn}",
                    Date = award.IssuedAt, ImageUrl = $"/catalog/{achievement.Id}/badge.png",
                    IsMicroCredential = achievement.Kind == AchievementKind.MicroCredential,
                    Credits = achievement.StudyLoadUnit == StudyLoadUnit.Ec ? achievement.StudyLoad : null, EqfLevel = achievement.EqfLevel,
                });
            }
            else if (item.ImportedCredentialId is { } importId && imports.TryGetValue(importId, out var import))
            {
                result.Add(new CollectionCredential
                {
                    ItemId = item.Id, CredentialId = importId, Import = import, Name = import.AchievementName,
                    IssuerNl = import.IssuerName, IssuerEn = import.IssuerName, Date = import.IssuedAt ?? import.ImportedAt,
                    ImageUrl = import.ImageUrl is { } url && url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase) ? url : null,
                    IsMicroCredential = string.Equals(import.AchievementType, "MicroCredential", StringComparison.OrdinalIgnoreCase),
                    Credits = import.Credits, EqfLevel = import.EqfLevel,
                });
            }
        }
        return result;
    }

    /// <summary>The live verification of one credential: Laurel's own from its cache, imported ones checked again now.</summary>
    public Task<VerificationReport> VerifyAsync(CollectionCredential credential, CancellationToken ct) =>
        credential.Award is { } award
            ? verification.VerifyStoredAsync(award, ct)
            : verification.VerifyAsync(Encoding.UTF8.GetBytes(credential.Import!.CredentialText), null, ct);

    public string PublicUrl(Guid id) => origin.Url($"/collections/{id}");

    /// <summary>The holder's display name: a public collection says whose it is.</summary>
    public async Task<string> HolderAsync(Collection collection, CancellationToken ct) =>
        await db.Persons.Where(p => p.Id == collection.PersonId).Select(p => p.DisplayName).FirstOrDefaultAsync(ct) ?? "?";

    /// <summary>
    /// An unsigned W3C Verifiable Presentation holding each credential exactly as stored, so each is verified on its own
    /// (the presentation has no proof: it only packages them). JSON credentials are inserted byte for byte; a VC-JWT
    /// goes in as an EnvelopedVerifiableCredential (VC Data Model 2.0 §4.13) with the compact JWT in a data: URL.
    /// </summary>
    public string Presentation(Collection collection, IEnumerable<CollectionCredential> credentials)
    {
        var parts = new List<string>();
        foreach (var credential in credentials)
        {
            var text = credential.Award?.CredentialJson ?? credential.Import!.CredentialText;
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith('{')) parts.Add(trimmed.TrimEnd());
            else parts.Add(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["@context"] = "https://www.w3.org/ns/credentials/v2",
                ["id"] = "data:application/vc+jwt," + trimmed.TrimEnd(),
                ["type"] = "EnvelopedVerifiableCredential",
            }));
        }
        var id = System.Text.Json.JsonSerializer.Serialize(PublicUrl(collection.Id));
        return "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiablePresentation\"],\"id\":" + id
            + ",\"verifiableCredential\":[" + string.Join(",", parts) + "]}";
    }
}
