using Microsoft.Extensions.Localization;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// Count-dependent text from resource files: a key <c>Name</c> has the forms <c>Name_zero</c> (optional), <c>Name_one</c>
/// and <c>Name_other</c>, each with <c>{0}</c> for the count. Dutch and English both have exactly the CLDR categories
/// "one" and "other" for integers, so no rule table is needed for the two languages Laurel speaks.
/// </summary>
public static class Plurals
{
    /// <summary>The form of <paramref name="key"/> that fits <paramref name="count"/>, with the count filled in.</summary>
    public static LocalizedString Plural(this IStringLocalizer localizer, string key, long count, params object[] more)
    {
        object[] arguments = [count, .. more];
        if (count == 0)
        {
            var zero = localizer[key + "_zero", arguments];
            if (!zero.ResourceNotFound) return zero;
        }
        return localizer[(count == 1 ? key + "_one" : key + "_other"), arguments];
    }
}
