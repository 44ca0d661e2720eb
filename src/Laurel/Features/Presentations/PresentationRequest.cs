using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Presentations;

/// <summary>
/// A verifier's question: "show me a badge that meets these criteria, and disclose these facts". Owned by the person who made it
/// (an employer, an admissions officer); an institution's exemption intake has <see cref="InstitutionId"/> set and
/// <see cref="Purpose"/> Recognition. A reusable request (a standing link) takes many answers until closed; a single-use one closes
/// after its first accepted answer.
/// </summary>
public class PresentationRequest
{
    public Guid Id { get; set; }
    public Guid OwnerPersonId { get; set; }
    /// <summary>Set when an institution asks (Recognition): the answers belong to that institution's exam boards, not to a person.</summary>
    public Guid? InstitutionId { get; set; }
    public PresentationPurpose Purpose { get; set; }
    /// <summary>Short title shown to the learner and in the wallet (the verifier's name for it, e.g. the vacancy).</summary>
    public required string Title { get; set; }
    /// <summary>Why the verifier asks, in both languages (shown to the learner before they answer).</summary>
    public required string PurposeNl { get; set; }
    public required string PurposeEn { get; set; }
    /// <summary>The verifier's organisation name as shown to the learner (free text; the account's name when empty).</summary>
    public string? VerifierName { get; set; }
    public BadgeCriteria Criteria { get; set; } = new();
    /// <summary>Learner facts that must be disclosed for an answer to be accepted.</summary>
    public List<DisclosedFact> RequiredFacts { get; set; } = [];
    /// <summary>Accept several badges in one answer (DCQL <c>multiple: true</c>).</summary>
    public bool AllowMultiple { get; set; }
    public bool Reusable { get; set; } = true;
    /// <summary>Days an answer is kept after it arrived (or was last updated); then it is deleted.</summary>
    public int RetentionDays { get; set; } = 30;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    public const int MinRetentionDays = 1;
    public const int MaxRetentionDays = 365;
    public const int MaxTitleLength = 200;
    public const int MaxPurposeLength = 2_000;
}

internal sealed class PresentationRequestConfiguration : IEntityTypeConfiguration<PresentationRequest>
{
    public void Configure(EntityTypeBuilder<PresentationRequest> b)
    {
        b.Property(r => r.Title).HasMaxLength(PresentationRequest.MaxTitleLength);
        b.Property(r => r.PurposeNl).HasMaxLength(PresentationRequest.MaxPurposeLength);
        b.Property(r => r.PurposeEn).HasMaxLength(PresentationRequest.MaxPurposeLength);
        b.Property(r => r.VerifierName).HasMaxLength(200);
        b.Property(r => r.Purpose).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Criteria).HasJsonConversion();
        b.PrimitiveCollection(r => r.RequiredFacts).ElementType(e => e.HasConversion<string>());
        b.HasIndex(r => new { r.OwnerPersonId, r.CreatedAt });
        b.HasIndex(r => new { r.InstitutionId, r.CreatedAt });
        b.HasOne<Person>().WithMany().HasForeignKey(r => r.OwnerPersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
