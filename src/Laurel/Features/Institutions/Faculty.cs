namespace Laurel.Features.Institutions;

/// <summary>An issuer group inside an institution (a faculty, school or consortium).</summary>
public class Faculty
{
    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    public Institution? Institution { get; set; }
    public required string NameNl { get; set; }
    public required string NameEn { get; set; }
    /// <summary>Consortium or partner this faculty issues on behalf of, shown beside the institution.</summary>
    public string? OnBehalfOf { get; set; }
    public string? LinkedInOrganizationId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public List<Issuer> Issuers { get; set; } = [];

    public string Name(string language) => language == "en" ? NameEn : NameNl;
}

/// <summary>The unit that owns micro-credential definitions and awards them (a department or programme).</summary>
public class Issuer
{
    public Guid Id { get; set; }
    public Guid FacultyId { get; set; }
    public Faculty? Faculty { get; set; }
    public required string NameNl { get; set; }
    public required string NameEn { get; set; }
    public string? DescriptionNl { get; set; }
    public string? DescriptionEn { get; set; }
    public string? Url { get; set; }
    public string? Email { get; set; }
    public byte[]? Image { get; set; }
    public string? ImageContentType { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }

    public string Name(string language) => language == "en" ? NameEn : NameNl;
}
