namespace Laurel.Features.Recognition.Applications;

/// <summary>Marker for the learner's recognition texts (ApplicationsText.resx, ApplicationsText.nl.resx).</summary>
public sealed class ApplicationsText;
