namespace Laurel.Features.Identity;

/// <summary>
/// A feature's part of account deletion: removes (or unlinks) the personal data it keeps for a person. Every eraser runs
/// inside one database transaction opened by the account deletion, so deletion is all or nothing.
/// </summary>
public interface IPersonalDataEraser
{
    Task EraseAsync(Guid personId, CancellationToken ct);
}

/// <summary>
/// A feature's part of the learner's personal-data export (GDPR Art. 15 and 20, <see cref="PersonalDataExport"/>): a named JSON
/// section with what the feature keeps about the person. Never secrets (tokens, keys, hashes of them).
/// </summary>
public interface IPersonalDataSection
{
    string Name { get; }
    Task<System.Text.Json.Nodes.JsonNode> ExportAsync(Guid personId, CancellationToken ct);
}
