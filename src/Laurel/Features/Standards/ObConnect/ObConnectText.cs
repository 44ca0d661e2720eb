namespace Laurel.Features.Standards.ObConnect;

/// <summary>Marker for the Open Badges host connection pages' nl/en resources (ObConnectText.resx, ObConnectText.nl.resx).</summary>
public sealed class ObConnectText;
