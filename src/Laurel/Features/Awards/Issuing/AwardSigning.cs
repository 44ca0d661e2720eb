using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;

using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Issuing;

/// <summary>Signs an award's credential: used when awarding now and when the scheduled-award job reaches an award's date.</summary>
public sealed class AwardSigning(CredentialBuilder builder, IssuerSigner signer, IssuerKeys keys, StatusListService statusLists)
{
    /// <summary>
    /// Steps that commit on their own and so must run before the caller's transaction: the institution's key is created on first
    /// use, and the status index is taken in a short locked step so concurrent awards do not wait for each other's signing.
    /// An index is never handed out twice, so one left unused when a later step fails is harmless. The active key read here is
    /// the one <see cref="SignAsync"/> signs with, so a key rotated before this call is never used afterwards.
    /// </summary>
    public async Task<StatusAllocation> PrepareAsync(Guid institutionId, CancellationToken ct)
    {
        _prepared[institutionId] = await keys.GetActiveAsync(institutionId, ct);
        return await statusLists.AllocateAsync(institutionId, ct);
    }

    // The key each institution's last PrepareAsync read (this service is scoped: one request or one job run), so signing does
    // not read it again.
    private readonly ConcurrentDictionary<Guid, IssuerKeyInfo> _prepared = new();

    /// <summary>Builds and signs the credential (issue date <see cref="Award.IssuedAt"/>) and stores it on the award.</summary>
    public async Task SignAsync(Award award, Achievement achievement, StatusAllocation allocation, CancellationToken ct)
    {
        award.RevocationListId = allocation.RevocationListId;
        award.SuspensionListId = allocation.SuspensionListId;
        award.StatusIndex = allocation.Index;
        var key = _prepared.TryGetValue(achievement.InstitutionId, out var prepared) ? prepared : await keys.GetActiveAsync(achievement.InstitutionId, ct);
        Seal(award, signer, key, () => builder.Build(award, achievement, statusLists.CredentialStatusEntries(allocation)));
    }

    /// <summary>
    /// Builds and signs one credential into the award. Both steps are pure work on the award's data, so whatever fails in them
    /// is this award's problem: it surfaces as <see cref="CredentialSigningException"/>, which callers turn into a refusal of this
    /// award alone (a bulk file's other rows, a bulk approval's other requests go on). Thread-safe for different awards.
    /// </summary>
    public static void Seal(Award award, IssuerSigner signer, IssuerKeyInfo key, Func<JsonObject> build)
    {
        SignedCredential signed;
        try
        {
            signed = signer.Sign(key, build());
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            throw new CredentialSigningException(award.Id, e);
        }
        // OB 3.0 wants proof as an array even with one element (OB3-2.12); wrapping does not change what was signed.
        if (signed.Credential["proof"] is JsonObject single) signed.Credential["proof"] = new JsonArray(single.DeepClone());
        award.CredentialJson = signed.Credential.ToJsonString();
        award.SigningKeyId = signed.VerificationMethod;
        SignedCredentialVerdict.Record(award);
    }

    /// <summary>Credentials carry whole seconds; the stored issue date matches validFrom exactly.</summary>
    public static DateTime WholeSeconds(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}

/// <summary>An award's credential could not be built or signed from its data (e.g. a value the JSON-LD/RDF step refuses); nothing was stored.</summary>
public sealed class CredentialSigningException(Guid awardId, Exception inner)
    : Exception($"The credential of award {awardId} could not be signed: {inner.Message}", inner)
{
    public Guid AwardId { get; } = awardId;
}
