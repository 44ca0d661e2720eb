using System.Net;
using System.Text;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Standards.ObConnect;

/// <summary>How one host credential fared on import.</summary>
public enum ObImportResult { Imported, AlreadyImported, LaurelsOwn, Refused }

public sealed record ObImportLine(ObHostEntry Entry, ObImportResult Result, Guid? ImportId, IReadOnlyList<string> Reasons);

/// <summary>The host's answer to upsertCredential: 200 replaced, 201 created, or its error read from Imsx_StatusInfo.</summary>
public sealed record ObSendOutcome(bool Sent, int Status, string? HostMessage);

/// <summary>
/// Laurel as an Open Badges 3.0 service consumer for one learner: connect (discover, register, authorize with PKCE,
/// exchange the code), read the host's credentials and profile, import them through the backpack's own import, send a
/// Laurel badge with upsertCredential, refresh tokens when they expire or are refused, revoke them on disconnect.
/// Every method is scoped to the learner; another learner's connection is "not found".
/// </summary>
public sealed class ObConnectService(LaurelDb db, ObProtocol protocol, ObHttp http, ImportService imports, PublicOrigin origin,
    IDataProtectionProvider dataProtection, IConfiguration configuration, TimeProvider time)
{
    public const string CallbackPath = "/backpack/connections/callback";
    /// <summary>A learner who does not come back from the host within this time starts again.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(15);
    public const int MaxConnections = 20;

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Laurel.ObConnect.Secrets.v1");

    public string RedirectUri => origin.Url(CallbackPath);

    /// <summary>
    /// Steps 1–3: the host's SDD (OB3-7.6), a dynamic registration (OB3-7.7) and the authorization address with PKCE S256 and
    /// state (OB3-7.8) to send the learner to. The verifier and state are kept (protected / hashed) in a pending row.
    /// </summary>
    public async Task<Uri> StartAsync(Guid personId, Uri discoveryUrl, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Set<ObConnection>().Where(c => c.PersonId == personId && c.State == ObConnectionState.Pending && c.CreatedAt < now - PendingLifetime).ExecuteDeleteAsync(ct);
        if (await db.Set<ObConnection>().CountAsync(c => c.PersonId == personId, ct) >= MaxConnections)
            throw new ObHostException($"You have {MaxConnections} connections; disconnect one first.");
        var sdd = await protocol.DiscoverAsync(discoveryUrl, ct);
        // A host that offers none of the scopes Laurel uses cannot be read or written.
        var scopes = ObProtocol.WantedScopes.Where(s => sdd.Scopes.Count == 0 || sdd.Scopes.Contains(s)).ToList();
        if (scopes.Count == 0) throw new ObHostException("The host offers none of the Open Badges scopes Laurel uses.");
        var registration = await protocol.RegisterAsync(sdd, Metadata(), scopes, ct);
        // The SDD's own revocation address first (Laurel's host names it there), else the OAuth server metadata (RFC 8414).
        var revocation = sdd.RevocationUrl ?? await protocol.FindRevocationUrlAsync(sdd.AuthorizationUrl, ct);
        var (verifier, challenge) = ObProtocol.Pkce();
        var state = ObProtocol.NewState();
        var scope = string.Join(' ', scopes);
        db.Set<ObConnection>().Add(new ObConnection
        {
            Id = Guid.CreateVersion7(), PersonId = personId, State = ObConnectionState.Pending, ApiBaseUrl = sdd.ApiBase.AbsoluteUri.TrimEnd('/'),
            HostName = sdd.Title, AuthorizationUrl = sdd.AuthorizationUrl.AbsoluteUri, TokenUrl = sdd.TokenUrl.AbsoluteUri,
            RefreshUrl = sdd.RefreshUrl?.AbsoluteUri, RevocationUrl = revocation?.AbsoluteUri, ClientId = registration.ClientId,
            ProtectedClientSecret = _protector.Protect(registration.ClientSecret), StateHash = ObProtocol.Hash(state),
            ProtectedCodeVerifier = _protector.Protect(verifier), Scope = scope, CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        return ObProtocol.AuthorizationRequest(sdd.AuthorizationUrl, registration.ClientId, RedirectUri, scope, state, challenge);
    }

    /// <summary>
    /// Step 4 (OB3-7.9): the host sent the learner back. The state must be one this learner started (and not expired); the
    /// code is exchanged once, with the PKCE verifier and HTTP Basic. A denial or error from the host removes the pending row.
    /// </summary>
    public async Task<ObConnection> CompleteAsync(Guid personId, string? state, string? code, string? error, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 200) throw new ObHostException("The host sent you back without the state Laurel gave it.");
        var hash = ObProtocol.Hash(state);
        var pending = await db.Set<ObConnection>().FirstOrDefaultAsync(c => c.StateHash == hash && c.PersonId == personId && c.State == ObConnectionState.Pending, ct)
            ?? throw new ObHostException("This answer does not belong to a connection you started (or it was used already).");
        if (pending.CreatedAt < time.GetUtcNow().UtcDateTime - PendingLifetime || !string.IsNullOrEmpty(error) || string.IsNullOrEmpty(code) || code.Length > 2000)
        {
            db.Remove(pending);
            await db.SaveChangesAsync(ct);
            throw new ObHostException(!string.IsNullOrEmpty(error) ? $"The host did not grant access ({Clip(error, 100)})." : "The host sent no code, or you took too long; start again.");
        }
        var verifier = _protector.Unprotect(pending.ProtectedCodeVerifier!);
        // One use only: forget the state before the exchange, so a replayed callback finds nothing.
        pending.StateHash = null;
        pending.ProtectedCodeVerifier = null;
        await db.SaveChangesAsync(ct);
        ObTokens tokens;
        try
        {
            tokens = await protocol.ExchangeCodeAsync(new Uri(pending.TokenUrl), pending.ClientId, Secret(pending), code, RedirectUri, pending.Scope!, verifier, ct);
        }
        catch (ObHostException)
        {
            db.Remove(pending);
            await db.SaveChangesAsync(ct);
            throw;
        }
        Store(pending, tokens);
        pending.State = ObConnectionState.Connected;
        pending.ConnectedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        // Connecting the same host again replaces the earlier connection (its tokens revoked), so the list stays one per host.
        var earlier = await db.Set<ObConnection>().Where(c => c.PersonId == personId && c.ApiBaseUrl == pending.ApiBaseUrl && c.Id != pending.Id)
            .Select(c => c.Id).ToListAsync(ct);
        foreach (var id in earlier) await DisconnectAsync(personId, id, ct);
        return pending;
    }

    public Task<List<ObConnection>> ListAsync(Guid personId, CancellationToken ct) =>
        db.Set<ObConnection>().AsNoTracking().Where(c => c.PersonId == personId && c.State == ObConnectionState.Connected).OrderBy(c => c.CreatedAt).ToListAsync(ct);

    public Task<ObConnection?> FindAsync(Guid personId, Guid id, CancellationToken ct) =>
        db.Set<ObConnection>().FirstOrDefaultAsync(c => c.Id == id && c.PersonId == personId && c.State == ObConnectionState.Connected, ct);

    /// <summary>OB3-8.3 Service Consumer (Read): getProfile (404 means "no profile") and every page of getCredentials.</summary>
    public async Task<(string? ProfileName, string? ProfileEmail, ObHostContents Contents)> ReadAsync(ObConnection connection, CancellationToken ct)
    {
        string? name = null, email = null;
        if (connection.Scope?.Split(' ').Contains(ObProtocol.ScopeProfile) != false)
        {
            var profile = await CallAsync(connection, token => http.GetAsync(new Uri(connection.ApiBaseUrl + "/profile"), token, ct), ct);
            if (profile.Status == HttpStatusCode.OK)
            {
                var o = ObProtocol.ParseObject(profile.Body, "profile");
                name = o["name"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? Clip(o["name"]!.GetValue<string>(), 200) : null;
                email = o["email"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? Clip(o["email"]!.GetValue<string>(), 200) : null;
            }
            else if (profile.Status != HttpStatusCode.NotFound) throw new ObHostException(ObStatusInfo.Describe(profile));
        }
        var contents = await ObHostEntries.ReadAllAsync(new Uri(connection.ApiBaseUrl),
            (url, c) => CallAsync(connection, token => http.GetAsync(url, token, c), c), time, ct,
            Math.Clamp(configuration.GetValue("Laurel:ObConnect:PageSize", ObHostEntries.PageSize), 1, 100));
        return (name, email, contents);
    }

    /// <summary>
    /// Imports the chosen credentials (all when <paramref name="keys"/> is null) through the backpack's import: verified like
    /// any import, stored once, and a credential this Laurel issued is reported as the award already in the backpack.
    /// </summary>
    public async Task<List<ObImportLine>> ImportAsync(Guid personId, ObConnection connection, IReadOnlySet<string>? keys, CancellationToken ct)
    {
        var (_, _, contents) = await ReadAsync(connection, ct);
        var lines = new List<ObImportLine>();
        foreach (var entry in contents.Entries.Where(e => keys is null || keys.Contains(e.Key)))
        {
            var outcome = await imports.ImportFromHostAsync(personId, entry.Text, connection.ApiBaseUrl + "/credentials", ct);
            lines.Add(outcome switch
            {
                { Imported: { } i } => new(entry, ObImportResult.Imported, i.Id, []),
                { Duplicate: { } d } => new(entry, ObImportResult.AlreadyImported, d.Id, []),
                _ when imports.IsLaurelsOwn(outcome) => new(entry, ObImportResult.LaurelsOwn, null, []),
                _ => new(entry, ObImportResult.Refused, null, outcome.Problems.Select(p => p.Message).ToList()),
            });
        }
        return lines;
    }

    /// <summary>
    /// OB3-8.1 Service Consumer (Write): upsertCredential with the award's signed credential byte for byte as issued (no
    /// extension fields added); 200 or 201 is success, anything else is the host's Imsx_StatusInfo shown as it said it.
    /// </summary>
    public async Task<ObSendOutcome> SendAsync(ObConnection connection, Award award, CancellationToken ct)
    {
        var response = await CallAsync(connection, token =>
            http.SendAsync(HttpMethod.Post, new Uri(connection.ApiBaseUrl + "/credentials"), new StringContent(award.CredentialJson, Encoding.UTF8, "application/json"), token, null, ct), ct);
        return response.Status is HttpStatusCode.OK or HttpStatusCode.Created
            ? new(true, (int)response.Status, null)
            : new(false, (int)response.Status, ObStatusInfo.Describe(response));
    }

    /// <summary>RFC 7009 for both tokens (when the host offers revocation), then Laurel forgets the connection either way.</summary>
    public async Task<bool> DisconnectAsync(Guid personId, Guid id, CancellationToken ct)
    {
        var connection = await db.Set<ObConnection>().FirstOrDefaultAsync(c => c.Id == id && c.PersonId == personId, ct);
        if (connection is null) return false;
        if (connection.RevocationUrl is { } url)
        {
            var secret = Secret(connection);
            foreach (var (token, hint) in new[] { (connection.ProtectedRefreshToken, "refresh_token"), (connection.ProtectedAccessToken, "access_token") })
            {
                if (token is null) continue;
                try
                {
                    await protocol.RevokeAsync(new Uri(url), connection.ClientId, secret, _protector.Unprotect(token), hint, ct);
                }
                catch (ObHostException)
                {
                    // The learner asked to disconnect: an unreachable host does not keep Laurel holding its tokens.
                }
            }
        }
        db.Remove(connection);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Runs a bearer call with a fresh access token: refreshed first when it has expired (OB3-7.10), and once more when the
    /// host answers 401 (it may have revoked the token early). The rotated refresh token is stored at once.
    /// </summary>
    private async Task<ObResponse> CallAsync(ObConnection connection, Func<string, Task<ObResponse>> call, CancellationToken ct)
    {
        if (connection.AccessTokenExpiresAt is { } expires && expires <= time.GetUtcNow().UtcDateTime.AddSeconds(30) && connection.ProtectedRefreshToken is not null)
            await RefreshAsync(connection, ct);
        var response = await call(_protector.Unprotect(connection.ProtectedAccessToken!));
        if (response.Status != HttpStatusCode.Unauthorized || connection.ProtectedRefreshToken is null) return response;
        await RefreshAsync(connection, ct);
        return await call(_protector.Unprotect(connection.ProtectedAccessToken!));
    }

    private async Task RefreshAsync(ObConnection connection, CancellationToken ct)
    {
        var tokens = await protocol.RefreshAsync(new Uri(connection.RefreshUrl ?? connection.TokenUrl), connection.ClientId, Secret(connection),
            _protector.Unprotect(connection.ProtectedRefreshToken!), connection.Scope, ct);
        var tracked = db.Entry(connection).State == EntityState.Detached ? db.Attach(connection).Entity : connection;
        Store(tracked, tokens);
        await db.SaveChangesAsync(ct);
    }

    private void Store(ObConnection connection, ObTokens tokens)
    {
        connection.ProtectedAccessToken = _protector.Protect(tokens.AccessToken);
        // A host that does not rotate keeps the refresh token it gave before.
        if (tokens.RefreshToken is not null) connection.ProtectedRefreshToken = _protector.Protect(tokens.RefreshToken);
        connection.AccessTokenExpiresAt = tokens.ExpiresAt;
        if (tokens.Scope is not null) connection.Scope = tokens.Scope;
    }

    private string Secret(ObConnection connection) => _protector.Unprotect(connection.ProtectedClientSecret);

    /// <summary>Laurel's own registration metadata (OB3-7.7); terms and privacy addresses are the operator's to configure.</summary>
    private LaurelClientMetadata Metadata() => new(
        configuration["Laurel:ObConnect:ClientName"] ?? "Laurel", origin.Url("/"), origin.Url("/favicon.svg"),
        configuration["Laurel:ObConnect:TermsUrl"] ?? origin.Url("/"), configuration["Laurel:ObConnect:PrivacyUrl"] ?? origin.Url("/"),
        "laurel-ob-connect", typeof(ObConnectService).Assembly.GetName().Version?.ToString() ?? "1.0", RedirectUri);

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];
}
