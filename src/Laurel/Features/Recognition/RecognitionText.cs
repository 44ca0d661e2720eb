namespace Laurel.Features.Recognition;

/// <summary>Marker for the recognition resource files (RecognitionText.resx, RecognitionText.nl.resx).</summary>
public sealed class RecognitionText;
