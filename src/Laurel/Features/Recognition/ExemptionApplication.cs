using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Features.Presentations;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Features.Recognition;

/// <summary>Where an application is: being put together by the learner, waiting for the exam board, or every course decided.</summary>
public enum ExemptionApplicationState { Draft, Submitted, Decided, Withdrawn }

/// <summary>What the rules propose for a course, and what the exam board decides.</summary>
public enum ExemptionOutcome { Grant, Partial, Refuse }

/// <summary>A learner's request to one institution for exemptions from some of its courses, on the grounds of chosen badges.</summary>
public class ExemptionApplication
{
    public Guid Id { get; set; }
    public Guid InstitutionId { get; set; }
    public Guid PersonId { get; set; }
    public ExemptionApplicationState State { get; set; }
    /// <summary>The learner's own words to the exam board (optional).</summary>
    public string? Motivation { get; set; }
    /// <summary>The single-use presentation request used when the learner brings badges from a wallet.</summary>
    public Guid? PresentationRequestId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public List<ApplicationBadge> Badges { get; set; } = [];
    public List<ExemptionItem> Items { get; set; } = [];
    /// <summary>The decision as a Verifiable Credential signed by the institution (JSON), made when the last course is decided.</summary>
    public string? DecisionCredential { get; set; }
    /// <summary>Unguessable key of the public address of <see cref="DecisionCredential"/> (the decision letter's QR code).</summary>
    public string? DecisionCredentialKey { get; set; }
    /// <summary>Optimistic concurrency: two board members deciding at once cannot both finish the application.</summary>
    public int Version { get; set; }
}

/// <summary>Where a badge of an application came from.</summary>
public enum ApplicationBadgeSource { Award, Import, Wallet }

/// <summary>
/// One badge of an application as it was verified when the learner added it: facts, checks, and how to re-check its status on view
/// (the award, the import, or the credential as presented by the wallet — only disclosed parts).
/// </summary>
public class ApplicationBadge
{
    public Guid Id { get; set; }
    public Guid ApplicationId { get; set; }
    public ApplicationBadgeSource Source { get; set; }
    public Guid? AwardId { get; set; }
    public Guid? ImportId { get; set; }
    public string? Format { get; set; }
    public string? Presented { get; set; }
    public BadgeFacts Facts { get; set; } = new() { AchievementName = "?", IssuerName = "?" };
    public List<PresentedCheck> Checks { get; set; } = [];
    public DateTime VerifiedAt { get; set; }
}

/// <summary>
/// One course of an application: what the rules propose (with a reason per criterion), and the exam board's decision. A granted or
/// partly granted item is an exemption record the student information system reads.
/// </summary>
public class ExemptionItem
{
    public Guid Id { get; set; }
    public Guid ApplicationId { get; set; }
    public Guid CourseId { get; set; }
    public ExemptionOutcome ProposedOutcome { get; set; }
    /// <summary>The badge the proposal rests on, when one meets a rule.</summary>
    public Guid? ProposedBadgeId { get; set; }
    /// <summary>Per badge, the criteria results of the best rule (what "meets"/"lacks" lines are made from).</summary>
    public List<ProposalReason> ProposalReasons { get; set; } = [];
    public ExemptionOutcome? Decision { get; set; }
    public string? DecisionReason { get; set; }
    public decimal? GrantedEc { get; set; }
    public Guid? DecidedByPersonId { get; set; }
    public DateTime? DecidedAt { get; set; }
    /// <summary>Optimistic concurrency for decisions.</summary>
    public int Version { get; set; }
}

/// <summary>Why the rules propose what they do for one badge: the rule index and each criterion's result.</summary>
public sealed record ProposalReason(Guid BadgeId, int RuleIndex, IReadOnlyList<CriterionResult> Results);

internal sealed class ExemptionApplicationConfiguration : IEntityTypeConfiguration<ExemptionApplication>
{
    public void Configure(EntityTypeBuilder<ExemptionApplication> b)
    {
        b.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Motivation).HasMaxLength(4_000);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasIndex(a => new { a.InstitutionId, a.State, a.SubmittedAt });
        b.HasIndex(a => new { a.PersonId, a.CreatedAt });
        b.Property(a => a.DecisionCredentialKey).HasMaxLength(64);
        b.HasIndex(a => a.DecisionCredentialKey).IsUnique();
        b.HasOne<Institution>().WithMany().HasForeignKey(a => a.InstitutionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Badges).WithOne().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Items).WithOne().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApplicationBadgeConfiguration : IEntityTypeConfiguration<ApplicationBadge>
{
    public void Configure(EntityTypeBuilder<ApplicationBadge> b)
    {
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Format).HasMaxLength(16);
        b.Property(x => x.Facts).HasJsonConversion();
        b.Property(x => x.Checks).HasJsonConversion();
    }
}

internal sealed class ExemptionItemConfiguration : IEntityTypeConfiguration<ExemptionItem>
{
    public void Configure(EntityTypeBuilder<ExemptionItem> b)
    {
        b.Property(x => x.ProposedOutcome).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Decision).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.DecisionReason).HasMaxLength(4_000);
        b.Property(x => x.GrantedEc).HasPrecision(6, 2);
        b.Property(x => x.ProposalReasons).HasJsonConversion();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.ApplicationId, x.CourseId }).IsUnique();
        // The student information system reads decided exemptions in order (keyset on DecidedAt, Id).
        b.HasIndex(x => new { x.DecidedAt, x.Id });
        b.HasOne<RecognitionCourse>().WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.Restrict);
    }
}
