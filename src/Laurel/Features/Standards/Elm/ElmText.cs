namespace Laurel.Features.Standards.Elm;

/// <summary>Marker for the Europass (ELM) export's nl/en resources (ElmText.resx, ElmText.nl.resx).</summary>
public sealed class ElmText;
