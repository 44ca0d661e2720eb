namespace Laurel.Features.Identity;

/// <summary>
/// A feature's part of account deletion: removes (or unlinks) the personal data it keeps for a person. Every eraser runs
/// inside one database transaction opened by the account deletion, so deletion is all or nothing.
/// </summary>
public interface IPersonalDataEraser
{
    Task EraseAsync(Guid personId, CancellationToken ct);
}
