namespace Laurel.Features.Institutions;

/// <summary>Education sector; decides the default study-load unit and quality-assurance framework.</summary>
public enum InstitutionType { WO, HBO, MBO }

/// <summary>A university or college that issues badges; the root of its staff and issuer tree.</summary>
public class Institution
{
    public Guid Id { get; set; }
    /// <summary>URL-safe short name, also the last part of the institution's did:web DID.</summary>
    public required string Slug { get; set; }
    public required string NameNl { get; set; }
    public required string NameEn { get; set; }
    /// <summary>SCHAC home organisation, e.g. <c>uu.nl</c>; matches linked institution accounts.</summary>
    public required string Identifier { get; set; }
    public string? Brin { get; set; }
    public InstitutionType Type { get; set; }
    public string DefaultLanguage { get; set; } = "nl";
    public bool MicroCredentialsEnabled { get; set; }
    /// <summary>Completions before this date never become micro-credentials (no retroactive awards).</summary>
    public DateOnly MicroCredentialStartDate { get; set; } = new(2023, 1, 1);
    /// <summary>Micro-credentials only for continuing-education learners, not initial students.</summary>
    public bool ContinuingEducationOnly { get; set; }
    public VolumePolicy Volume { get; set; } = VolumePolicy.Default;
    public string? LinkedInOrganizationId { get; set; }
    /// <summary>Regular expression an EPPN must match to be awarded by this institution.</summary>
    public string? EppnPattern { get; set; }
    public byte[]? Logo { get; set; }
    public string? LogoContentType { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public List<Faculty> Faculties { get; set; } = [];

    public string Name(string language) => language == "en" ? NameEn : NameNl;
}

/// <summary>Volume bounds for micro-credentials; institution or sector policy, never page code.</summary>
public record VolumePolicy
{
    public const int HoursPerEc = 28;

    public static VolumePolicy Default => new() { MinHours = 84, MaxHours = 840 };

    public int MinHours { get; set; }
    public int MaxHours { get; set; }

    public decimal MinEc => (decimal)MinHours / HoursPerEc;
    public decimal MaxEc => (decimal)MaxHours / HoursPerEc;
}
