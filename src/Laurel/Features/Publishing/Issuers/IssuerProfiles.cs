using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Issuers;

/// <summary>
/// Public issuer profiles: the institution (its Profile id is its did:web DID, as in credentials), its faculties and
/// issuers (Profile id = their page URL, which also answers JSON). Archived ones are not public.
/// </summary>
public sealed class IssuerProfiles(LaurelDb db, PublicOrigin origin)
{
    public const string ObContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    public Task<Institution?> InstitutionAsync(string slug, CancellationToken ct) =>
        db.Institutions.AsNoTracking().AsSplitQuery()
            .Include(i => i.Faculties.Where(f => f.ArchivedAt == null).OrderBy(f => f.NameEn))
            .ThenInclude(f => f.Issuers.Where(x => x.ArchivedAt == null).OrderBy(x => x.NameEn))
            .SingleOrDefaultAsync(i => i.Slug == slug && i.ArchivedAt == null, ct);

    public Task<Faculty?> FacultyAsync(string slug, Guid id, CancellationToken ct) =>
        db.Faculties.AsNoTracking().Include(f => f.Institution)
            .Include(f => f.Issuers.Where(x => x.ArchivedAt == null).OrderBy(x => x.NameEn))
            .SingleOrDefaultAsync(f => f.Id == id && f.ArchivedAt == null && f.Institution!.Slug == slug && f.Institution.ArchivedAt == null, ct);

    public Task<Issuer?> IssuerAsync(Guid id, CancellationToken ct) =>
        db.Issuers.AsNoTracking().Include(x => x.Faculty!).ThenInclude(f => f.Institution)
            .SingleOrDefaultAsync(x => x.Id == id && x.ArchivedAt == null && x.Faculty!.ArchivedAt == null
                && x.Faculty.Institution!.ArchivedAt == null, ct);

    public string InstitutionPage(Institution i) => origin.Url($"/institutions/{i.Slug}");
    public string FacultyPage(Faculty f, Institution i) => origin.Url($"/institutions/{i.Slug}/faculties/{f.Id}");
    public string IssuerPage(Issuer x) => origin.Url($"/issuers/{x.Id}");
    public static string LogoPath(Institution i) => $"/institutions/{i.Slug}/logo";
    public static string ImagePath(Issuer x) => $"/issuers/{x.Id}/image";

    public Profile InstitutionProfile(Institution i, string language) => new()
    {
        Id = origin.InstitutionDid(i.Slug),
        Name = i.Name(language),
        Url = InstitutionPage(i),
        Image = i.Logo is null ? null : new Image { Id = origin.Url(LogoPath(i)), Caption = i.Name(language) },
        Address = new Address { AddressCountry = language == "nl" ? "Nederland" : "Netherlands", AddressCountryCode = "NL" },
        OtherIdentifier =
        [
            new IdentifierEntry { Identifier = i.Identifier, IdentifierType = "ext:SCHACHomeOrganization" },
            .. i.Brin is { Length: > 0 } brin ? [new IdentifierEntry { Identifier = brin, IdentifierType = "ext:BRIN" }] : Array.Empty<IdentifierEntry>(),
        ],
    };

    public Profile FacultyProfile(Faculty f, Institution i, string language) => new()
    {
        Id = FacultyPage(f, i),
        Name = f.Name(language),
        Url = FacultyPage(f, i),
        Description = f.OnBehalfOf,
        ParentOrg = InstitutionProfile(i, language),
    };

    public Profile IssuerProfile(Issuer x, Faculty f, Institution i, string language) => new()
    {
        Id = IssuerPage(x),
        Name = x.Name(language),
        // An address stored before the URL rule existed (issue 12 finding 5) would make every award of this issuer unsignable.
        Url = x.Url is { } url && CredentialUrl.IsValid(url) ? url.Trim() : IssuerPage(x),
        Description = language == "en" ? x.DescriptionEn ?? x.DescriptionNl : x.DescriptionNl ?? x.DescriptionEn,
        Email = x.Email,
        Image = x.Image is null ? null : new Image { Id = origin.Url(ImagePath(x)), Caption = x.Name(language) },
        ParentOrg = FacultyProfile(f, i, language),
    };

    /// <summary>The Profile as a JSON-LD document with the VC 2.0 and OB 3.0 contexts.</summary>
    public static JsonObject ToJson(Profile profile)
    {
        var body = OpenBadgeJson.ToJsonObject(profile);
        var document = new JsonObject { ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", ObContext) };
        foreach (var (name, value) in body) document[name] = value?.DeepClone();
        return document;
    }
}
