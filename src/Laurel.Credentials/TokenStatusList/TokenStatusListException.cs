namespace Laurel.Credentials.TokenStatusList;

/// <summary>Why a Token Status List or Status List Token was refused (draft-ietf-oauth-status-list §8.3).</summary>
public enum TokenStatusListErrorCode
{
    /// <summary>A value is missing or malformed: the referenced token's <c>status</c> claim, <c>bits</c>, <c>lst</c>, the JWT itself.</summary>
    Malformed,
    /// <summary>The caller's fetcher could not retrieve the Status List Token.</summary>
    Retrieval,
    /// <summary>The token's signature, <c>typ</c>, <c>sub</c>, <c>iss</c> or key does not check out.</summary>
    Verification,
    /// <summary>The Status List Token has expired (<c>exp</c>) or is not yet issued (<c>iat</c> in the future).</summary>
    Expired,
    /// <summary>The index lies beyond the list.</summary>
    Range,
    /// <summary>The input exceeds a <see cref="TokenStatusListLimits"/> budget (token length, compressed or inflated size).</summary>
    LimitExceeded,
}

/// <summary>A refused status list, token or reference; <see cref="Code"/> says which kind of refusal.</summary>
public sealed class TokenStatusListException(TokenStatusListErrorCode code, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The kind of refusal.</summary>
    public TokenStatusListErrorCode Code { get; } = code;
}
