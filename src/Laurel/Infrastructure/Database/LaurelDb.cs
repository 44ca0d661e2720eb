using Laurel.Features.Achievements;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Auditing;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Laurel.Infrastructure.Database;

/// <summary>Laurel's database. Each feature contributes its entities and their configuration.</summary>
public abstract class LaurelDb(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Institution> Institutions => Set<Institution>();
    public DbSet<Faculty> Faculties => Set<Faculty>();
    public DbSet<Issuer> Issuers => Set<Issuer>();
    public DbSet<Person> Persons => Set<Person>();
    public DbSet<LinkedIdentity> LinkedIdentities => Set<LinkedIdentity>();
    public DbSet<StaffMembership> StaffMemberships => Set<StaffMembership>();
    public DbSet<Laurel.Features.Identity.ApiClients.ApiClient> ApiClients => Set<Laurel.Features.Identity.ApiClients.ApiClient>();
    public DbSet<Achievement> Achievements => Set<Achievement>();
    public DbSet<Laurel.Features.Awards.Award> Awards => Set<Laurel.Features.Awards.Award>();
    public DbSet<Laurel.Features.Notifications.OutboxMessage> OutboxMessages => Set<Laurel.Features.Notifications.OutboxMessage>();
    public DbSet<Laurel.Features.Publishing.Keys.IssuerKey> IssuerKeys => Set<Laurel.Features.Publishing.Keys.IssuerKey>();
    public DbSet<Laurel.Features.Publishing.Status.StatusList> StatusLists => Set<Laurel.Features.Publishing.Status.StatusList>();
    public DbSet<Laurel.Features.Awards.Claims.ClaimSettings> ClaimSettings => Set<Laurel.Features.Awards.Claims.ClaimSettings>();
    public DbSet<Laurel.Features.Awards.Requests.BadgeRequest> BadgeRequests => Set<Laurel.Features.Awards.Requests.BadgeRequest>();
    public DbSet<Laurel.Features.Awards.Results.Completion> Completions => Set<Laurel.Features.Awards.Results.Completion>();
    public DbSet<Laurel.Features.Awards.Results.IdempotencyRecord> IdempotencyRecords => Set<Laurel.Features.Awards.Results.IdempotencyRecord>();
    public DbSet<Laurel.Features.Awards.Bulk.BulkUpload> BulkUploads => Set<Laurel.Features.Awards.Bulk.BulkUpload>();
    public DbSet<Laurel.Features.Backpack.Imports.ImportedCredential> ImportedCredentials => Set<Laurel.Features.Backpack.Imports.ImportedCredential>();
    public DbSet<Laurel.Features.Backpack.Collections.Collection> Collections => Set<Laurel.Features.Backpack.Collections.Collection>();
    public DbSet<Laurel.Features.Backpack.Collections.CollectionItem> CollectionItems => Set<Laurel.Features.Backpack.Collections.CollectionItem>();
    public DbSet<Laurel.Features.Pathways.Pathway> Pathways => Set<Laurel.Features.Pathways.Pathway>();
    public DbSet<Laurel.Features.Pathways.PathwayItem> PathwayItems => Set<Laurel.Features.Pathways.PathwayItem>();
    public DbSet<Laurel.Features.Notifications.Webhooks.WebhookEndpoint> WebhookEndpoints => Set<Laurel.Features.Notifications.Webhooks.WebhookEndpoint>();
    public DbSet<Laurel.Features.Notifications.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Laurel.Features.Notifications.Webhooks.WebhookDelivery>();
    public DbSet<Laurel.Features.Wallets.WalletOffer> WalletOffers => Set<Laurel.Features.Wallets.WalletOffer>();
    public DbSet<Laurel.Features.Wallets.WalletCopy> WalletCopies => Set<Laurel.Features.Wallets.WalletCopy>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LaurelDb).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var (detect, pathways) = MarkPublication();
        try
        {
            var saved = base.SaveChanges(acceptAllChangesOnSuccess);
            if (pathways) Features.Standards.Clr.PathwayCompletionLineages.Changed();
            return saved;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var (detect, pathways) = MarkPublication();
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (pathways) Features.Standards.Clr.PathwayCompletionLineages.Changed();
            return saved;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>
    /// Raises the <see cref="PublicationVersion"/> in this save (its transaction) when it changes what the catalog or a profile
    /// shows. Detects changes once here (when the caller has not turned detection off) and leaves detection off for the save itself,
    /// so the save costs no second scan; returns the caller's setting to restore, and whether a pathway changes (the badge pages'
    /// remembered pathway completions are forgotten once the save is done).
    /// </summary>
    private (bool Detect, bool Pathways) MarkPublication()
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        if (detect) ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        var (shows, pathways) = (false, false);
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            pathways |= entry.Entity is Features.Pathways.Pathway or Features.Pathways.PathwayItem;
            shows = shows || Publication.Shows(entry);
        }
        // Raised after the loop: it adds an entry to the change tracker being enumerated.
        if (shows) Publication.Raise(this);
        return (detect, pathways);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite forgets the kind, PostgreSQL (timestamptz) insists on it.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>The SQLite flavour (embedded default); owns the SQLite migrations.</summary>
public sealed class SqliteLaurelDb(DbContextOptions<SqliteLaurelDb> options) : LaurelDb(options);

/// <summary>The PostgreSQL flavour (production); owns the PostgreSQL migrations.</summary>
public sealed class PostgresLaurelDb(DbContextOptions<PostgresLaurelDb> options) : LaurelDb(options);
