namespace Laurel.Credentials.SdJwt;

/// <summary>
/// An SD-JWT in its compact serialization (RFC 9901 §4): <c>&lt;issuer JWT&gt;~&lt;disclosure&gt;~…~&lt;KB-JWT or empty&gt;</c>.
/// Parsing only splits and bounds the text; <see cref="SdJwtVerifier"/> checks it.
/// </summary>
public sealed class SdJwtToken
{
    /// <summary>Creates a token from its parts.</summary>
    public SdJwtToken(string issuerJwt, IReadOnlyList<string> disclosures, string? keyBindingJwt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuerJwt);
        ArgumentNullException.ThrowIfNull(disclosures);
        IssuerJwt = issuerJwt;
        Disclosures = disclosures;
        KeyBindingJwt = string.IsNullOrEmpty(keyBindingJwt) ? null : keyBindingJwt;
    }

    /// <summary>The issuer-signed JWT.</summary>
    public string IssuerJwt { get; }

    /// <summary>The encoded disclosures, in order.</summary>
    public IReadOnlyList<string> Disclosures { get; }

    /// <summary>The Key Binding JWT, or null (RFC 9901 §4.3).</summary>
    public string? KeyBindingJwt { get; }

    /// <summary>The serialization without the KB-JWT, ending in <c>~</c>: the input of <c>sd_hash</c> (RFC 9901 §4.3.1).</summary>
    public string WithoutKeyBinding() => IssuerJwt + "~" + string.Concat(Disclosures.Select(d => d + "~"));

    /// <summary>The full serialization (RFC 9901 §4).</summary>
    public override string ToString() => WithoutKeyBinding() + (KeyBindingJwt ?? "");

    /// <summary>
    /// A holder presentation (RFC 9901 §4.1, §7.2): keeps only the disclosures <paramref name="keep"/> selects and drops any
    /// key binding. The holder must keep a parent's disclosure for every nested disclosure it keeps.
    /// </summary>
    public SdJwtToken Present(Func<Disclosure, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        return new SdJwtToken(IssuerJwt, Disclosures.Where(d => keep(Disclosure.Parse(d))).ToArray());
    }

    /// <summary>This token with a Key Binding JWT appended (see <see cref="KeyBindingJwt"/> creation in <see cref="KeyBinding"/>).</summary>
    public SdJwtToken WithKeyBinding(string keyBindingJwt) => new(IssuerJwt, Disclosures, keyBindingJwt);

    /// <summary>
    /// Splits a serialized SD-JWT. Throws <see cref="FormatException"/> when it is longer than <paramref name="maxLength"/>,
    /// has more than <paramref name="maxDisclosures"/> disclosures, or is not <c>jwt~…~[kb]</c> — checked before any decoding,
    /// so hostile input costs one linear scan.
    /// </summary>
    public static SdJwtToken Parse(string text, int maxLength = SdJwtLimits.DefaultMaxLength, int maxDisclosures = SdJwtLimits.DefaultMaxDisclosures)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > maxLength) throw new FormatException($"The SD-JWT is longer than {maxLength} characters.");
        var tildes = text.AsSpan().Count('~');
        if (tildes == 0) throw new FormatException("An SD-JWT contains at least one '~' (RFC 9901 §4).");
        if (tildes - 1 > maxDisclosures) throw new FormatException($"The SD-JWT has more than {maxDisclosures} disclosures.");
        var parts = text.Split('~');
        if (parts[0].Length == 0) throw new FormatException("The SD-JWT has no issuer JWT.");
        var disclosures = parts[1..^1];
        if (disclosures.Any(d => d.Length == 0)) throw new FormatException("The SD-JWT has an empty disclosure ('~~').");
        return new SdJwtToken(parts[0], disclosures, parts[^1]);
    }
}
