using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Clr;
using Laurel.Features.Publishing.Badges;
using Laurel.Features.Publishing.Keys;

namespace Laurel.Features.Standards.Clr;

/// <summary>A signed CLR ready to download.</summary>
public sealed record ClrFile(string Json, string FileName, bool IsPublicVariant);

/// <summary>
/// A pathway completion as a 1EdTech CLR 2.0 <c>ClrCredential</c> (docs/clr.md), built on demand and signed with
/// eddsa-rdfc-2022 by the institution that awarded the completion, with its active did:web key (as awards are signed).
/// The learner gets every component exactly as issued; anyone else (the public, staff) gets the public variant: the public
/// components only, each as the public sees it, marked <c>partial</c> when something was left out.
/// </summary>
public sealed class ClrExport(ClrComponents components, IssuerSigner signer)
{
    /// <summary>The media type of the file: a VC secured with an embedded proof (VC 2.0 §6.3), as for every credential file.</summary>
    public const string MediaType = "application/vc+ld+json";

    /// <summary>True when this award completes a pathway and the viewer's CLR would hold at least one credential.</summary>
    /// <remarks>Runs on every first render of a badge page, so it asks one EXISTS query and loads no credential JSON.</remarks>
    public async Task<bool> AvailableAsync(VisibleAward visible, CancellationToken ct) =>
        visible.Award.RecipientPersonId is not null && visible.Award.State is not Awards.AwardState.Scheduled
        && await components.AnyComponentAsync(visible.Award, visible.Achievement, visible.Viewer != AwardViewer.Owner, ct);

    /// <summary>The signed CLR for this viewer, or null when the award completes no pathway or there is nothing to put in it.</summary>
    public async Task<ClrFile?> BuildAsync(VisibleAward visible, CancellationToken ct)
    {
        if (await PartsAsync(visible, ct) is not { Parts.Components.Count: > 0 } found) return null;
        var (pathway, parts, publicVariant) = found;
        var award = visible.Award;
        var completion = JsonNode.Parse(award.CredentialJson)!.AsObject();
        var subject = completion["credentialSubject"] as JsonObject;
        var language = visible.Achievement.Language == "en" ? "en" : "nl";
        var unsigned = ClrCredentialBuilder.Build(new ClrContent
        {
            Id = ClrId(award.Id, publicVariant, parts),
            Name = $"{pathway.Name(language)} — Comprehensive Learner Record",
            Description = pathway.Description(language) is { Length: > 0 } d ? d : null,
            Issuer = (completion["issuer"] as JsonObject) ?? new JsonObject { ["id"] = completion["issuer"]?.DeepClone() },
            ValidFrom = DateTimeOffset.Parse((string)completion["validFrom"]!, System.Globalization.CultureInfo.InvariantCulture),
            // The completion award's own revocation and suspension entries: revoking the completion revokes its CLR too.
            CredentialStatus = completion["credentialStatus"],
            SubjectId = subject?["id"] is JsonValue id && id.TryGetValue<string>(out var did) ? did : null,
            Identifiers = subject?["identifier"] switch { JsonArray a => [.. a.OfType<JsonObject>()], JsonObject o => [o], _ => [] },
            Achievements = subject?["achievement"] is JsonObject achievement ? [achievement] : [],
            Components = [.. parts.Components.Select(c => JsonNode.Parse(c.Json)!.AsObject())],
            Partial = parts.Partial,
        });
        var signed = await signer.SignAsync(award.InstitutionId, unsigned, ct);
        var fileName = FileResponses.FileName(visible.Achievement.Name, publicVariant ? "-clr-public.json" : "-clr.json");
        return new ClrFile(Serialize(signed.Credential, parts.Components), fileName, publicVariant);
    }

    private async Task<(Pathways.Pathway Pathway, ClrParts Parts, bool PublicVariant)?> PartsAsync(VisibleAward visible, CancellationToken ct)
    {
        if (visible.Award.RecipientPersonId is not { } personId || visible.Award.State is Awards.AwardState.Scheduled) return null;
        if (await components.PathwayOfAsync(visible.Award, visible.Achievement, ct) is not { } pathway) return null;
        var publicVariant = visible.Viewer != AwardViewer.Owner;
        return (pathway, await components.FindAsync(pathway, personId, publicVariant, ct), publicVariant);
    }

    /// <summary>A name-based UUID (version 8) from the award, the variant and the components: the same CLR content, the same id.</summary>
    private static string ClrId(Guid awardId, bool publicVariant, ClrParts parts)
    {
        var seed = $"laurel-clr:{awardId:D}:{(publicVariant ? "public" : "learner")}:{string.Join(",", parts.Components.Select(c => c.Id))}";
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(seed))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(bytes, bigEndian: true).ToString("D");
    }

    /// <summary>
    /// The signed CLR as JSON in which each component is the stored credential's text byte for byte (not re-serialized), so a
    /// reader can cut each one out and compare it with the original. The JSON-LD data, and so both proofs, are the same.
    /// </summary>
    private static string Serialize(JsonObject clr, IReadOnlyList<ClrComponent> raw)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in clr)
            {
                writer.WritePropertyName(name);
                if (name != "credentialSubject" || value is not JsonObject subject) { Write(writer, value); continue; }
                writer.WriteStartObject();
                foreach (var (key, part) in subject)
                {
                    writer.WritePropertyName(key);
                    if (key != "verifiableCredential") { Write(writer, part); continue; }
                    writer.WriteStartArray();
                    foreach (var component in raw) writer.WriteRawValue(component.Json, skipInputValidation: false);
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null) writer.WriteNullValue();
        else node.WriteTo(writer);
    }
}
