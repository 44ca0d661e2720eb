using System.Globalization;
using System.Resources;

namespace Laurel.Features.Wallets.Formats;

/// <summary>
/// Marker for the wallet formats' texts (WalletFormatsText.resx, WalletFormatsText.nl.resx): claim labels of the type metadata
/// (looked up for an explicit language, both are served at once) and the disclosure page (current UI culture).
/// </summary>
public sealed class WalletFormatsText
{
    private static readonly ResourceManager Resources = new(typeof(WalletFormatsText));

    public static string Get(string key, string language) =>
        Resources.GetString(key, CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "nl-NL"))
        ?? throw new InvalidOperationException($"Missing wallet text {key}.");
}
