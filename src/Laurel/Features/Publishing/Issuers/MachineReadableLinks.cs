namespace Laurel.Features.Publishing.Issuers;

/// <summary>Links to the JSON forms of a profile page.</summary>
public sealed record MachineReadableLinks(string ProfileJson, string? DidDocument);
