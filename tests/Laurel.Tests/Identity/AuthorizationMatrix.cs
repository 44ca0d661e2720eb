namespace Laurel.Tests.Identity;

/// <summary>What the server must answer, as a user would see it.</summary>
public enum Outcome
{
    /// <summary>200: the page or endpoint does its work.</summary>
    Allowed,
    /// <summary>403: signed in, but no right here.</summary>
    Forbidden,
    /// <summary>302 to /account/sign-in: a page that needs a signed-in person.</summary>
    SignIn,
    /// <summary>401: an API that needs a client token (a browser session does not count).</summary>
    Unauthorized,
    /// <summary>404: the place does not exist.</summary>
    NotFound,
}

/// <summary>
/// The authorization matrix: every staff page and endpoint × every demo persona → expected outcome.
/// Path templates use {uu}, {tudelft}, {science} (UU faculty), {informatica} (UU issuer) and {unknown}.
/// Other features add their pages by adding rows (or a For(...) line) here; the test needs no change.
/// </summary>
public static class AuthorizationMatrix
{
    public sealed record Row(string Method, string PathTemplate, string Persona, Outcome Expected);

    public const string Anonymous = "anonymous";

    public static readonly string[] Personas = ["learner", "viewer", "awarder", "issuer-admin", "faculty-admin", "institution-admin", Anonymous];

    public static IEnumerable<Row> Rows =>
    [
        // Own account page: anyone signed in.
        .. For("GET", "/account", allowed: Personas[..^1], otherwise: Outcome.Forbidden),
        // API clients: institution admins of that institution only (ManageStaff at institution level).
        .. For("GET", "/manage/institutions/{uu}/api-clients", allowed: ["institution-admin"], otherwise: Outcome.Forbidden),
        .. For("POST", "/manage/institutions/{uu}/api-clients?handler=Create", allowed: ["institution-admin"], otherwise: Outcome.Forbidden),
        .. For("GET", "/manage/institutions/{tudelft}/api-clients", allowed: [], otherwise: Outcome.Forbidden),
        .. For("POST", "/manage/institutions/{tudelft}/api-clients?handler=Create", allowed: [], otherwise: Outcome.Forbidden),
        .. For("GET", "/manage/institutions/{unknown}/api-clients", allowed: [], otherwise: Outcome.NotFound),
        // Laurel's API accepts only client tokens, never a browser session.
        .. Personas.Select(p => new Row("GET", "/api/v1/me", p, Outcome.Unauthorized)),
    ];

    /// <summary>Rows for one page: <paramref name="allowed"/> personas get 200, anonymous is sent to sign in (before
    /// learning whether the place exists), everyone else gets <paramref name="otherwise"/>.</summary>
    public static IEnumerable<Row> For(string method, string path, string[] allowed, Outcome otherwise) =>
        Personas.Select(p => new Row(method, path, p,
            allowed.Contains(p) ? Outcome.Allowed : p == Anonymous ? Outcome.SignIn : otherwise));
}
