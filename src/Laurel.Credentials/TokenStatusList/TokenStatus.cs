namespace Laurel.Credentials.TokenStatusList;

/// <summary>
/// Status values of the IETF Token Status List (draft-ietf-oauth-status-list §7.1, "Status Types"). A list with
/// <c>bits</c> 1 can only say VALID or INVALID; SUSPENDED needs at least 2 bits.
/// </summary>
public static class TokenStatus
{
    /// <summary>0x00 VALID: the referenced token is valid, correct or legal.</summary>
    public const byte Valid = 0x00;

    /// <summary>0x01 INVALID: revoked, annulled, taken back, recalled or cancelled (permanent).</summary>
    public const byte Invalid = 0x01;

    /// <summary>0x02 SUSPENDED: temporarily invalid; may become VALID again.</summary>
    public const byte Suspended = 0x02;

    /// <summary>0x03 APPLICATION_SPECIFIC: meaning agreed by issuer and verifier (not used by Laurel).</summary>
    public const byte ApplicationSpecific = 0x03;

    /// <summary>The registered name of a status value, or null for values the draft leaves unregistered.</summary>
    public static string? Name(int status) => status switch
    {
        Valid => "VALID",
        Invalid => "INVALID",
        Suspended => "SUSPENDED",
        ApplicationSpecific => "APPLICATION_SPECIFIC",
        _ => null,
    };
}
