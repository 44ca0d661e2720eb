using Laurel.Features.Institutions;
using Laurel.Features.Presentations;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Recognition;

/// <summary>
/// One recognition rule of a course: a badge that meets <see cref="Criteria"/> may exempt the learner from it. A course may have
/// several rules (any one suffices). <see cref="Partial"/> rules propose a partial exemption (e.g. the practical part only).
/// </summary>
public sealed record RecognitionRule
{
    public BadgeCriteria Criteria { get; init; } = new();
    /// <summary>True when meeting this rule earns only part of the course; <see cref="PartialEc"/> says how much.</summary>
    public bool Partial { get; init; }
    public decimal? PartialEc { get; init; }
    /// <summary>Explanation for learners and the exam board (both languages).</summary>
    public string? NoteNl { get; init; }
    public string? NoteEn { get; init; }
}

/// <summary>
/// A course of one of the institution's programmes for which the exam board accepts micro-credentials as grounds for exemption
/// ("Data Science 1 (5 EC) may be exempted by …"). Hangs from a faculty, so staff roles apply as for achievement definitions:
/// View sees it and its applications, Award decides, ManageAchievements edits rules.
/// </summary>
public class RecognitionCourse
{
    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    public Guid FacultyId { get; set; }
    /// <summary>The course code the student information system knows (e.g. INFOB1DS).</summary>
    public required string Code { get; set; }
    public required string NameNl { get; set; }
    public required string NameEn { get; set; }
    /// <summary>The programme it belongs to (name, and its CROHO/ISAT code when known).</summary>
    public required string Programme { get; set; }
    public string? ProgrammeCode { get; set; }
    public decimal Ec { get; set; }
    public List<RecognitionRule> Rules { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Archived courses take no new applications; decisions about them stay.</summary>
    public DateTime? ArchivedAt { get; set; }

    public string Name(string language) => language == "nl" ? NameNl : NameEn;
}

internal sealed class RecognitionCourseConfiguration : IEntityTypeConfiguration<RecognitionCourse>
{
    public void Configure(EntityTypeBuilder<RecognitionCourse> b)
    {
        b.Property(c => c.Code).HasMaxLength(40);
        b.Property(c => c.NameNl).HasMaxLength(200);
        b.Property(c => c.NameEn).HasMaxLength(200);
        b.Property(c => c.Programme).HasMaxLength(200);
        b.Property(c => c.ProgrammeCode).HasMaxLength(40);
        b.Property(c => c.Ec).HasPrecision(6, 2);
        b.Property(c => c.Rules).HasJsonConversion();
        b.HasIndex(c => new { c.InstitutionId, c.Code }).IsUnique();
        b.HasIndex(c => c.FacultyId);
        b.HasOne<Institution>().WithMany().HasForeignKey(c => c.InstitutionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Faculty>().WithMany().HasForeignKey(c => c.FacultyId).OnDelete(DeleteBehavior.Restrict);
    }
}
