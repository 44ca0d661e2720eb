namespace Laurel.Features.Standards.ObApi;

/// <summary>Texts of the OB 3.0 API pages (consent page, connected apps on the account page).</summary>
public sealed class ObApiText;
