using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Identity.ApiClients;

/// <summary>An integrator (SIS, LMS) of one institution that calls Laurel's API with OAuth 2.0 client credentials.</summary>
public class ApiClient
{
    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    public required string Name { get; set; }
    /// <summary>Public identifier sent as client_id.</summary>
    public required string ClientId { get; set; }
    /// <summary>SHA-256 of the secret; the secret itself is shown once and never stored.</summary>
    public required byte[] SecretHash { get; set; }
    public List<string> Scopes { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}

/// <summary>The API scopes an institution can grant to a client.</summary>
public static class ApiScopes
{
    public const string ResultsWrite = "results:write";
    public const string AwardsRead = "awards:read";
    public const string AwardsWrite = "awards:write";
    /// <summary>Read decided exemptions (recognition API, issue 17).</summary>
    public const string RecognitionRead = "recognition:read";

    public static readonly IReadOnlyList<string> All = [ResultsWrite, AwardsRead, AwardsWrite, RecognitionRead];
}

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> b)
    {
        b.Property(c => c.Name).HasMaxLength(100);
        b.Property(c => c.ClientId).HasMaxLength(64);
        b.HasIndex(c => c.ClientId).IsUnique();
        b.HasIndex(c => c.InstitutionId);
        b.Property(c => c.SecretHash).HasMaxLength(32);
        b.HasOne<Laurel.Features.Institutions.Institution>().WithMany().HasForeignKey(c => c.InstitutionId);
    }
}
