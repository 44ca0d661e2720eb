using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Achievements;

internal sealed class AchievementConfiguration : IEntityTypeConfiguration<Achievement>
{
    public void Configure(EntityTypeBuilder<Achievement> b)
    {
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.StudyLoadUnit).HasConversion<string>().HasMaxLength(8);
        b.Property(a => a.Supervision).HasConversion<string>().HasMaxLength(40);
        b.Property(a => a.StudyLoad).HasPrecision(8, 2);
        b.Property(a => a.Name).HasMaxLength(200);
        b.Property(a => a.Language).HasMaxLength(8);
        b.PrimitiveCollection(a => a.ParticipationForms).ElementType(e => e.HasConversion<string>());
        b.PrimitiveCollection(a => a.AssessmentTypes).ElementType(e => e.HasConversion<string>());
        b.PrimitiveCollection(a => a.ProgrammeIdentifiers);
        b.PrimitiveCollection(a => a.Tags);
        b.OwnsMany(a => a.Alignments, o => o.ToJson());
        b.OwnsMany(a => a.Translations, o => o.ToJson());
        b.Ignore(a => a.StudyLoadHours);
        b.Ignore(a => a.StudyLoadEc);
        b.HasOne(a => a.Issuer).WithMany().HasForeignKey(a => a.IssuerId);
        b.HasIndex(a => new { a.InstitutionId, a.Status });
        b.HasIndex(a => a.LineageId);
    }
}
