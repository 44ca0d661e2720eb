using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Achievements.Catalog;

/// <summary>
/// Indexes for the public catalog (issue 18): its entity tag reads the number and latest change of published definitions
/// from one index range, and its page walks published definitions in name order instead of sorting them all.
/// </summary>
internal sealed class CatalogIndexes : IEntityTypeConfiguration<Achievement>
{
    public void Configure(EntityTypeBuilder<Achievement> b)
    {
        b.HasIndex(a => new { a.Status, a.UpdatedAt }, "IX_Achievements_I18P_CatalogStamp");
        b.HasIndex(a => new { a.Status, a.Name, a.Id }, "IX_Achievements_I18P_CatalogOrder");
    }
}
