using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Laurel.Credentials.StatusList;

/// <summary>Options for <see cref="BitstringStatusChecker"/>.</summary>
public sealed record StatusCheckOptions
{
    /// <summary>Minimum number of entries a list must have (SL-6.4 step 1); 131,072 by default.</summary>
    public long MinimumEntries { get; init; } = StatusBitstring.MinimumBitCount;

    /// <summary>Inflate limit for <c>encodedList</c>.</summary>
    public int MaxDecodedBytes { get; init; } = EncodedList.DefaultMaxDecodedBytes;

    /// <summary>When set, the list credential must be valid at this instant (its own validFrom/validUntil).</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Tolerated clock difference for the list's validFrom/validUntil (a list signed a moment ago elsewhere is valid).</summary>
    public TimeSpan ClockSkew { get; init; }
}

/// <summary>The outcome of a status check (SL-6.4 step 7) or the error that prevented it.</summary>
public sealed record StatusCheckResult
{
    /// <summary>The entry's status value (0 = not set); null when the check failed.</summary>
    public int? Status { get; init; }

    /// <summary>The status purpose that was checked.</summary>
    public string? Purpose { get; init; }

    /// <summary>The <c>statusMessage</c> text for the value, for multi-bit entries.</summary>
    public string? Message { get; init; }

    /// <summary>The error, when the status could not be determined.</summary>
    public StatusListErrorCode? Error { get; init; }

    /// <summary>A human-readable explanation of <see cref="Error"/>.</summary>
    public string? ErrorDetail { get; init; }

    /// <summary>True when the status was determined.</summary>
    public bool Succeeded => Error is null;

    /// <summary>True when the status bit(s) are set, e.g. revoked or suspended.</summary>
    public bool IsSet => Status is > 0;

    /// <summary>The RFC 9457 problem type for <see cref="Error"/>.</summary>
    public string? ProblemType => Error is { } e ? StatusListProblemTypes.For(e) : null;

    internal static StatusCheckResult Fail(StatusListErrorCode code, string detail) => new() { Error = code, ErrorDetail = detail };
}

/// <summary>
/// Reads a credential's <c>BitstringStatusListEntry</c> against an already fetched and proof-verified
/// status list credential (SL-6.4 steps 1 and 3–7; fetching and proof checking are the caller's job).
/// </summary>
public static class BitstringStatusChecker
{
    /// <summary>Checks one entry; never throws for bad data, returning the spec's error instead.</summary>
    public static StatusCheckResult Check(JsonObject entry, JsonObject statusListCredential, StatusCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(statusListCredential);
        options ??= new StatusCheckOptions();
        try
        {
            return CheckCore(entry, statusListCredential, options);
        }
        catch (StatusListException e)
        {
            return StatusCheckResult.Fail(e.Code, e.Message);
        }
    }

    private static StatusCheckResult CheckCore(JsonObject entry, JsonObject list, StatusCheckOptions options)
    {
        if (!HasType(entry["type"], "BitstringStatusListEntry"))
            return StatusCheckResult.Fail(StatusListErrorCode.MalformedValue, "credentialStatus.type is not BitstringStatusListEntry.");
        var purpose = StringOf(entry["statusPurpose"]);
        if (string.IsNullOrEmpty(purpose))
            return StatusCheckResult.Fail(StatusListErrorCode.MalformedValue, "credentialStatus.statusPurpose is missing.");
        if (!TryReadIndex(entry["statusListIndex"], out var index))
            return StatusCheckResult.Fail(StatusListErrorCode.MalformedValue, "credentialStatus.statusListIndex must be a non-negative base-10 integer.");
        long size = 1;
        if (entry["statusSize"] is { } sizeNode && (!TryReadIndex(sizeNode, out size) || size is < 1 or > 8))
            return StatusCheckResult.Fail(StatusListErrorCode.MalformedValue, "credentialStatus.statusSize must be an integer from 1 to 8.");
        // SL-6.1: multi-bit entries MUST carry one statusMessage per possible value.
        if (size > 1 && (entry["statusMessage"] is not JsonArray messages || messages.Count != 1 << (int)size))
            return StatusCheckResult.Fail(StatusListErrorCode.MalformedValue,
                $"credentialStatus.statusMessage must list exactly {1 << (int)size} messages when statusSize is {size}.");

        var listUrl = StringOf(entry["statusListCredential"]);
        if (string.IsNullOrEmpty(listUrl))
            return StatusCheckResult.Fail(StatusListErrorCode.MalformedValue, "credentialStatus.statusListCredential is missing.");
        if (StringOf(list["id"]) is { } listId && !string.Equals(listId, listUrl, StringComparison.Ordinal))
            return StatusCheckResult.Fail(StatusListErrorCode.StatusVerification,
                $"The status list credential is {listId}, but the entry points to {listUrl}.");
        if (!HasType(list["type"], "BitstringStatusListCredential"))
            return StatusCheckResult.Fail(StatusListErrorCode.StatusVerification, "The list is not a BitstringStatusListCredential.");
        if (options.Now is { } now && ValidityProblem(list, now, options.ClockSkew) is { } validity)
            return StatusCheckResult.Fail(StatusListErrorCode.StatusVerification, validity);
        if (list["credentialSubject"] is not JsonObject subject || !HasType(subject["type"], "BitstringStatusList"))
            return StatusCheckResult.Fail(StatusListErrorCode.MalformedValue, "The list's credentialSubject is not a BitstringStatusList.");

        // SL-6.4 step 3: the list may declare one purpose or several.
        if (!HasType(subject["statusPurpose"], purpose))
            return StatusCheckResult.Fail(StatusListErrorCode.StatusVerification,
                $"The entry's statusPurpose '{purpose}' does not match the list's statusPurpose.");
        if (StringOf(subject["encodedList"]) is not { } encoded)
            return StatusCheckResult.Fail(StatusListErrorCode.MalformedValue, "The list has no encodedList.");

        // Read only: the decoded bytes may be shared with other checks of the same list (DecodedLists).
        var bits = DecodedLists.Decode(encoded, options.MaxDecodedBytes);
        var entries = bits.EntryCount((int)size);
        if (entries < options.MinimumEntries)
            return StatusCheckResult.Fail(StatusListErrorCode.StatusListLength,
                $"The list has {entries} entries; at least {options.MinimumEntries} are required.");
        if (index >= entries)
            return StatusCheckResult.Fail(StatusListErrorCode.Range, $"statusListIndex {index} is beyond the list's {entries} entries.");

        var status = bits.GetValue(index, (int)size);
        return new StatusCheckResult { Status = status, Purpose = purpose, Message = MessageFor(entry, status) };
    }

    private static string? ValidityProblem(JsonObject list, DateTimeOffset now, TimeSpan skew)
    {
        if (TryDate(list["validFrom"]) is { } from && now + skew < from) return $"The status list is not valid before {from:O}.";
        if (TryDate(list["validUntil"]) is { } until && now - skew > until) return $"The status list expired at {until:O}.";
        return null;
    }

    private static string? MessageFor(JsonObject entry, int status)
    {
        if (entry["statusMessage"] is not JsonArray messages) return null;
        var hex = "0x" + status.ToString("x", CultureInfo.InvariantCulture);
        foreach (var item in messages)
            if (item is JsonObject m && string.Equals(StringOf(m["status"]), hex, StringComparison.OrdinalIgnoreCase))
                return StringOf(m["message"]);
        return null;
    }

    private static bool TryReadIndex(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue v) return false;
        // SL-6.6: the spec says a base-10 string; 1EdTech's fixture uses a JSON number, so accept both.
        if (v.TryGetValue<string>(out var text))
            return text.Length > 0 && text.Length <= 18 && text.All(char.IsAsciiDigit)
                && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        // Parsed and programmatically built numbers are backed differently; their JSON text is uniform.
        return v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static DateTimeOffset? TryDate(JsonNode? node) =>
        StringOf(node) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) ? d : null;

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool HasType(JsonNode? node, string wanted) => node switch
    {
        JsonValue => StringOf(node) == wanted,
        JsonArray a => a.Any(x => StringOf(x) == wanted),
        _ => false,
    };
}
