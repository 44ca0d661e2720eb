using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Pathways;

/// <summary>Drafts are seen by staff only; published pathways are public and count towards completion.</summary>
public enum PathwayStatus { Draft, Published }

/// <summary>
/// A stack of achievements (from any institution, or from elsewhere) that together lead somewhere, defined by staff of one
/// institution. The requirements are data: a learner completes it when every stated minimum is met, and then receives the
/// optional completion achievement automatically.
/// </summary>
public class Pathway
{
    public Guid Id { get; set; }
    /// <summary>The owning institution: its staff manage the pathway and it awards the completion achievement.</summary>
    public Guid InstitutionId { get; set; }
    public string NameNl { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string DescriptionNl { get; set; } = "";
    public string DescriptionEn { get; set; } = "";
    public PathwayStatus Status { get; set; }
    public List<PathwayItem> Items { get; set; } = [];

    /// <summary>At least this many items held (e.g. "any 3 of these 5").</summary>
    public int? MinItems { get; set; }
    /// <summary>At least this many EC in total over the held items.</summary>
    public decimal? MinCredits { get; set; }
    /// <summary>At least <see cref="MinEqfCount"/> held items at this EQF level or higher.</summary>
    public int? MinEqfLevel { get; set; }
    public int MinEqfCount { get; set; } = 1;

    /// <summary>One of the owning institution's own achievements, awarded when the pathway completes.</summary>
    public Guid? CompletionAchievementId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }

    public string Name(string language) => language == "en" ? NameEn : NameNl;
    public string Description(string language) => language == "en" ? DescriptionEn : DescriptionNl;
}

/// <summary>
/// One piece of a pathway: a Laurel achievement (any version of its definition counts) or an achievement issued elsewhere,
/// named by its achievement id URL or an alignment target URL (matched against verified imported credentials).
/// </summary>
public class PathwayItem
{
    public Guid Id { get; set; }
    public Guid PathwayId { get; set; }
    public int Position { get; set; }
    /// <summary>The version staff picked (shown on the pathway page).</summary>
    public Guid? AchievementId { get; set; }
    /// <summary>The definition's lineage: awards of any of its versions count.</summary>
    public Guid? LineageId { get; set; }
    public string? ExternalUrl { get; set; }
    /// <summary>Name shown for an external item.</summary>
    public string? Label { get; set; }
    /// <summary>A must-have: the pathway is not complete without it.</summary>
    public bool Required { get; set; }
    /// <summary>
    /// External items only: the issuers whose credentials count for it (issuer ids such as DIDs, or domains, see
    /// <see cref="Laurel.Features.Backpack.Imports.IssuerMatcher"/>), besides those on Laurel's trusted-issuer list.
    /// Anyone can sign a credential naming any achievement id: without a trusted issuer an import never counts.
    /// </summary>
    public List<string> AcceptedIssuers { get; set; } = [];
}

internal sealed class PathwayConfiguration : IEntityTypeConfiguration<Pathway>
{
    public void Configure(EntityTypeBuilder<Pathway> b)
    {
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.NameNl).HasMaxLength(PathwayRules.MaxNameLength);
        b.Property(p => p.NameEn).HasMaxLength(PathwayRules.MaxNameLength);
        b.Property(p => p.DescriptionNl).HasMaxLength(PathwayRules.MaxDescriptionLength);
        b.Property(p => p.DescriptionEn).HasMaxLength(PathwayRules.MaxDescriptionLength);
        b.Property(p => p.MinCredits).HasPrecision(6, 2);
        b.HasOne<Laurel.Features.Institutions.Institution>().WithMany().HasForeignKey(p => p.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Items).WithOne().HasForeignKey(i => i.PathwayId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.InstitutionId, p.Status });
    }
}

internal sealed class PathwayItemConfiguration : IEntityTypeConfiguration<PathwayItem>
{
    public void Configure(EntityTypeBuilder<PathwayItem> b)
    {
        b.Property(i => i.ExternalUrl).HasMaxLength(PathwayRules.MaxUrlLength);
        b.Property(i => i.Label).HasMaxLength(PathwayRules.MaxNameLength);
        // The backpack listener finds candidate pathways by the learner's lineages and achievement/alignment URLs.
        b.HasIndex(i => i.LineageId);
        b.HasIndex(i => i.ExternalUrl);
    }
}
