using System.Text;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Institutions;
using Laurel.Features.Publishing.Rendering;
using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Caching.Memory;

namespace Laurel.Features.Publishing.Badges;

/// <summary>
/// The pictures behind every download, drawn by <see cref="CredentialRenderer"/>: the micro-credential-marked badge
/// (PNG/SVG, in the definition's language so every copy of a credential looks the same), the wide share image and the
/// PDF certificate. Rendering is pure, so results are cached by what they are drawn from.
/// </summary>
public sealed class BadgeArtwork(CredentialRenderer renderer, PublicOrigin origin, long byteBudget) : IDisposable
{
    public BadgeArtwork(CredentialRenderer renderer, PublicOrigin origin) : this(renderer, origin, MaxCachedBytes) { }

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Bytes of rendered pictures kept per node. Certificates are drawn per award, so a crawler fetching many awards' PDFs
    /// would otherwise grow the heap without bound; past this the least recently used are dropped (and drawn again when asked).
    /// The default; <c>Laurel:Memory:BadgeArtworkMB</c> sets another (<see cref="CacheBudgets"/>).</summary>
    public const long MaxCachedBytes = 16L * 1024 * 1024;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = byteBudget, CompactionPercentage = 0.25 });

    public byte[] Png(Achievement achievement) =>
        Cached(("png", achievement.Id, achievement.UpdatedAt), () => renderer.BadgePng(Art(achievement)));

    public byte[] Svg(Achievement achievement) =>
        Cached(("svg", achievement.Id, achievement.UpdatedAt), () => Encoding.UTF8.GetBytes(renderer.BadgeSvg(Art(achievement))));

    public byte[] SharePng(Achievement achievement, Institution institution) =>
        Cached(("share", achievement.Id, achievement.UpdatedAt), () =>
            renderer.SharePng(Art(achievement), institution.Name(Language(achievement))));

    /// <summary>
    /// The certificate in the reader's language. It shows the learner's name and grade only as the public page does
    /// (the learner's choices), so a printed copy never reveals more than the page its QR code leads to.
    /// </summary>
    public byte[] CertificatePdf(Award award, Achievement achievement, string language)
    {
        var issuer = achievement.Issuer!;
        var institution = issuer.Faculty!.Institution!;
        var content = new CertificateContent(BadgeArt.From(achievement, language), institution.Name(language),
            origin.Url($"/badges/{award.Id}"), $"urn:uuid:{award.Id}", DateOnly.FromDateTime(award.IssuedAt))
        {
            InstitutionLogo = institution.LogoContentType == "image/png" ? institution.Logo : null,
            IssuerName = issuer.Name(language),
            LearnerName = award.RecipientName,
            CompletedOn = award.CompletedOn,
            NlqfLevel = achievement.NlqfLevel,
            StudyLoadHours = achievement.StudyLoadHours,
            LearningOutcomes = CertificateContent.OutcomesFromMarkdown(achievement.LearningOutcomes),
            AssessmentTypes = achievement.AssessmentTypes,
            Grade = award.ShowGrade ? award.Grade : null,
        };
        return Cached(("pdf", award.Id, award.UpdatedAt, achievement.UpdatedAt, language), () => renderer.CertificatePdf(content));
    }

    private static string Language(Achievement achievement) => achievement.Language is "nl" or "en" ? achievement.Language : "en";

    private static BadgeArt Art(Achievement achievement) => BadgeArt.From(achievement, Language(achievement));

    private byte[] Cached(object key, Func<byte[]> render)
    {
        if (_cache.TryGetValue(key, out byte[]? cached) && cached is not null) return cached;
        var bytes = render();
        _cache.Set(key, bytes, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = bytes.Length });
        return bytes;
    }

    public void Dispose() => _cache.Dispose();
}
