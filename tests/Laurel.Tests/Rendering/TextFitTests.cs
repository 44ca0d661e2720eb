using Laurel.Features.Achievements;
using Laurel.Features.Publishing.Rendering;

namespace Laurel.Tests.Rendering;

/// <summary>Long names shrink, wrap and only then get cut; short ones keep the largest size.</summary>
public sealed class TextFitTests
{
    [Fact]
    public void Short_text_keeps_the_largest_size_on_one_line()
    {
        var fitted = TextFit.Fit("Data Science", RenderFonts.Bold, 500, 3, 54, 20);
        Assert.Equal(54, fitted.Size);
        Assert.Equal(["Data Science"], fitted.Lines);
    }

    [Theory]
    [InlineData("Responsible AI: ethics, law and governance of algorithmic decision-making in the public sector")]
    [InlineData("Verantwoordelijke kunstmatige intelligentie: ethiek, recht en governance van algoritmische besluitvorming")]
    [InlineData("Donaudampfschifffahrtsgesellschaftskapitänsmützenfabrikantenvereinigungsvorsitzender")]
    public void Long_text_fits_the_width_within_the_line_limit(string text)
    {
        var fitted = TextFit.Fit(text, RenderFonts.Bold, 530, 4, 54, 26);
        Assert.InRange(fitted.Lines.Count, 1, 4);
        Assert.True(fitted.Size < 54, "long text is shrunk");
        Assert.All(fitted.Lines, line => Assert.True(TextFit.Measure(line, RenderFonts.Bold, fitted.Size) <= 530, line));
        Assert.Equal(text.Replace(" ", ""), string.Concat(fitted.Lines).Replace(" ", "")); // nothing lost when it fits
    }

    [Fact]
    public void Text_too_long_for_the_minimum_size_is_cut_with_an_ellipsis()
    {
        var text = string.Join(' ', Enumerable.Repeat("lorem ipsum dolor", 80));
        var fitted = TextFit.Fit(text, RenderFonts.Regular, 300, 3, 20, 12);
        Assert.Equal(12, fitted.Size);
        Assert.Equal(3, fitted.Lines.Count);
        Assert.EndsWith("…", fitted.Lines[^1]);
        Assert.All(fitted.Lines, line => Assert.True(TextFit.Measure(line, RenderFonts.Regular, 12) <= 300, line));
    }

    [Theory]
    [InlineData("en", "MICRO-CREDENTIAL", "Micro-credential · EQF 6 · 2.5 EC")]
    [InlineData("nl", "MICROCREDENTIAL", "Microcredential · EQF 6 · 2,5 EC")]
    public void Mark_texts_follow_the_language(string language, string label, string kindLine)
    {
        var art = new BadgeArt("X", AchievementKind.MicroCredential, 6, 2.5m, language);
        Assert.Equal(label, art.MarkLabel);
        Assert.Equal(kindLine, art.KindLine);
    }

    [Fact]
    public void Regular_kinds_have_no_kind_line_and_unknown_level_parts_are_left_out()
    {
        Assert.Equal("", new BadgeArt("X", AchievementKind.ExtraCurricular, 6, 5, "en").KindLine);
        Assert.Equal("Micro-credential · 3 EC", new BadgeArt("X", AchievementKind.MicroCredential, null, 3, "en").KindLine);
        Assert.Equal("Microcredential", new BadgeArt("X", AchievementKind.MicroCredential, null, null, "nl").KindLine);
    }
}
