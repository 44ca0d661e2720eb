using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Institutions;

internal sealed class InstitutionConfiguration : IEntityTypeConfiguration<Institution>
{
    public void Configure(EntityTypeBuilder<Institution> b)
    {
        b.HasIndex(i => i.Slug).IsUnique();
        b.HasIndex(i => i.Identifier).IsUnique();
        b.Property(i => i.Slug).HasMaxLength(64);
        b.Property(i => i.NameNl).HasMaxLength(200);
        b.Property(i => i.NameEn).HasMaxLength(200);
        b.Property(i => i.Identifier).HasMaxLength(200);
        b.Property(i => i.Brin).HasMaxLength(8);
        b.Property(i => i.Type).HasConversion<string>().HasMaxLength(8);
        b.Property(i => i.DefaultLanguage).HasMaxLength(8);
        b.ComplexProperty(i => i.Volume);
        b.HasMany(i => i.Faculties).WithOne(f => f.Institution).HasForeignKey(f => f.InstitutionId);
    }
}

internal sealed class FacultyConfiguration : IEntityTypeConfiguration<Faculty>
{
    public void Configure(EntityTypeBuilder<Faculty> b)
    {
        b.Property(f => f.NameNl).HasMaxLength(200);
        b.Property(f => f.NameEn).HasMaxLength(200);
        b.HasMany(f => f.Issuers).WithOne(i => i.Faculty).HasForeignKey(i => i.FacultyId);
    }
}

internal sealed class IssuerConfiguration : IEntityTypeConfiguration<Issuer>
{
    public void Configure(EntityTypeBuilder<Issuer> b)
    {
        b.Property(i => i.NameNl).HasMaxLength(200);
        b.Property(i => i.NameEn).HasMaxLength(200);
    }
}
