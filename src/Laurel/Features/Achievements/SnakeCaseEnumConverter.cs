using System.Text.Json;
using System.Text.Json.Serialization;

namespace Laurel.Features.Achievements;

/// <summary>Writes and reads enum values as Edubadges-style codes (<c>micro_credential</c>), never as numbers.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum
{
    /// <summary>The code of one value, as used in URLs and the API.</summary>
    public static string Code(TEnum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Parses a code (or the C# name); null when unknown.</summary>
    public static TEnum? Parse(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        foreach (var value in Enum.GetValues<TEnum>())
            if (Code(value) == code || value.ToString().Equals(code, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }
}
