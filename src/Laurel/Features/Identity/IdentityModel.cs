using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Identity;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.Property(p => p.DisplayName).HasMaxLength(Person.MaxNameLength);
        b.Property(p => p.ValidatedName).HasMaxLength(Person.MaxNameLength);
        b.Property(p => p.SelfAssertedName).HasMaxLength(Person.MaxNameLength);
        b.Property(p => p.Email).HasMaxLength(320);
        b.HasIndex(p => p.Email);
        b.Property(p => p.EmailVerification).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.SecurityStamp).HasMaxLength(64);
        b.HasMany(p => p.Identities).WithOne(i => i.Person).HasForeignKey(i => i.PersonId);
        b.HasMany(p => p.Memberships).WithOne(m => m.Person).HasForeignKey(m => m.PersonId);
    }
}

internal sealed class LinkedIdentityConfiguration : IEntityTypeConfiguration<LinkedIdentity>
{
    public void Configure(EntityTypeBuilder<LinkedIdentity> b)
    {
        b.HasIndex(i => new { i.Provider, i.Subject }).IsUnique();
        b.HasIndex(i => i.Eppn);
        b.Property(i => i.Provider).HasMaxLength(64);
        b.Property(i => i.Subject).HasMaxLength(256);
        b.Property(i => i.EmailVerification).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class StaffMembershipConfiguration : IEntityTypeConfiguration<StaffMembership>
{
    public void Configure(EntityTypeBuilder<StaffMembership> b)
    {
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(32);
        b.Property(m => m.Level).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(m => new { m.InstitutionId, m.ScopeId });
        b.HasIndex(m => m.InvitedEmail);
    }
}
