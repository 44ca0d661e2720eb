using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Identity;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Backpack.Imports;

/// <summary>A problem with an import, named for the form field it belongs to (<c>file</c> or <c>url</c>).</summary>
public sealed record ImportProblem(string Field, string Message);

/// <summary>
/// The outcome of an import: the stored credential, or the one it duplicates, or every problem — or, for a CLR 2.0 that
/// verified, the outcome of each credential it held (<see cref="Unpacked"/>), in the CLR's order. <paramref name="Replaced"/>: the
/// stored credential is an earlier import updated in place with a new version of the same credential (upsertCredential).
/// </summary>
public sealed record ImportOutcome(ImportedCredential? Imported, ImportedCredential? Duplicate, List<ImportProblem> Problems, bool Replaced = false)
{
    /// <summary>Set when a verified CLR was unpacked: one row per credential inside it.</summary>
    public IReadOnlyList<UnpackedCredential>? Unpacked { get; init; }
}

/// <summary>
/// One credential of an unpacked CLR: stored now (<paramref name="Imported"/>), already in the backpack as an import
/// (<paramref name="Duplicate"/>) or as Laurel's own award (<paramref name="LaurelsOwn"/>), or refused with <paramref name="Problems"/>.
/// </summary>
public sealed record UnpackedCredential(int Position, string? Name, ImportedCredential? Imported, ImportedCredential? Duplicate, bool LaurelsOwn,
    IReadOnlyList<string> Problems);

/// <summary>
/// Imports badges earned elsewhere: read (<see cref="ImportReader"/>), verify with Laurel's verifier (<see cref="ImportVerifier"/>),
/// refuse what does not verify or came from this Laurel, store once per learner with its report and facts, and re-check on view.
/// Every read and change is scoped to the owner; another learner's id is "not found".
/// </summary>
public sealed class ImportService(LaurelDb db, ImportReader reader, ImportVerifier verifier, ImportFacts facts, ImportImages images, ReportPresenter presenter,
    BackpackChanges changes, TimeProvider time, IStringLocalizer<ImportText> t)
{
    /// <summary>At most this many credentials are unpacked from one CLR (a pathway or a minor holds far fewer).</summary>
    public const int MaxUnpackedCredentials = 30;

    public async Task<ImportOutcome> ImportFileAsync(Guid personId, byte[] bytes, string? fileName, CancellationToken ct)
    {
        var (candidate, problem) = await reader.FromFileAsync(bytes, fileName, ct);
        return candidate is null ? Refused("file", problem!) : await ImportAsync(personId, candidate, "file", ct, unpackClr: true);
    }

    public async Task<ImportOutcome> ImportUrlAsync(Guid personId, Uri url, CancellationToken ct)
    {
        var (candidate, problem) = await reader.FromUrlAsync(url, ct);
        return candidate is null ? Refused("url", problem!) : await ImportAsync(personId, candidate, "url", ct, unpackClr: true);
    }

    /// <summary>
    /// upsertCredential (OB3-7.2, OB3-6.1): like <see cref="ImportFileAsync"/>, but a verified credential with the same id and the
    /// same (proven) issuer as one of the learner's OB 3.0 imports replaces that import in place (<see cref="ImportIdentity"/>),
    /// unless the stored one has the newer <c>validFrom</c> (then it stays and is the answer). What fails verification changes nothing.
    /// </summary>
    public async Task<ImportOutcome> UpsertFileAsync(Guid personId, byte[] bytes, string? fileName, CancellationToken ct)
    {
        var (candidate, problem) = await reader.FromFileAsync(bytes, fileName, ct);
        return candidate is null ? Refused("file", problem!) : await ImportAsync(personId, candidate, "file", ct, replaceSameId: true);
    }

    /// <summary>A credential read from another Open Badges host the learner connected (Standards/ObConnect), verified like any import.</summary>
    public async Task<ImportOutcome> ImportFromHostAsync(Guid personId, string text, string sourceUrl, CancellationToken ct)
    {
        var (candidate, problem) = reader.FromHostEntry(text, sourceUrl);
        return candidate is null ? Refused("url", problem!) : await ImportAsync(personId, candidate, "url", ct);
    }

    /// <summary>True when the outcome refused a credential because this Laurel issued it (it is in the backpack as an award).</summary>
    public bool IsLaurelsOwn(ImportOutcome outcome) => outcome.Problems.Count > 0 && outcome.Problems[0].Message == t["Verify_LaurelsOwn"].Value;

    private async Task<ImportOutcome> ImportAsync(Guid personId, ImportCandidate candidate, string field, CancellationToken ct,
        bool replaceSameId = false, bool unpackClr = false)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(candidate.Text)));
        if (await FindByHashAsync(personId, hash, ct) is { } existing) return new(null, existing, []);

        var check = await verifier.CheckAsync(candidate.Text, await IdentitiesAsync(personId, ct), ct);
        // A verification cut off by the time cap knows nothing about the input yet, its format included: "try again later".
        if (check.Report.Format == CredentialFormat.Unknown && check.Status != ImportStatus.Unreachable)
            return Refused(field, t["Verify_NotACredential"], FailedChecks(check.Report));
        // The verifier checks any W3C credential now (issue 15), but the rugzak keeps badges: a diploma supplement or an ID
        // credential has no achievement to show, count for a pathway or share as a badge.
        // A CLR 2.0 bundles badges: it is verified (with each credential inside it, docs/clr.md) and kept as its badges, one by
        // one — only when the CLR itself verifies (its issuer signed exactly these, and it is not revoked), and never a CLR
        // inside a CLR or one that arrived from a connected host (those come credential by credential).
        if (Verifier.IsClr(check.Report.Credential))
        {
            // Each credential is verified once more when it is imported: a budget on how many, so one upload stays cheap.
            if (unpackClr && check.Report.Verdict == Verdict.Valid && check.Report.Components.Count > MaxUnpackedCredentials)
                return Refused(field, t["Verify_ClrTooMany", check.Report.Components.Count, MaxUnpackedCredentials]);
            if (unpackClr && check.Report.Verdict == Verdict.Valid) return await UnpackAsync(personId, candidate, check.Report.Credential!, ct);
            return check.Report.Verdict == Verdict.Valid
                ? Refused(field, t["Verify_Clr", check.Report.Components.Count, check.Report.Components.Count(c => c.Verdict == Verdict.Valid)])
                : Refused(field, t["Verify_ClrInvalid"], FailedChecks(check.Report));
        }
        if (check.Report.Format == CredentialFormat.VcDataIntegrity) return Refused(field, t["Verify_NotABadge"]);
        if (verifier.IsLaurelsOwn(check.Report)) return Refused(field, t["Verify_LaurelsOwn"]);
        if (!check.Acceptable) return Refused(field, t["Verify_" + check.Status], FailedChecks(check.Report));

        var f = await facts.ReadAsync(check.Report, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var imported = new ImportedCredential
        {
            Id = Guid.CreateVersion7(), PersonId = personId, Source = candidate.Source,
            Format = candidate.Container ?? (check.Report.Format switch
            {
                CredentialFormat.Ob2Assertion => ImportFormat.Ob2Json,
                CredentialFormat.Ob3Jwt => ImportFormat.VcJwt,
                _ => ImportFormat.Ob3Json,
            }),
            SourceUrl = candidate.SourceUrl, FileName = Clip(candidate.FileName, 255), CredentialText = candidate.Text, ContentHash = hash,
            IssuerId = f.IssuerId, IssuerName = f.IssuerName, AchievementId = f.AchievementId, AchievementName = f.AchievementName,
            AchievementDescription = f.AchievementDescription, AchievementType = f.AchievementType,
            ImageUrl = candidate.ImageDataUri ?? await images.StoreAsync(f.ImageUrl, ct), AlignmentTargets = f.AlignmentTargets, Credits = f.Credits, EqfLevel = f.EqfLevel,
            IssuedAt = f.IssuedAt, ValidUntil = f.ValidUntil,
            Status = check.Status, Recipient = check.Recipient, ProvenIssuerId = Clip(check.ProvenIssuer, 2048), VerificationReportJson = ImportVerifier.ToJson(check), VerifiedAt = now, ImportedAt = now,
        };
        if (replaceSameId && ImportIdentity.CredentialIdOf(candidate.Text) is { } credentialId
            && await SameCredentialAsync(personId, credentialId, imported.ProvenIssuerId ?? imported.IssuerId, ct) is { Count: > 0 } same)
        {
            var target = same[0];
            // OB3-6.1: the one with the newer validFrom wins; an older version posted late leaves the stored one as it is.
            if (target.IssuedAt is { } storedFrom && imported.IssuedAt is { } postedFrom && storedFrom > postedFrom) return new(null, target, []);
            Replace(target, imported);
            // Earlier versions imported by hand before are the same credential too: one import remains.
            db.ImportedCredentials.RemoveRange(same.Skip(1));
            await db.SaveChangesAsync(ct);
            await changes.NotifyAsync(personId, ct);
            return new(target, null, [], Replaced: true);
        }
        db.ImportedCredentials.Add(imported);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same credential arrived twice at once (double click): the unique index kept one.
            db.ChangeTracker.Clear();
            if (await FindByHashAsync(personId, hash, ct) is { } raced) return new(null, raced, []);
            throw;
        }
        await changes.NotifyAsync(personId, ct);
        return new(imported, null, []);
    }

    /// <summary>
    /// Imports each credential of a verified CLR on its own, as if the learner had dropped them in one by one (each verified
    /// again with the learner's identities, each stored or refused by itself: one bad credential does not stop the others).
    /// </summary>
    private async Task<ImportOutcome> UnpackAsync(Guid personId, ImportCandidate clr, JsonObject credential, CancellationToken ct)
    {
        var items = (credential["credentialSubject"] as JsonObject)?["verifiableCredential"] switch
        {
            JsonArray a => [.. a],
            null => [],
            var one => new List<JsonNode?> { one },
        };
        var rows = new List<UnpackedCredential>(items.Count);
        foreach (var (item, index) in items.Select((item, index) => (item, index)))
        {
            var text = item is JsonValue v && v.TryGetValue<string>(out var jwt) ? jwt : item?.ToJsonString() ?? "null";
            var name = item is JsonObject o ? NameOf(o) : null;
            var part = clr with { Container = null, Text = text, ImageDataUri = null };
            var outcome = await ImportAsync(personId, part, "file", ct);
            rows.Add(new(index + 1, outcome.Imported?.AchievementName ?? outcome.Duplicate?.AchievementName ?? name, outcome.Imported,
                outcome.Duplicate, IsLaurelsOwn(outcome), outcome.Problems.Select(p => p.Message).ToList()));
        }
        return new(null, null, []) { Unpacked = rows };
    }

    // A label for a credential that was refused before its facts were read: its achievement's name, or its own.
    private static string? NameOf(JsonObject credential) =>
        (credential["credentialSubject"] as JsonObject)?["achievement"]?["name"] is JsonValue a && a.TryGetValue<string>(out var achievement) ? achievement
        : credential["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : null;

    /// <summary>The learner's OB 3.0 imports that are <paramref name="credentialId"/> of <paramref name="issuerId"/> (OB3-6.1), newest first, tracked.</summary>
    private async Task<List<ImportedCredential>> SameCredentialAsync(Guid personId, string credentialId, string? issuerId, CancellationToken ct)
    {
        if (issuerId is null) return [];
        var rows = await db.ImportedCredentials
            .Where(i => i.PersonId == personId && (i.Format == ImportFormat.Ob3Json || i.Format == ImportFormat.VcJwt)
                && (i.ProvenIssuerId == issuerId || (i.ProvenIssuerId == null && i.IssuerId == issuerId)))
            .OrderByDescending(i => i.ImportedAt).ToListAsync(ct);
        return [.. rows.Where(i => ImportIdentity.Same(ImportIdentity.CredentialIdOf(i.CredentialText), credentialId))];
    }

    /// <summary>Puts a newly verified version into an existing import: same row (id, owner, collections), new text, facts and report.</summary>
    private static void Replace(ImportedCredential target, ImportedCredential version)
    {
        target.Source = version.Source;
        target.Format = version.Format;
        target.SourceUrl = version.SourceUrl;
        target.FileName = version.FileName;
        target.CredentialText = version.CredentialText;
        target.ContentHash = version.ContentHash;
        target.IssuerId = version.IssuerId;
        target.IssuerName = version.IssuerName;
        target.AchievementId = version.AchievementId;
        target.AchievementName = version.AchievementName;
        target.AchievementDescription = version.AchievementDescription;
        target.AchievementType = version.AchievementType;
        target.ImageUrl = version.ImageUrl;
        target.AlignmentTargets = version.AlignmentTargets;
        target.Credits = version.Credits;
        target.EqfLevel = version.EqfLevel;
        target.IssuedAt = version.IssuedAt;
        target.ValidUntil = version.ValidUntil;
        target.Status = version.Status;
        target.Recipient = version.Recipient;
        target.ProvenIssuerId = version.ProvenIssuerId;
        target.VerificationReportJson = version.VerificationReportJson;
        target.VerifiedAt = version.VerifiedAt;
    }

    public Task<List<ImportedCredential>> ListAsync(Guid personId, CancellationToken ct) =>
        db.ImportedCredentials.AsNoTracking().Where(i => i.PersonId == personId).OrderByDescending(i => i.ImportedAt).ToListAsync(ct);

    /// <summary>The learner's own import; null for an unknown id or another learner's (the caller answers 404).</summary>
    public Task<ImportedCredential?> FindAsync(Guid personId, Guid id, CancellationToken ct) =>
        db.ImportedCredentials.FirstOrDefaultAsync(i => i.Id == id && i.PersonId == personId, ct);

    /// <summary>
    /// Verifies the stored credential again (the issuer may have revoked it since) and records the outcome; listeners hear
    /// about it when the status, recipient match or proven issuer changed, so pathway progress follows.
    /// </summary>
    public async Task<ImportCheck> RecheckAsync(ImportedCredential imported, CancellationToken ct)
    {
        var check = await verifier.CheckAsync(imported.CredentialText, await IdentitiesAsync(imported.PersonId, ct), ct);
        var proven = Clip(check.ProvenIssuer, 2048);
        // Any of these decides whether the import counts for a pathway (a learner's newly verified address, for instance).
        var changed = imported.Status != check.Status || imported.Recipient != check.Recipient || imported.ProvenIssuerId != proven;
        imported.Status = check.Status;
        imported.Recipient = check.Recipient;
        imported.ProvenIssuerId = proven;
        imported.VerificationReportJson = ImportVerifier.ToJson(check);
        imported.VerifiedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        if (changed) await changes.NotifyAsync(imported.PersonId, ct);
        return check;
    }

    /// <summary>
    /// Compares every import's recipient again with the learner's current verified identities, for when those change (an
    /// address verified, an account linked or removed). No network: the stored credential is read again. Listeners hear
    /// about it when a match changed, so a pathway completes once its last import turns out to be the learner's.
    /// </summary>
    public async Task<bool> RefreshRecipientsAsync(Guid personId, CancellationToken ct)
    {
        var imports = await db.ImportedCredentials.Where(i => i.PersonId == personId).ToListAsync(ct);
        if (imports.Count == 0) return false;
        var identities = await IdentitiesAsync(personId, ct);
        var changed = false;
        foreach (var import in imports)
        {
            if (RecipientMatcher.CredentialOf(import.CredentialText) is not { } credential) continue;
            var (match, _) = RecipientMatcher.Match(credential, identities);
            if (match == import.Recipient) continue;
            import.Recipient = match;
            changed = true;
        }
        if (!changed) return false;
        await db.SaveChangesAsync(ct);
        await changes.NotifyAsync(personId, ct);
        return true;
    }

    /// <summary>Removes the learner's own import (their copy, their choice); false when it is not theirs.</summary>
    public async Task<bool> RemoveAsync(Guid personId, Guid id, CancellationToken ct)
    {
        var removed = await db.ImportedCredentials.Where(i => i.Id == id && i.PersonId == personId).ExecuteDeleteAsync(ct);
        if (removed == 0) return false;
        await changes.NotifyAsync(personId, ct);
        return true;
    }

    /// <summary>
    /// The identities the learner proved: their account e-mail and every linked account's e-mail when verified (by the provider
    /// or by Laurel's link), and every linked institution account's EPPN. An unverified address is left out: anyone can type
    /// it at a provider that does not check it (issue 12).
    /// </summary>
    public async Task<List<LearnerIdentity>> IdentitiesAsync(Guid personId, CancellationToken ct)
    {
        var email = await db.Persons.Where(p => p.Id == personId
                && (p.EmailVerification == EmailVerification.Provider || p.EmailVerification == EmailVerification.Laurel))
            .Select(p => p.Email).FirstOrDefaultAsync(ct);
        var linked = await db.LinkedIdentities.Where(l => l.PersonId == personId)
            .Select(l => new
            {
                Email = l.EmailVerification == EmailVerification.Provider || l.EmailVerification == EmailVerification.Laurel ? l.Email : null,
                l.Eppn,
            }).ToListAsync(ct);
        var identities = new List<LearnerIdentity>();
        foreach (var e in linked.Select(l => l.Email).Append(email).Where(e => !string.IsNullOrWhiteSpace(e)).Distinct(StringComparer.OrdinalIgnoreCase))
            identities.Add(new("emailAddress", e!));
        foreach (var eppn in linked.Select(l => l.Eppn).Where(e => !string.IsNullOrWhiteSpace(e)).Distinct())
            identities.Add(new(RecipientMatcher.Eppn, eppn!));
        return identities;
    }

    private Task<ImportedCredential?> FindByHashAsync(Guid personId, string hash, CancellationToken ct) =>
        db.ImportedCredentials.AsNoTracking().FirstOrDefaultAsync(i => i.PersonId == personId && i.ContentHash == hash, ct);

    /// <summary>Each failed check as the verifier page words it, so the learner sees every reason at once.</summary>
    private IEnumerable<string> FailedChecks(VerificationReport report) =>
        presenter.Checks(report)
            .Where(c => c.Outcome is CheckOutcome.Failed || (c.Outcome is CheckOutcome.NotChecked && c.Id is CheckIds.Proof or CheckIds.Issuer)).Select(c => $"{c.Title}: {c.Explanation}");

    private static ImportOutcome Refused(string field, string message, IEnumerable<string>? details = null) =>
        new(null, null, [new(field, message), .. (details ?? []).Select(d => new ImportProblem(field, d))]);

    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
