namespace Laurel.Features.Presentations.Requests;

/// <summary>Marker for the texts of the verifier's and the learner's presentation pages (RequestPagesText.resx, .nl.resx).</summary>
public sealed class RequestPagesText;
