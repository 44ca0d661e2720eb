namespace Laurel.Credentials.StatusList;

/// <summary>Error kinds of Bitstring Status List processing (SL-6.4), mapped to the spec's problem types.</summary>
public enum StatusListErrorCode
{
    /// <summary>A value is missing or malformed (<c>MALFORMED_VALUE_ERROR</c>).</summary>
    MalformedValue,
    /// <summary>The list could not be retrieved (<c>STATUS_RETRIEVAL_ERROR</c>); reported by callers that fetch.</summary>
    StatusRetrieval,
    /// <summary>The list does not fit the entry: wrong purpose, wrong list, not valid now (<c>STATUS_VERIFICATION_ERROR</c>).</summary>
    StatusVerification,
    /// <summary>The list has fewer entries than the required minimum (<c>STATUS_LIST_LENGTH_ERROR</c>).</summary>
    StatusListLength,
    /// <summary>The index lies beyond the list (<c>RANGE_ERROR</c>).</summary>
    Range,
    /// <summary>The GZIP data inflates beyond the configured limit (reported as <c>MALFORMED_VALUE_ERROR</c>).</summary>
    DecompressionLimitExceeded,
}

/// <summary>Raised by status list decoding with a specific <see cref="StatusListErrorCode"/>.</summary>
public sealed class StatusListException(StatusListErrorCode code, string message) : Exception(message)
{
    /// <summary>What went wrong.</summary>
    public StatusListErrorCode Code { get; } = code;

    /// <summary>The RFC 9457 problem type URL the spec assigns to this error.</summary>
    public string ProblemType => StatusListProblemTypes.For(Code);
}

/// <summary>Problem type URLs from Bitstring Status List v1.0 §3.</summary>
public static class StatusListProblemTypes
{
    private const string Base = "https://www.w3.org/ns/credentials/status-list#";

    /// <summary>Returns the problem type URL for an error code.</summary>
    public static string For(StatusListErrorCode code) => code switch
    {
        StatusListErrorCode.StatusRetrieval => Base + "STATUS_RETRIEVAL_ERROR",
        StatusListErrorCode.StatusVerification => Base + "STATUS_VERIFICATION_ERROR",
        StatusListErrorCode.StatusListLength => Base + "STATUS_LIST_LENGTH_ERROR",
        StatusListErrorCode.Range => Base + "RANGE_ERROR",
        _ => Base + "MALFORMED_VALUE_ERROR",
    };
}
