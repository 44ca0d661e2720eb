using System.Security.Claims;
using Laurel.Features.Identity.ApiClients;

namespace Laurel.Features.Awards.Issuing;

/// <summary>
/// Who awards, as <see cref="AwardPolicy"/> judges it: a person (staff, whose rights come from their memberships through
/// StaffAccess; a system actor such as pathway completion has none) or an API client of one institution with the scopes its
/// token really carries. Entry points build it from the signed-in principal; the principal stays along for the audit trail.
/// </summary>
public abstract record Awarder(ClaimsPrincipal Principal)
{
    /// <summary>Where the award comes from, for the audit trail (<c>web</c>, or <c>api:{client id}</c> for API clients).</summary>
    public abstract string Client { get; }

    /// <summary>The awarder behind a principal: an API client when it carries a client id, otherwise a person.</summary>
    public static Awarder Of(ClaimsPrincipal principal) =>
        principal.FindFirstValue(ApiClientAuthentication.ClientIdClaim) is { } clientId
            ? new ApiClient(principal, clientId, ApiClientAuthentication.InstitutionId(principal),
                principal.FindAll(ApiClientAuthentication.ScopeClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal), ConfirmedActive: false)
            : new Staff(principal);

    /// <summary>A signed-in staff member (or a system actor without a person, which has no rights); the policy asks StaffAccess
    /// for the Award right on the definition.</summary>
    public sealed record Staff(ClaimsPrincipal Principal) : Awarder(Principal)
    {
        public override string Client => "web";
    }

    /// <summary>
    /// An API client of <paramref name="InstitutionId"/> with the scopes of its token. <paramref name="ConfirmedActive"/>: this
    /// request's authorization already found the client not revoked (ApiClientAuthentication.Policy), so the policy need not ask
    /// the database again for every row; otherwise it does.
    /// </summary>
    public sealed record ApiClient(ClaimsPrincipal Principal, string ClientId, Guid? InstitutionId, IReadOnlySet<string> Scopes, bool ConfirmedActive)
        : Awarder(Principal)
    {
        public override string Client => "api:" + ClientId;

        /// <summary>Scopes that allow awarding within the client's own institution: issuing through the VC-API (awards:write) and
        /// reporting completions that are awarded automatically (results:write).</summary>
        public static readonly IReadOnlyList<string> AwardingScopes = Identity.Authorization.StaffRightHandler.AwardingScopes;

        /// <summary>Whether the token's scopes allow awarding at all (the institution is checked per definition).</summary>
        public bool HasAwardingScope => AwardingScopes.Any(Scopes.Contains);

        /// <summary>The client may award definitions of its own institution only, and only with an awarding scope.</summary>
        public bool MayAwardIn(Guid institutionId) => InstitutionId == institutionId && HasAwardingScope;
    }
}
