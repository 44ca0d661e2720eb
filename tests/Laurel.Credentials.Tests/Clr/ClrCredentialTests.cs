using System.Text.Json.Nodes;
using Laurel.Credentials.Clr;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Limits;
using Laurel.Credentials.Verification;
using static Laurel.Credentials.Tests.Verification.VerifierFixtures;

namespace Laurel.Credentials.Tests.Clr;

/// <summary>
/// Issue 19, CLR 2.0 in the library: <see cref="ClrCredentialBuilder"/> puts the components in exactly as given with the
/// completion's achievement and isPartOf associations, and the verifier checks the CLR's own proof and then every component
/// (CLR 2.0 §8) — a bad component is a warning on a CLR that is still what its issuer signed, a tampered CLR is invalid,
/// a CLR inside a CLR is not opened, and the component count has a budget. Everything is signed here with fresh did:keys,
/// so it runs offline.
/// </summary>
public sealed class ClrCredentialTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string CompletionAchievement = "https://badges.example.edu/achievements/data-and-ai-pathway";

    private readonly Ed25519Key _key = Ed25519Key.Generate();

    public void Dispose() => _key.Dispose();

    private string Did => DidKey.FromPublicKey(_key.PublicKeyBytes);

    private JsonObject SignWith(JsonObject unsigned, Ed25519Key? key = null)
    {
        var signer = key ?? _key;
        var did = DidKey.FromPublicKey(signer.PublicKeyBytes);
        return DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, signer,
            new ProofOptions { VerificationMethod = DidKey.VerificationMethodId(did), Created = Now.AddDays(-1) });
    }

    /// <summary>The constructed OB 3.0 micro-credential, issued by this test's did:key, without a status entry (nothing to fetch).</summary>
    private JsonObject Component(string slug, Ed25519Key? key = null)
    {
        var credential = Json(Constructed("ob3-microcredential.unsigned.json"));
        var signer = key ?? _key;
        credential["id"] = $"urn:uuid:{Guid.NewGuid()}";
        credential["issuer"]!["id"] = DidKey.FromPublicKey(signer.PublicKeyBytes);
        credential["credentialSubject"]!["achievement"]!["id"] = $"https://badges.example.edu/achievements/{slug}";
        credential.Remove("credentialStatus");
        return SignWith(credential, key);
    }

    private ClrContent Content(IReadOnlyList<JsonObject> components, bool partial = false) => new()
    {
        Id = $"urn:uuid:{Guid.NewGuid()}",
        Name = "Data & AI for professionals — Comprehensive Learner Record",
        Issuer = new JsonObject { ["id"] = Did, ["type"] = new JsonArray("Profile"), ["name"] = "Example University of Applied Sciences" },
        ValidFrom = Now.AddDays(-1),
        Identifiers = [new JsonObject { ["type"] = "IdentityObject", ["identityHash"] = "sha256$0123", ["identityType"] = "emailAddress", ["hashed"] = true, ["salt"] = "s" }],
        Achievements = [new JsonObject
        {
            ["id"] = CompletionAchievement, ["type"] = new JsonArray("Achievement"), ["name"] = "Data & AI for professionals",
            ["description"] = "Completed the pathway.", ["criteria"] = new JsonObject { ["narrative"] = "Both micro-credentials." },
        }],
        Components = components,
        Partial = partial,
    };

    private static Verifier Verifier(int? maxComponents = null) =>
        maxComponents is { } max ? new(new VerifierOptions { Limits = ProcessingLimits.Default with { MaxClrCredentials = max } }) : new();

    private static VerificationCheck? Components(VerificationReport report) => report.Check(CheckIds.Components);

    [Fact]
    public void The_builder_holds_each_component_exactly_as_given_and_links_it_to_the_completion_with_isPartOf()
    {
        var components = new[] { Component("data-literacy"), Component("responsible-ai") };

        var clr = ClrCredentialBuilder.Build(Content(components));

        Assert.Equal(ClrCredentialBuilder.Contexts, clr["@context"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(["VerifiableCredential", "ClrCredential"], clr["type"]!.AsArray().Select(t => (string)t!));
        Assert.Null(clr["partial"]);
        Assert.Null(clr["proof"]);
        var subject = clr["credentialSubject"]!.AsObject();
        Assert.Equal("ClrSubject", (string)subject["type"]![0]!);
        var inside = subject["verifiableCredential"]!.AsArray();
        Assert.Equal(2, inside.Count);
        for (var i = 0; i < components.Length; i++) Assert.True(JsonNode.DeepEquals(components[i], inside[i]), $"component {i + 1} changed");
        Assert.Equal(CompletionAchievement, (string)subject["achievement"]![0]!["id"]!);
        var associations = subject["association"]!.AsArray().Select(a => ((string)a!["associationType"]!, (string)a["sourceId"]!, (string)a["targetId"]!)).ToList();
        Assert.Equal([
            ("isPartOf", "https://badges.example.edu/achievements/data-literacy", CompletionAchievement),
            ("isPartOf", "https://badges.example.edu/achievements/responsible-ai", CompletionAchievement)], associations);
        Assert.True((bool)ClrCredentialBuilder.Build(Content(components, partial: true))["partial"]!);
    }

    [Fact]
    public async Task A_signed_CLR_is_valid_and_each_component_is_verified_in_full()
    {
        var clr = SignWith(ClrCredentialBuilder.Build(Content([Component("data-literacy"), Component("responsible-ai")])));

        var report = await Verifier().VerifyAsync(clr, At, Ct);

        Assert.True(report.Verdict == Verdict.Valid, Describe(report));
        Assert.Equal("components.valid", Components(report)!.Code);
        Assert.Equal(2, report.Components.Count);
        Assert.All(report.Components, c => Assert.True(c.Verdict == Verdict.Valid, Describe(c)));
    }

    [Fact]
    public async Task A_component_changed_after_its_issuer_signed_it_is_invalid_inside_a_CLR_that_still_verifies()
    {
        var tampered = Component("data-literacy");
        tampered["credentialSubject"]!["achievement"]!["name"] = "Something never awarded";
        var clr = SignWith(ClrCredentialBuilder.Build(Content([tampered, Component("responsible-ai")])));

        var report = await Verifier().VerifyAsync(clr, At, Ct);

        // The CLR's issuer signed exactly this, so the CLR itself holds; the component says what it is worth.
        Assert.Equal(CheckOutcome.Passed, report.Check(CheckIds.Proof)!.Outcome);
        var components = Components(report)!;
        Assert.Equal((CheckOutcome.Warning, "components.not_all_valid"), (components.Outcome, components.Code));
        Assert.Contains("#1", components.Detail);
        Assert.Equal(Verdict.Invalid, report.Components[0].Verdict);
        Assert.Equal(CheckOutcome.Failed, report.Components[0].Check(CheckIds.Proof)!.Outcome);
        Assert.Equal(Verdict.Valid, report.Components[1].Verdict);
    }

    [Fact]
    public async Task A_CLR_changed_after_signing_is_invalid_whether_its_own_fields_or_a_component_changed()
    {
        var clr = SignWith(ClrCredentialBuilder.Build(Content([Component("data-literacy"), Component("responsible-ai")])));

        var renamed = (JsonObject)clr.DeepClone();
        renamed["name"] = "A record nobody issued";
        var swapped = (JsonObject)clr.DeepClone();
        swapped["credentialSubject"]!["verifiableCredential"]![1] = Component("forged");

        foreach (var changed in new[] { renamed, swapped })
        {
            var report = await Verifier().VerifyAsync(changed, At, Ct);
            Assert.Equal(Verdict.Invalid, report.Verdict);
            Assert.Equal(CheckOutcome.Failed, report.Check(CheckIds.Proof)!.Outcome);
        }
    }

    [Fact]
    public async Task Components_from_another_issuer_are_verified_against_their_own_issuer()
    {
        using var other = Ed25519Key.Generate();
        var clr = SignWith(ClrCredentialBuilder.Build(Content([Component("data-literacy"), Component("solar", other)])));

        var report = await Verifier().VerifyAsync(clr, At, Ct);

        Assert.True(report.Verdict == Verdict.Valid, Describe(report));
        Assert.All(report.Components, c => Assert.True(c.Verdict == Verdict.Valid, Describe(c)));
    }

    [Fact]
    public async Task A_CLR_inside_a_CLR_is_verified_as_a_credential_but_not_opened()
    {
        var inner = SignWith(ClrCredentialBuilder.Build(Content([Component("data-literacy")])));
        var outer = SignWith(ClrCredentialBuilder.Build(Content([inner, Component("responsible-ai")])));

        var report = await Verifier().VerifyAsync(outer, At, Ct);

        Assert.Equal(2, report.Components.Count);
        var nested = report.Components[0];
        Assert.Equal(CheckOutcome.Passed, nested.Check(CheckIds.Proof)!.Outcome);
        Assert.Equal((CheckOutcome.Warning, "components.nested_not_opened"), (Components(nested)!.Outcome, Components(nested)!.Code));
        Assert.Empty(nested.Components);
    }

    [Fact]
    public async Task A_CLR_without_a_ClrSubject_or_without_credentials_fails_naming_the_rule()
    {
        var empty = SignWith(ClrCredentialBuilder.Build(Content([])));
        var notClrSubject = ClrCredentialBuilder.Build(Content([Component("data-literacy")]));
        // An AchievementSubject cannot hold verifiableCredential (the context does not define it there), so a credential that
        // claims to be a CLR with an OB subject carries just the achievement.
        notClrSubject["credentialSubject"]!["type"] = new JsonArray("AchievementSubject");
        notClrSubject["credentialSubject"]!.AsObject().Remove("verifiableCredential");
        notClrSubject["credentialSubject"]!.AsObject().Remove("association");
        notClrSubject["credentialSubject"]!["achievement"] = notClrSubject["credentialSubject"]!["achievement"]![0]!.DeepClone();
        notClrSubject = SignWith(notClrSubject);

        foreach (var (clr, code) in new[] { (empty, "components.none"), (notClrSubject, "components.no_clr_subject") })
        {
            var report = await Verifier().VerifyAsync(clr, At, Ct);
            Assert.Equal(Verdict.Invalid, report.Verdict);
            Assert.Equal((CheckOutcome.Failed, code), (Components(report)!.Outcome, Components(report)!.Code));
        }
    }

    [Fact]
    public async Task An_entry_that_is_no_credential_is_reported_as_such()
    {
        var clr = ClrCredentialBuilder.Build(Content([Component("data-literacy")]));
        clr["credentialSubject"]!["verifiableCredential"]!.AsArray().Add(42);
        clr = SignWith(clr);

        var report = await Verifier().VerifyAsync(clr, At, Ct);

        Assert.Equal("components.not_all_valid", Components(report)!.Code);
        Assert.Equal("format.not_credential", report.Components[1].Check(CheckIds.Format)!.Code);
    }

    [Fact]
    public async Task More_components_than_the_budget_are_refused_before_any_is_verified()
    {
        var component = Component("data-literacy");
        var clr = SignWith(ClrCredentialBuilder.Build(Content([.. Enumerable.Repeat(component, 4)])));

        var report = await Verifier(maxComponents: 3).VerifyAsync(clr, At, Ct);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal(nameof(ProcessingLimits.MaxClrCredentials), report.ExceededLimit);
        Assert.Empty(report.Components);
        Assert.True((await Verifier(maxComponents: 4).VerifyAsync(clr, At, Ct)).Verdict == Verdict.Valid);
    }
}
