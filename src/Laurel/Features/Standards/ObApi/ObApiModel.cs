using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Standards.ObApi;

/// <summary>An OB 3.0 API client registered dynamically (OB3-7.7, RFC 7591). Only the SHA-256 of its secret is kept.</summary>
public class ObClient
{
    public required string Id { get; set; }
    public required string SecretHash { get; set; }
    public required string Name { get; set; }
    public required string ClientUri { get; set; }
    public required string LogoUri { get; set; }
    public required string TosUri { get; set; }
    public required string PolicyUri { get; set; }
    public required string SoftwareId { get; set; }
    public required string SoftwareVersion { get; set; }
    /// <summary>Exact redirect URIs, one per line.</summary>
    public required string RedirectUris { get; set; }
    /// <summary>Registered scopes, space-separated (a subset of <see cref="ObScopes.All"/>).</summary>
    public required string Scopes { get; set; }
    /// <summary>Contacts, one per line.</summary>
    public string? Contacts { get; set; }
    public DateTime CreatedAt { get; set; }

    public IReadOnlyList<string> RedirectUriList => RedirectUris.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// One consent of a learner to a client: created with its authorization code when the learner allows, live once the code is
/// redeemed, dead when revoked (by the learner, by code or refresh-token re-use, or by revoking its refresh token). Every token
/// hangs off a grant, so revoking it ends them all at once.
/// </summary>
public class ObGrant
{
    public Guid Id { get; set; }
    public required string ClientId { get; set; }
    public Guid PersonId { get; set; }
    /// <summary>Consented scopes, space-separated.</summary>
    public required string Scopes { get; set; }
    public required string CodeHash { get; set; }
    public required string CodeChallenge { get; set; }
    public required string RedirectUri { get; set; }
    public DateTime CodeExpiresAt { get; set; }
    public DateTime? CodeUsedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>An access or refresh token of a grant, by the SHA-256 of its value; a refresh token is spent once (rotation).</summary>
public class ObToken
{
    public required string Hash { get; set; }
    public Guid GrantId { get; set; }
    public required string Kind { get; set; }
    public required string Scopes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }

    public const string Access = "access", Refresh = "refresh";
}

internal sealed class ObClientConfiguration : IEntityTypeConfiguration<ObClient>
{
    public void Configure(EntityTypeBuilder<ObClient> b)
    {
        b.ToTable("ObApiClients");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).HasMaxLength(64);
        b.Property(c => c.SecretHash).HasMaxLength(64);
        b.Property(c => c.Name).HasMaxLength(ObRegistrationRules.MaxText);
        b.Property(c => c.ClientUri).HasMaxLength(ObRegistrationRules.MaxUri);
        b.Property(c => c.LogoUri).HasMaxLength(ObRegistrationRules.MaxUri);
        b.Property(c => c.TosUri).HasMaxLength(ObRegistrationRules.MaxUri);
        b.Property(c => c.PolicyUri).HasMaxLength(ObRegistrationRules.MaxUri);
        b.Property(c => c.SoftwareId).HasMaxLength(ObRegistrationRules.MaxText);
        b.Property(c => c.SoftwareVersion).HasMaxLength(ObRegistrationRules.MaxText);
        b.Property(c => c.RedirectUris).HasMaxLength(ObRegistrationRules.MaxUri * ObRegistrationRules.MaxArray + ObRegistrationRules.MaxArray);
        b.Property(c => c.Scopes).HasMaxLength(400);
        b.Property(c => c.Contacts).HasMaxLength(ObRegistrationRules.MaxText * ObRegistrationRules.MaxArray + ObRegistrationRules.MaxArray);
        b.HasIndex(c => c.CreatedAt);
    }
}

internal sealed class ObGrantConfiguration : IEntityTypeConfiguration<ObGrant>
{
    public void Configure(EntityTypeBuilder<ObGrant> b)
    {
        b.ToTable("ObApiGrants");
        b.HasKey(g => g.Id);
        b.Property(g => g.ClientId).HasMaxLength(64);
        b.Property(g => g.Scopes).HasMaxLength(400);
        b.Property(g => g.CodeHash).HasMaxLength(64);
        b.Property(g => g.CodeChallenge).HasMaxLength(128);
        b.Property(g => g.RedirectUri).HasMaxLength(ObRegistrationRules.MaxUri);
        b.HasIndex(g => g.CodeHash).IsUnique();
        b.HasIndex(g => new { g.PersonId, g.ClientId });
        b.HasOne<ObClient>().WithMany().HasForeignKey(g => g.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Laurel.Features.Identity.Person>().WithMany().HasForeignKey(g => g.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ObTokenConfiguration : IEntityTypeConfiguration<ObToken>
{
    public void Configure(EntityTypeBuilder<ObToken> b)
    {
        b.ToTable("ObApiTokens");
        b.HasKey(t => t.Hash);
        b.Property(t => t.Hash).HasMaxLength(64);
        b.Property(t => t.Kind).HasMaxLength(10);
        b.Property(t => t.Scopes).HasMaxLength(400);
        b.HasIndex(t => t.GrantId);
        b.HasIndex(t => t.ExpiresAt);
        b.HasOne<ObGrant>().WithMany().HasForeignKey(t => t.GrantId).OnDelete(DeleteBehavior.Cascade);
    }
}
