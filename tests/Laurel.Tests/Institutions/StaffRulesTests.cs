using Laurel.Features.Identity;
using Laurel.Features.Institutions;

namespace Laurel.Tests.Institutions;

/// <summary>The granting rules on their own: never above your own role, admin roles only at their own level.</summary>
public sealed class StaffRulesTests
{
    [Theory]
    [InlineData(StaffRole.InstitutionAdmin, StaffRole.InstitutionAdmin, ScopeLevel.Institution, true)]
    [InlineData(StaffRole.InstitutionAdmin, StaffRole.FacultyAdmin, ScopeLevel.Faculty, true)]
    [InlineData(StaffRole.InstitutionAdmin, StaffRole.Viewer, ScopeLevel.Issuer, true)]
    [InlineData(StaffRole.FacultyAdmin, StaffRole.InstitutionAdmin, ScopeLevel.Institution, false)]
    [InlineData(StaffRole.FacultyAdmin, StaffRole.IssuerAdmin, ScopeLevel.Issuer, true)]
    [InlineData(StaffRole.IssuerAdmin, StaffRole.InstitutionAdmin, ScopeLevel.Issuer, false)]
    [InlineData(StaffRole.IssuerAdmin, StaffRole.FacultyAdmin, ScopeLevel.Faculty, false)]
    [InlineData(StaffRole.IssuerAdmin, StaffRole.Awarder, ScopeLevel.Issuer, true)]
    [InlineData(StaffRole.IssuerAdmin, StaffRole.IssuerAdmin, ScopeLevel.Issuer, true)]
    [InlineData(StaffRole.Awarder, StaffRole.Viewer, ScopeLevel.Issuer, false)]
    [InlineData(StaffRole.Viewer, StaffRole.Viewer, ScopeLevel.Issuer, false)]
    [InlineData(StaffRole.InstitutionAdmin, StaffRole.IssuerAdmin, ScopeLevel.Faculty, false)]
    public void May_grant(StaffRole actor, StaffRole role, ScopeLevel level, bool expected) =>
        Assert.Equal(expected, StaffRules.MayGrant(actor, role, level));

    [Fact]
    public void Nobody_without_a_role_grants_anything() =>
        Assert.Empty(StaffRules.Grantable(null, ScopeLevel.Issuer));

    [Fact]
    public void Issuer_admin_is_offered_only_issuer_roles() =>
        Assert.Equal([StaffRole.IssuerAdmin, StaffRole.Awarder, StaffRole.Viewer], StaffRules.Grantable(StaffRole.IssuerAdmin, ScopeLevel.Issuer));
}
