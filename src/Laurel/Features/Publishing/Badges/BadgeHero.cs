using Laurel.Features.Achievements;
using Laurel.Features.Awards;

namespace Laurel.Features.Publishing.Badges;

/// <summary>
/// The top of a badge page, made for an employer's ten seconds: image, name, holder, issuer, level and study load, and the
/// live verdict (revoked and suspended are shown above it). Shared by the public page and the learner's own page.
/// </summary>
/// <param name="Achievement">The definition with Issuer → Faculty → Institution loaded.</param>
/// <param name="ShowHolder">Whether the holder's name may be shown (always on the public page, which only exists when public).</param>
/// <param name="IssuerUrl">Where the issuer's name links to; null for plain text.</param>
public sealed record BadgeHero(Award Award, Achievement Achievement, string VerdictText, string VerdictClass, bool ShowHolder, string? IssuerUrl);
