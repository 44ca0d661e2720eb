namespace Laurel.Features.Achievements;

/// <summary>Marker for the achievements feature's texts (AchievementText.resx, AchievementText.nl.resx).</summary>
public sealed class AchievementText;
