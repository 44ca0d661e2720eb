namespace Laurel.Features.Verification;

/// <summary>Marker for the verification feature's texts (VerificationText.resx, VerificationText.nl.resx).</summary>
public sealed class VerificationText;
