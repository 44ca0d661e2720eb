using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity;

/// <summary>
/// Decides, once, the addresses stored before Laurel recorded whether they were verified (the migration marks them
/// <see cref="EmailVerification.NotRecorded"/>). Laurel never kept the provider's email_verified claim, so only a provider
/// configured <c>EmailsAreVerified</c> (institution SSO) can vouch for them now: its accounts' addresses, and a person's own
/// address when it is one of those, become <see cref="EmailVerification.Provider"/>; every other address becomes unverified until
/// its owner signs in again (the provider's claim then decides and waiting awards match at once) or follows Laurel's link.
/// Runs at every start; after the first it finds nothing to do. Safe on several nodes at once (idempotent updates).
/// </summary>
public sealed class EmailVerificationBackfill(IServiceScopeFactory scopes, IdentityProviders providers, DemoSignInOptions demo,
    ILogger<EmailVerificationBackfill> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
            var trusted = providers.All.Where(p => p.EmailsAreVerified).Select(p => p.Name).ToList();
            if (demo.Enabled) trusted.Add(SignInModel.DemoProvider); // demo personas stand for verified accounts
            var pending = EmailVerification.NotRecorded;
            var identities = await db.LinkedIdentities
                .Where(i => i.EmailVerification == pending && i.Email != null && trusted.Contains(i.Provider))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.EmailVerification, EmailVerification.Provider), ct);
            await db.LinkedIdentities.Where(i => i.EmailVerification == pending)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.EmailVerification, EmailVerification.None), ct);
            var persons = await db.Persons
                .Where(p => p.EmailVerification == pending && p.Email != null && p.Identities.Any(i => i.EmailVerification == EmailVerification.Provider
                    && i.Email != null && i.Email.ToLower() == p.Email.ToLower()))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.EmailVerification, EmailVerification.Provider), ct);
            var unverified = await db.Persons.Where(p => p.EmailVerification == pending)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.EmailVerification, EmailVerification.None), ct);
            if (identities + persons + unverified > 0)
                log.LogInformation("E-mail verification recorded for older rows: {Identities} account and {Persons} person addresses verified by their provider, {Unverified} person addresses unverified until the next sign-in",
                    identities, persons, unverified);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Rows left NotRecorded simply do not match awards; the next start tries again.
            log.LogError(e, "Deciding the verification of older e-mail addresses failed");
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
