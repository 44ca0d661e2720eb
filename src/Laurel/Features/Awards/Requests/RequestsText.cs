namespace Laurel.Features.Awards.Requests;

/// <summary>Marker for the learner-request texts (RequestsText.resx, RequestsText.nl.resx).</summary>
public sealed class RequestsText;
