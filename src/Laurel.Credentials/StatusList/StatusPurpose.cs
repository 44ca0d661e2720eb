namespace Laurel.Credentials.StatusList;

/// <summary>The <c>statusPurpose</c> values of Bitstring Status List v1.0 (SL-6.1).</summary>
public static class StatusPurpose
{
    /// <summary>Permanent cancellation.</summary>
    public const string Revocation = "revocation";

    /// <summary>Reversible hold.</summary>
    public const string Suspension = "suspension";

    /// <summary>A newer version of the credential exists.</summary>
    public const string Refresh = "refresh";

    /// <summary>Multi-bit status with messages (<c>statusSize</c> &gt; 1).</summary>
    public const string Message = "message";
}
