using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Limits;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.VcApi;

/// <summary>The answer of <see cref="GenericIssuer.IssueAsync"/>: the signed credential, or why not (400, 403 or 409).</summary>
public sealed record GenericIssueOutcome(JsonObject? Credential, Dictionary<string, List<string>>? Errors = null, string? Forbidden = null,
    string? Conflict = null);

/// <summary>
/// VC-API issuing of any VC 2.0 (or 1.1) credential for an institution (VC-API "Issue Credential"): the request is signed as
/// sent — contexts, types, dates, subject, schema, evidence, terms of use, refresh service, id — or refused with every reason at
/// once; Laurel only fills an omitted issuer with the institution's DID and adds its two Bitstring Status List entries
/// (revocation and suspension, SL-6.1) unless the request brings its own credentialStatus or asks otherwise in options.
/// </summary>
public sealed partial class GenericIssuer(LaurelDb db, IssuerRights rights, IssuerKeys keys, IssuerKeyRing ring, StatusListService statusLists,
    AuditLog audit, TimeProvider clock, IStringLocalizer<VcApiText> t)
{
    /// <summary>How far ahead of this server's clock <c>options.created</c> may lie (verifiers' usual clock skew).</summary>
    public static readonly TimeSpan MaxCreatedAhead = TimeSpan.FromMinutes(5);

    // Safe mode (OB3-9.2, JL-1.5): a term the contexts do not define fails signing instead of silently going unsigned.
    private static readonly JsonLdOptions SigningJsonLd = new() { SafeMode = true, DocumentLoader = ShippedContexts.WithExamples };

    public async Task<GenericIssueOutcome> IssueAsync(Awarder awarder, JsonObject requested, JsonNode? options, CancellationToken ct)
    {
        var credential = (JsonObject)requested.DeepClone();
        await FillIssuerAsync(awarder, credential, ct);
        var (asked, errors) = IssueRequestCheck.Check(credential, options, t);
        // DI-2.4: a verifier refuses a proof created in the future (Laurel's own allows five minutes of skew), so signing one
        // would hand back a credential that fails verification until that date: refused, never moved to now.
        if (asked.Created is { } created && created > clock.GetUtcNow() + MaxCreatedAhead)
            IssueRequestCheck.Add(errors, "options.created", t["Issue_CreatedFuture"].Value);
        if (errors.Count > 0) return new(null, errors);

        var issuerId = IssuerId(credential)!;
        if (await rights.InstitutionOfDidAsync(issuerId, ct) is not { } institutionId)
            return new(null, Forbidden: t["Issue_NotLaurelIssuer", issuerId].Value);
        if (awarder is Awarder.ApiClient { InstitutionId: { } own } && own != institutionId)
            return new(null, Forbidden: t["Issue_OtherIssuer", rights.DidOf(await rights.SlugAsync(own, ct)), issuerId].Value);
        if (!await rights.MayIssueAsync(awarder, institutionId, ct)) return new(null, Forbidden: t["Issue_NoRight"].Value);

        var credentialId = IssueRequestCheck.Text(credential["id"]) ?? asked.CredentialId;
        if (credentialId is not null && await IsTakenAsync(credentialId, ct))
            // The same request again (a retry after a lost answer) is the same credential; anything else under that id is refused.
            return await RepeatedAsync(credential, asked, institutionId, credentialId, ct) is { } same
                ? new(same) : new(null, Conflict: t["Issue_DuplicateId", credentialId].Value);

        // The index commits on its own before signing (StatusListService.AllocateAsync); one left unused by a refusal is harmless.
        StatusAllocation? allocation = null;
        var addStatus = !credential.ContainsKey("credentialStatus") && !IssueRequestCheck.IsVc11(credential) && (asked.Revocation || asked.Suspension);
        if (addStatus)
        {
            allocation = await statusLists.AllocateAsync(institutionId, ct);
            AddStatus(credential, statusLists.CredentialStatusEntries(allocation), asked);
        }

        var key = await keys.GetActiveAsync(institutionId, ct);
        // One instant for the proof's created and IssuedAt, so a repeated request can sign the same bytes again (RepeatedAsync).
        var now = clock.GetUtcNow();
        JsonObject signed;
        try
        {
            signed = Sign(credential, key, asked.Created ?? WholeSeconds(now), asked, ct);
        }
        catch (JsonLdException e)
        {
            return new(null, new() { ["credential"] = [t["Issue_JsonLd", e.Message].Value] });
        }
        catch (ProcessingLimitExceededException e)
        {
            return new(null, new() { ["credential"] = [t["Issue_TooComplex", e.Limit].Value] });
        }

        var json = signed.ToJsonString();
        var record = new IssuedCredential
        {
            Id = Guid.CreateVersion7(),
            InstitutionId = institutionId,
            CredentialId = credentialId,
            Types = string.Join(' ', TypesOf(credential)),
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            VerificationMethod = key.VerificationMethod,
            RevocationListId = addStatus && asked.Revocation ? allocation!.RevocationListId : null,
            SuspensionListId = addStatus && asked.Suspension ? allocation!.SuspensionListId : null,
            StatusIndex = allocation?.Index,
            State = IssuedCredentialStates.Active,
            IssuedBy = awarder.Client,
            IssuedByPersonId = Identity.StaffAccess.PersonId(awarder.Principal),
            IssuedAt = now.UtcDateTime,
        };
        db.Set<IssuedCredential>().Add(record);
        audit.Add(awarder.Principal, "credential.issued", nameof(IssuedCredential), record.Id, institutionId,
            new { credentialId, types = record.Types, record.Sha256, record.StatusIndex }, awarder.Client);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // The same id was issued by a concurrent request between the check above and now.
            db.ChangeTracker.Clear();
            return new(null, Conflict: t["Issue_DuplicateId", credentialId ?? ""].Value);
        }
        return new(JsonNode.Parse(json)!.AsObject());
    }

    // An omitted issuer (or an issuer object without id) is the caller's institution: an API client's own, or the one
    // institution where a staff member may award. Nothing else in the credential is filled in.
    private async Task FillIssuerAsync(Awarder awarder, JsonObject credential, CancellationToken ct)
    {
        var issuerObject = credential["issuer"] as JsonObject;
        if (credential.ContainsKey("issuer") && (issuerObject is null || issuerObject.ContainsKey("id"))) return;
        var home = awarder is Awarder.ApiClient client ? client.InstitutionId : await rights.SingleStaffInstitutionAsync(awarder, ct);
        if (home is not { } institutionId) return;
        var did = rights.DidOf(await rights.SlugAsync(institutionId, ct));
        if (issuerObject is not null) issuerObject["id"] = did;
        else credential["issuer"] = did;
    }

    private async Task<bool> IsTakenAsync(string credentialId, CancellationToken ct)
    {
        if (await db.Set<IssuedCredential>().AnyAsync(c => c.CredentialId == credentialId, ct)) return true;
        // An award's credential id is urn:uuid:{award id}; a generic credential must not be mistaken for it in status changes.
        return credentialId.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(credentialId[9..], out var awardId)
            && await db.Awards.AnyAsync(a => a.Id == awardId, ct);
    }

    private static string? IssuerId(JsonObject credential) =>
        IssueRequestCheck.Text(credential["issuer"]) ?? IssueRequestCheck.Text((credential["issuer"] as JsonObject)?["id"]);

    private static IEnumerable<string> TypesOf(JsonObject credential) => credential["type"] switch
    {
        JsonArray list => list.Select(IssueRequestCheck.Text).OfType<string>(),
        var one => IssueRequestCheck.Text(one) is { } s ? [s] : [],
    };

    // OB 3.0 wants proof as an array even with one element (OB3-2.12); anything else gets the plain object VC-API clients expect.
    private static bool IsOpenBadge(JsonObject credential) => TypesOf(credential).Any(s => s is "OpenBadgeCredential" or "AchievementCredential");

    private static DateTimeOffset WholeSeconds(DateTimeOffset now) => new(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
