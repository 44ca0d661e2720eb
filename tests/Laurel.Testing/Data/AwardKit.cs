using System.Net;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Credentials.OpenBadges;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Laurel.Features.Identity;
using Laurel.Features.Identity.ApiClients;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Testing.Data;

/// <summary>
/// Awards to seed a test with: stored straight in the database with a credential signed by the library (did:key), made by
/// the real award service or the staff award page, revoked through the real service; imported credentials; another
/// institution's staff and API client; and Laurel's own verifier to check what was issued.
/// </summary>
public static class AwardKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public const string LearnerEmail = "lotte@example.org";

    public static Task<Guid> DemoLearnerIdAsync(this LaurelHost host) =>
        host.DbAsync(db => db.Persons.Where(p => p.Email == LearnerEmail).Select(p => p.Id).SingleAsync());

    /// <summary>A person who is neither staff nor the demo learner (the "other learner" guessing URLs).</summary>
    public static async Task<Guid> OtherLearnerIdAsync(this LaurelHost host) =>
        (await host.AddPersonAsync(TestData.Learner($"other-{Guid.NewGuid():N}@example.org", "Other Learner"))).Id;

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

    /// <summary>The staff award page's fields (recipient kind chosen explicitly).</summary>
    public static List<KeyValuePair<string, string>> DirectForm(string learner, string kind = "Email", string? scheduledFor = null) =>
    [
        new("RecipientKind", kind), new("Learner", learner), new("CompletedOn", "2025-06-20"), new("ScheduledFor", scheduledFor ?? ""),
        new("Grade", "8"), new("Narrative", ""), new("EvidenceUrl", ""), new("EvidenceName", ""), new("EvidenceDescription", ""),
    ];

    /// <summary>Awards through the award page (recipient kind chosen explicitly); returns the award (from the redirect).</summary>
    public static async Task<Award> DirectAwardAsync(LaurelHost host, HttpClient staff, Guid achievementId, string learner, string kind = "Email",
        string? scheduledFor = null)
    {
        var response = await staff.PostFormAsync($"/manage/achievements/{achievementId}/award", DirectForm(learner, kind, scheduledFor));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/manage/awards/", location);
        return await host.AwardAsync(Guid.Parse(location["/manage/awards/".Length..]));
    }

    /// <summary>
    /// An imported credential of <paramref name="personId"/>, as the import feature stores it: a real signed OB 3.0
    /// credential (did:key, so it verifies without network) that was issued to someone else's account.
    /// </summary>
    public static async Task<Guid> ImportAsync(this LaurelHost host, Guid personId, string name = "Open Science Basics",
        ImportStatus status = ImportStatus.Valid, string type = "MicroCredential", RecipientMatch recipient = RecipientMatch.Matched)
    {
        var sourceAward = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = await host.OtherLearnerIdAsync(), ToDemoLearner = false });
        var text = await host.DbAsync(db => Task.FromResult(db.Awards.Single(a => a.Id == sourceAward).CredentialJson));
        return await host.ImportTextAsync(personId, text, ImportFormat.Ob3Json, name, status, type, recipient);
    }

    /// <summary>
    /// An imported credential with the given text (OB 3.0 JSON or a compact VC-JWT). The stored recipient match is what the
    /// test says (Matched unless it says otherwise), whatever the text names: these tests are about display, not matching.
    /// </summary>
    public static async Task<Guid> ImportTextAsync(this LaurelHost host, Guid personId, string text, ImportFormat format, string name,
        ImportStatus status = ImportStatus.Valid, string type = "MicroCredential", RecipientMatch recipient = RecipientMatch.Matched)
    {
        var import = TestData.Import(personId, text, format, issuerId: "did:key:elsewhere", issuerName: "Open University Elsewhere",
            achievementName: name, status: status, recipient: recipient, credits: 2m, eqfLevel: 5);
        (import.AchievementType, import.IssuedAt, import.ImportedAt) = (type, DateTime.UtcNow.AddDays(-30), DateTime.UtcNow.AddDays(-1));
        return await host.DbAsync(async db =>
        {
            db.ImportedCredentials.Add(import);
            await db.SaveChangesAsync();
            return import.Id;
        });
    }

    /// <summary>
    /// A VC-JWT from another issuer (its own did:key), made from a signed test credential: the embedded proof is dropped,
    /// the issuer and subject get ids, and the whole is signed as a JWT.
    /// </summary>
    public static async Task<string> VcJwtAsync(this LaurelHost host)
    {
        var sourceAward = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = await host.OtherLearnerIdAsync(), ToDemoLearner = false });
        var credential = JsonNode.Parse(await host.DbAsync(db => Task.FromResult(db.Awards.Single(a => a.Id == sourceAward).CredentialJson)))!.AsObject();
        credential.Remove("proof");
        using var key = Ed25519Key.Generate();
        var did = DidKey.FromPublicKey(key.PublicKeyBytes);
        credential["issuer"]!["id"] = did;
        using var wallet = Ed25519Key.Generate();
        credential["credentialSubject"]!["id"] = DidKey.FromPublicKey(wallet.PublicKeyBytes);
        return OpenBadgeJwtSigner.Sign(credential, key, DidKey.VerificationMethodId(did));
    }

    /// <summary>An award of the demo learner put in a given state (with a reason where the state has one).</summary>
    public static async Task<Guid> AwardInStateAsync(this LaurelHost host, AwardState state, string achievement = "Responsible AI in Practice", string? reason = null)
    {
        var id = await host.CreateAwardAsync(new AwardSpec { Achievement = achievement });
        await host.SetAsync(id, a =>
        {
            a.State = state;
            if (state == AwardState.Revoked) { a.RevokedAt = DateTime.UtcNow; a.RevocationReason = reason; }
            if (state == AwardState.Suspended) { a.SuspendedAt = DateTime.UtcNow; a.SuspensionReason = reason; }
            if (state is AwardState.Declined or AwardState.Expired) a.ClaimDecidedAt = DateTime.UtcNow;
        });
        return id;
    }

    /// <summary>Staff of TU Delft (another institution) who can sign in as demo persona <c>tud-admin</c>.</summary>
    public static Task EnsureOtherInstitutionAdminAsync(this LaurelHost host) => host.DbAsync(async db =>
    {
        if (await db.LinkedIdentities.AnyAsync(i => i.Subject == "tud-admin", Ct)) return 0;
        var tud = await db.Institutions.SingleAsync(i => i.Slug == "tudelft", Ct);
        var person = TestData.Learner("t.delft@tudelft.example", "Tim Delft", provider: SignInModel.DemoProvider, subject: "tud-admin", identityEmail: false);
        db.Persons.Add(person);
        db.StaffMemberships.Add(TestData.InstitutionAdmin(person.Id, tud.Id));
        return await db.SaveChangesAsync(Ct);
    });

    /// <summary>An API client of TU Delft with every scope; returns (client id, secret).</summary>
    public static async Task<(string ClientId, string Secret)> NewOtherInstitutionClientAsync(this LaurelHost host) =>
        (await host.NewApiClientAsync("tudelft", "tud", "TU Delft SIS", ApiScopes.All, fixedName: true), "tud-secret");

    /// <summary>An access token from <c>/oauth/token</c> (client credentials).</summary>
    public static async Task<string> TokenAsync(this LaurelHost host, string clientId, string secret, string? scope = null)
    {
        using var client = host.CreateClient();
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null) form["scope"] = scope;
        var response = await client.PostAsync("/oauth/token", new FormUrlEncodedContent(form), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["access_token"]!.GetValue<string>();
    }

    public static List<KeyValuePair<string, string>> AwardForm(string learner, string completedOn = "2025-06-20", string grade = "8") =>
    [
        new("Learner", learner), new("CompletedOn", completedOn), new("Grade", grade), new("Narrative", "Strong portfolio."),
        new("EvidenceUrl", "https://uu.example/evidence/1"), new("EvidenceName", "Portfolio"), new("EvidenceDescription", "Three analyses"),
    ];

    /// <summary>Awards through the staff page; returns the new award's id (from the redirect).</summary>
    public static async Task<Guid> AwardThroughPageAsync(this HttpClient staff, Guid achievementId, string learner, string grade = "8")
    {
        var response = await staff.PostFormAsync($"/manage/achievements/{achievementId}/award", AwardForm(learner, grade: grade));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/manage/awards/", location);
        return Guid.Parse(location["/manage/awards/".Length..]);
    }

    /// <summary>Laurel's verifier with Laurel's own keys (LocalIssuerResolver) and the signed status lists it serves.</summary>
    public static Verifier Verifier(this LaurelHost host) => new(new VerifierOptions
    {
        Resolver = host.Services.GetRequiredService<LocalIssuerResolver>(),
        FetchStatusList = async (uri, ct) =>
        {
            var listId = Guid.Parse(uri.AbsolutePath.Split('/').Last());
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<StatusListService>().GetSignedListCredentialAsync(listId, ct);
        },
    });

    /// <summary>
    /// Verifies as an outside verifier would a moment after the change: the status lists the credential names are published
    /// (signed) first. Signing lazily during the verification itself can give the list a validFrom later than the instant
    /// the verifier started at (the library on wt-verify now allows clock skew there); a real verifier fetches an already published list.
    /// </summary>
    public static async Task<VerificationReport> VerifyAsync(this LaurelHost host, string credentialJson, VerificationRequest? request = null)
    {
        var credential = JsonNode.Parse(credentialJson)!.AsObject();
        var entries = credential["credentialStatus"] switch { JsonArray list => list.ToList(), null => [], var one => [one] };
        await using (var scope = host.Services.CreateAsyncScope())
            foreach (var entry in entries)
                await scope.ServiceProvider.GetRequiredService<StatusListService>().GetSignedListCredentialAsync(
                    Guid.Parse(((string)entry!["statusListCredential"]!).Split('/').Last()), Ct);
        return await host.Verifier().VerifyAsync(credentialJson, request, Ct);
    }

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
