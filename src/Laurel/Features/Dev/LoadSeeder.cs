using System.Diagnostics;
using Laurel.Credentials.StatusList;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Bulk;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Dev;

/// <summary>
/// Seeds a database for load tests: real signed credentials (each institution's key, its status lists, the same builder as bulk
/// award), signed on every core one batch ahead while the previous batch is stored (binary COPY on PostgreSQL, batched inserts on
/// SQLite), each batch in one transaction. Revoked and expired awards get their bit in the revocation list at the end. Writes the id files the
/// load scenarios read (see <see cref="LoadSeedFiles"/>).
/// </summary>
public static class LoadSeeder
{
    /// <summary>The audit action of one seed run (how an appending run finds its number).</summary>
    public const string SeededAction = "load.seeded";

    public static async Task<bool> SeedAsync(IServiceProvider services, LoadSeedOptions options, TextWriter log, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        int earlierRuns, existingDefinitions;
        bool postgres;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
            postgres = db.Database.IsNpgsql();
            existingDefinitions = await LoadSeedCatalog.CountAsync(db, ct);
            earlierRuns = existingDefinitions == 0 ? 0 : await db.AuditEntries.CountAsync(e => e.Action == SeededAction, ct);
        }
        if (existingDefinitions > 0 && !options.Append)
        {
            log.WriteLine($"This database was load-seeded before ({existingDefinitions} load definitions, {earlierRuns} run(s)); nothing added. " +
                "Pass --append to add more awards to it, or seed a fresh database.");
            return false;
        }
        var run = $"r{earlierRuns + 1}";
        var definitions = await LoadSeedCatalog.EnsureAsync(services, options, existingDefinitions > 0, log, ct);
        if (existingDefinitions > 0) log.WriteLine($"Appending run {run} to the {definitions.Count} existing load definitions.");
        var batchSize = options.BatchSize > 0 ? options.BatchSize : postgres ? 6_000 : 1_500;
        batchSize = Math.Max(3, batchSize - batchSize % 3); // a learner's three awards stay in one batch

        await using var signingScope = services.CreateAsyncScope();
        var sp = signingScope.ServiceProvider;
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var signer = sp.GetRequiredService<IssuerSigner>();
        var statusLists = sp.GetRequiredService<StatusListService>();
        var builders = definitions.ToDictionary(d => d.Id, d => sp.GetRequiredService<CredentialBuilder>().ForDefinition(d));
        var keys = new Dictionary<Guid, IssuerKeyInfo>();
        foreach (var institutionId in definitions.Select(d => d.InstitutionId).Distinct())
            keys[institutionId] = await sp.GetRequiredService<IssuerKeys>().GetActiveAsync(institutionId, ct);
        var apiInstitution = await sp.GetRequiredService<LaurelDb>().ApiClients.Where(c => c.ClientId == LoadSeedPlan.ApiClientId)
            .Select(c => (Guid?)c.InstitutionId).FirstOrDefaultAsync(ct);

        long total = options.Awards;
        var mail = options.Mail ?? total;
        var audit = options.Audit ?? total;
        var institutionIds = keys.Keys.ToList();
        var claims = await sp.GetRequiredService<LaurelDb>().ClaimSettings.AsNoTracking().Where(c => institutionIds.Contains(c.InstitutionId))
            .ToDictionaryAsync(c => c.InstitutionId, ct);
        var plan = new LoadSeedPlan(definitions, run, total, mail, audit, now, apiInstitution, claims);
        log.WriteLine($"Seeding {total:N0} awards over {definitions.Count} definitions and {keys.Count} institutions, {mail:N0} e-mails, " +
            $"{audit:N0} audit entries ({(postgres ? "PostgreSQL, binary COPY" : "SQLite, batched inserts")}, batches of {batchSize:N0}, " +
            $"signing on {Environment.ProcessorCount} cores).");

        await using var files = new LoadSeedFiles(options.OutputDirectory, total, options.Append);
        var revoked = new Dictionary<Guid, List<int>>();
        var counts = new long[5];

        // Signing (CPU on every core) of the next batch runs while the database stores this one.
        Task<LoadSeedBatch> Prepare(long start) => Task.Run(async () =>
        {
            var batch = plan.Make(start, Math.Min(start + batchSize, total));
            await AllocateAsync(services, batch, ct);
            Parallel.For(0, batch.Awards.Count, new ParallelOptions { CancellationToken = ct }, i =>
            {
                var award = batch.Awards[i];
                var allocation = new StatusAllocation(award.RevocationListId, award.SuspensionListId, award.StatusIndex);
                AwardSigning.Seal(award, signer, keys[award.InstitutionId],
                    () => builders[batch.Definitions[i].Id](award, statusLists.CredentialStatusEntries(allocation)));
            });
            return batch;
        }, ct);

        var next = Prepare(0);
        for (long start = 0; start < total; start += batchSize)
        {
            var batch = await next;
            next = start + batchSize < total ? Prepare(start + batchSize) : null!;
            await StoreAsync(services, batch, ct);
            counts[0] += batch.Awards.Count; counts[1] += batch.Persons.Count; counts[2] += batch.Mail.Count;
            counts[3] += batch.Audit.Count; counts[4] += batch.Completions.Count;
            for (var i = 0; i < batch.Awards.Count; i++)
            {
                var award = batch.Awards[i];
                // An expired award's credential must not verify either (as ClaimExpiryJob leaves it): its revocation bit is set too.
                if (award.State is AwardState.Revoked or AwardState.Expired)
                {
                    if (!revoked.TryGetValue(award.RevocationListId, out var list)) revoked[award.RevocationListId] = list = [];
                    list.Add(award.StatusIndex);
                }
                files.Add(start + i, award);
            }
            files.AddLearners(batch.LearnerEmails);
            var rate = counts[0] / Math.Max(0.001, clock.Elapsed.TotalSeconds);
            log.WriteLine($"  {counts[0],12:N0} / {total:N0} awards ({100.0 * counts[0] / total,5:0.0} %), {rate,7:N0} awards/s, " +
                $"about {Math.Ceiling((total - counts[0]) / Math.Max(1, rate) / 60):N0} min to go");
        }

        await MarkRevokedAsync(services, revoked, now, ct);
        await FinishAsync(services, options, run, counts, clock.Elapsed, ct);
        await files.WriteDefinitionsAsync(services, definitions, ct);
        log.WriteLine($"Made {counts[0]:N0} signed awards ({revoked.Values.Sum(l => l.Count):N0} revoked or expired unclaimed), {counts[1]:N0} learners, " +
            $"{counts[2]:N0} e-mails, {counts[3]:N0} audit entries, {counts[4]:N0} completions in {clock.Elapsed.TotalSeconds:N0} s " +
            $"({counts[0] / clock.Elapsed.TotalSeconds:N0} awards/s; this process used {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:N0} s of CPU, " +
            $"{Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds / counts[0]:N2} ms per award). Id files in {Path.GetFullPath(options.OutputDirectory)}.");
        return true;
    }

    // Status indexes per institution, as many as the batch has awards there, in one range per list (BulkStatusAllocator).
    private static async Task AllocateAsync(IServiceProvider services, LoadSeedBatch batch, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var allocator = scope.ServiceProvider.GetRequiredService<BulkStatusAllocator>();
        foreach (var group in batch.Awards.GroupBy(a => a.InstitutionId))
        {
            var awards = group.ToList();
            var allocations = await allocator.AllocateAsync(group.Key, awards.Count, ct);
            for (var i = 0; i < awards.Count; i++)
            {
                awards[i].RevocationListId = allocations[i].RevocationListId;
                awards[i].SuspensionListId = allocations[i].SuspensionListId;
                awards[i].StatusIndex = allocations[i].Index;
            }
        }
    }

    private static async Task StoreAsync(IServiceProvider services, LoadSeedBatch batch, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // COPY checks foreign keys row by row, so parents go first: learners, then awards, then what refers to awards.
        var copy = db.Database.IsNpgsql();
        Action[] stages =
        [
            () => db.Persons.AddRange(batch.Persons),
            () => db.Awards.AddRange(batch.Awards),
            () =>
            {
                db.Completions.AddRange(batch.Completions);
                db.OutboxMessages.AddRange(batch.Mail);
                db.AuditEntries.AddRange(batch.Audit);
            },
        ];
        foreach (var stage in stages)
        {
            stage();
            if (copy && PostgresCopy.CanCopy(db)) await PostgresCopy.SaveAddedAsync(db, ct);
        }
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    // One write per status list: the revoked awards' bits set, the version raised so the served list is signed again.
    private static async Task MarkRevokedAsync(IServiceProvider services, Dictionary<Guid, List<int>> revoked, DateTime now, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        foreach (var (listId, indexes) in revoked)
        {
            // Written with one UPDATE each, not through change tracking: the bits are the whole point, and a pooled context may
            // come back with automatic change detection switched off by an earlier batch (StoreAsync).
            var list = await db.StatusLists.AsNoTracking().Where(l => l.Id == listId).Select(l => new { l.Bits, l.Version }).SingleAsync(ct);
            var bits = StatusBitstring.FromBytes(list.Bits);
            foreach (var index in indexes) bits.Set(index);
            var changed = bits.Bytes.ToArray();
            var updated = await db.StatusLists.Where(l => l.Id == listId && l.Version == list.Version).ExecuteUpdateAsync(s => s
                .SetProperty(l => l.Bits, changed).SetProperty(l => l.Version, list.Version + 1).SetProperty(l => l.UpdatedAt, now), ct);
            if (updated != 1) throw new InvalidOperationException($"Status list {listId} changed while the seed was revoking awards; run again.");
        }
    }

    private static async Task FinishAsync(IServiceProvider services, LoadSeedOptions options, string run, long[] counts, TimeSpan took, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        db.AuditEntries.Add(new AuditEntry
        {
            Id = Guid.CreateVersion7(), At = now, ActorName = "laurel seed-load", Action = SeededAction, EntityType = "Database", Client = "cli",
            Details = $"{{\"run\":\"{run}\",\"awards\":{counts[0]},\"learners\":{counts[1]},\"mail\":{counts[2]},\"audit\":{counts[3]},\"completions\":{counts[4]},\"seconds\":{took.TotalSeconds:0}}}",
        });
        await db.SaveChangesAsync(ct);
    }
}
