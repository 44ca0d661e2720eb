using System.Security.Claims;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Keys;
using Laurel.Credentials.OpenBadges;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Laurel.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Badges;

/// <summary>Awards stored straight in the database with a credential signed by the library (did:key), as the award service would.</summary>
public static class BadgeTestKit
{
    public const string LearnerEmail = "lotte@example.org";

    /// <summary>What an award should look like; defaults are a private, issued award to the demo learner with a grade.</summary>
    public sealed record AwardSpec
    {
        public string Achievement { get; init; } = "Data Literacy for Professionals";
        public Guid? RecipientPersonId { get; init; }
        public bool ToDemoLearner { get; init; } = true;
        public string? RecipientName { get; init; } = "Lotte de Vries";
        public string? Grade { get; init; } = "8.5";
        public bool IsPublic { get; init; }
        public bool ShowGrade { get; init; }
        public bool ShowEvidence { get; init; }
        public List<AwardEvidence> Evidence { get; init; } = [];
    }

    public static async Task<T> DbAsync<T>(this LaurelHost host, Func<LaurelDb, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LaurelDb>());
    }

    public static Task<Guid> DemoLearnerIdAsync(this LaurelHost host) =>
        host.DbAsync(db => db.Persons.Where(p => p.Email == LearnerEmail).Select(p => p.Id).SingleAsync());

    /// <summary>A person who is neither staff nor the demo learner (the "other learner" guessing URLs).</summary>
    public static Task<Guid> OtherLearnerIdAsync(this LaurelHost host) => host.DbAsync(async db =>
    {
        var person = new Person { Id = Guid.CreateVersion7(), DisplayName = "Other Learner", EmailVerification = Laurel.Features.Identity.EmailVerification.Provider, Email = $"other-{Guid.NewGuid():N}@example.org", CreatedAt = DateTime.UtcNow };
        db.Persons.Add(person);
        await db.SaveChangesAsync();
        return person.Id;
    });

    public static async Task<Guid> CreateAwardAsync(this LaurelHost host, AwardSpec? spec = null)
    {
        spec ??= new AwardSpec();
        var recipientId = spec.RecipientPersonId ?? (spec.ToDemoLearner ? await host.DemoLearnerIdAsync() : null);
        return await host.DbAsync(async db =>
        {
            var achievement = await VersionWithoutHeldAwardAsync(db, spec.Achievement, recipientId);
            var id = Guid.CreateVersion7();
            var issued = DateTime.UtcNow.AddDays(-3);
            var salt = IdentityHash.NewSalt();
            var award = new Award
            {
                Id = id, InstitutionId = achievement.InstitutionId, AchievementId = achievement.Id, RecipientPersonId = recipientId,
                RecipientIdentity = LearnerEmail, RecipientIdentityType = "emailAddress", RecipientSalt = salt, RecipientName = spec.RecipientName,
                IssuedAt = new DateTime(issued.Year, issued.Month, issued.Day, issued.Hour, issued.Minute, issued.Second, DateTimeKind.Utc),
                CompletedOn = DateOnly.FromDateTime(issued.AddDays(-1)), Grade = spec.Grade, Evidence = spec.Evidence,
                State = AwardState.Issued, IsPublic = spec.IsPublic, ShowGrade = spec.ShowGrade, ShowEvidence = spec.ShowEvidence,
                CredentialJson = "", SigningKeyId = "", CreatedAt = issued, UpdatedAt = issued,
            };
            (award.CredentialJson, award.SigningKeyId) = Sign(award, achievement);
            db.Awards.Add(award);
            await db.SaveChangesAsync();
            return id;
        });
    }

    // The database allows one held award per learner and achievement version, and tests give the demo learner several
    // awards of one definition: use the first version the learner holds none of, or add a version as editing would.
    private static async Task<Laurel.Features.Achievements.Achievement> VersionWithoutHeldAwardAsync(LaurelDb db, string name, Guid? learnerId)
    {
        var versions = await db.Achievements.Include(a => a.Issuer).Where(a => a.Name == name).OrderBy(a => a.Version).ToListAsync();
        var held = new[] { AwardState.Issued, AwardState.Suspended, AwardState.Scheduled, AwardState.AwaitingClaim };
        foreach (var version in versions)
            if (!await db.Awards.AnyAsync(w => w.AchievementId == version.Id && held.Contains(w.State)
                    && (w.RecipientIdentity == LearnerEmail || (learnerId != null && w.RecipientPersonId == learnerId))))
                return version;
        var last = versions[^1];
        var copy = (Laurel.Features.Achievements.Achievement)db.Entry(last).CurrentValues.ToObject();
        copy.Id = Guid.CreateVersion7();
        copy.Version = last.Version + 1;
        copy.PreviousVersionId = last.Id;
        copy.Alignments = [.. last.Alignments];
        copy.Issuer = null;
        db.Achievements.Add(copy);
        await db.SaveChangesAsync();
        copy.Issuer = last.Issuer;
        return copy;
    }

    /// <summary>A staff member as the award service sees them (only their person id matters).</summary>
    public static async Task<ClaimsPrincipal> StaffAsync(this LaurelHost host, string email)
    {
        var id = await host.DbAsync(db => db.Persons.Where(p => p.Email == email).Select(p => p.Id).SingleAsync());
        return new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id.ToString())], "test"));
    }

    /// <summary>An award made by the real award service (did:web key, status list entry), as the demo awarder.</summary>
    public static async Task<Guid> AwardThroughServiceAsync(this LaurelHost host, string achievement = "Data Literacy for Professionals",
        string? grade = "8", bool isPublic = true, bool showGrade = true, bool toDemoLearner = false)
    {
        var awarder = await host.StaffAsync("a.bakker@uu.example");
        // A learner holds each version of a micro-credential once, so by default every call awards a fresh learner.
        var learner = toDemoLearner ? await host.DemoLearnerIdAsync() : await host.OtherLearnerIdAsync();
        var email = await host.DbAsync(db => db.Persons.Where(p => p.Id == learner).Select(p => p.Email!).SingleAsync());
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var achievementId = await db.Achievements.Where(a => a.Name == achievement).Select(a => a.Id).SingleAsync();
        var outcome = await scope.ServiceProvider.GetRequiredService<AwardService>().AwardAsync(awarder, new AwardRequest
        {
            AchievementId = achievementId, RecipientPersonId = learner, RecipientIdentity = email,
            CompletedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), Grade = grade,
        }, CancellationToken.None);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
        await host.SetAsync(outcome.Award!.Id, a => { a.IsPublic = isPublic; a.ShowGrade = showGrade; });
        return outcome.Award.Id;
    }

    /// <summary>
    /// Simulates a learner who brought a wallet: the stored credential gets <c>credentialSubject.id</c> = a did:key and is
    /// signed again with the institution's key (what the award service does when the learner's DID is known).
    /// </summary>
    public static async Task GiveSubjectDidAsync(this LaurelHost host, Guid awardId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var award = await db.Awards.SingleAsync(a => a.Id == awardId);
        var credential = System.Text.Json.Nodes.JsonNode.Parse(award.CredentialJson)!.AsObject();
        credential.Remove("proof");
        using var wallet = Ed25519Key.Generate();
        credential["credentialSubject"]!["id"] = DidKey.FromPublicKey(wallet.PublicKeyBytes);
        var signed = await scope.ServiceProvider.GetRequiredService<Laurel.Features.Publishing.Keys.IssuerSigner>()
            .SignAsync(award.InstitutionId, credential, CancellationToken.None);
        award.CredentialJson = signed.Credential.ToJsonString();
        await db.SaveChangesAsync();
    }

    /// <summary>Revokes through the real service (status list bit, audit) as the demo awarder.</summary>
    public static async Task RevokeAsync(this LaurelHost host, Guid awardId, string reason)
    {
        var awarder = await host.StaffAsync("a.bakker@uu.example");
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<RevokeAndSuspend>();
        var award = await service.FindAsync(awardId, CancellationToken.None);
        var errors = await service.ApplyAsync(awarder, award!, AwardStatusAction.Revoke, reason, "web", CancellationToken.None);
        Assert.Empty(errors);
    }

    /// <summary>Laurel's own verification service (answers Laurel's DIDs and status lists from the database).</summary>
    public static async Task<Laurel.Credentials.Verification.VerificationReport> VerifyWithLaurelAsync(this LaurelHost host, byte[] input)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Laurel.Features.Verification.VerificationService>()
            .VerifyAsync(input, null, CancellationToken.None);
    }

    public static Task SetAsync(this LaurelHost host, Guid awardId, Action<Award> change) => host.DbAsync(async db =>
    {
        var award = await db.Awards.SingleAsync(a => a.Id == awardId);
        change(award);
        await db.SaveChangesAsync();
        return 0;
    });

    private static (string Json, string KeyId) Sign(Award award, Laurel.Features.Achievements.Achievement achievement)
    {
        using var key = Ed25519Key.Generate();
        var did = DidKey.FromPublicKey(key.PublicKeyBytes);
        var subject = new AchievementSubject
        {
            Identifier = [IdentityHash.CreateHashed(award.RecipientIdentity, award.RecipientIdentityType, award.RecipientSalt)],
            Achievement = new Credentials.OpenBadges.Achievement
            {
                Id = $"http://localhost:5000/catalog/{achievement.Id}", Name = achievement.Name, Description = achievement.Description,
                Criteria = new Criteria { Narrative = achievement.CriteriaMarkdown },
            },
            Result = award.Grade is null ? null : [new Result { Value = award.Grade }],
            Narrative = award.Narrative,
        };
        var issuedAt = new DateTimeOffset(award.IssuedAt);
        var credential = OpenBadgeCredentialFactory.Create($"urn:uuid:{award.Id}", new Profile { Id = did, Name = "Universiteit Utrecht" }, subject, issuedAt);
        var unsigned = OpenBadgeCredentialFactory.ToUnsignedJson(credential);
        var keyId = DidKey.VerificationMethodId(did);
        var signed = DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, key, new ProofOptions { VerificationMethod = keyId, Created = issuedAt });
        return (signed.ToJsonString(), keyId);
    }
}
