using System.Linq.Expressions;
using Laurel.Features.Achievements;
using Laurel.Features.Institutions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Laurel.Infrastructure.Database;

/// <summary>
/// The publication version: one row whose <see cref="Stamp"/> takes a new random value in the same transaction as every change
/// of what the public catalog and profile pages show (definitions, issuers, faculties, institutions: <see cref="Publication.Shows"/>).
/// Those pages' entity tags are this one primary-key read, the same at 4 and at 10,000 definitions, instead of a scan of what
/// they list (issue 18). Written in the change's own transaction, so a node that reads the new stamp also reads the change: a copy
/// stored under a stamp never shows less than that stamp's data, and an edit on any node shows on the next view on every node.
/// </summary>
public sealed class PublicationVersion
{
    /// <summary>The single row's key (<see cref="Publication.Row"/>).</summary>
    public int Id { get; set; }

    /// <summary>
    /// A new random value at every change. Random rather than counted: raising it needs no read, concurrent writers never
    /// produce the same value (the row lock orders them, the last one's value stays), and a value never comes back.
    /// </summary>
    public Guid Stamp { get; set; }
}

internal sealed class PublicationVersionConfiguration : IEntityTypeConfiguration<PublicationVersion>
{
    public void Configure(EntityTypeBuilder<PublicationVersion> b)
    {
        b.ToTable("PublicationVersions");
        b.HasKey(v => v.Id);
        b.Property(v => v.Id).ValueGeneratedNever();
        // The row exists from the first migration on: raising it is an UPDATE by key, reading it a SELECT by key.
        b.HasData(new PublicationVersion { Id = Publication.Row, Stamp = Guid.Empty });
    }
}

/// <summary>Reads and raises the <see cref="PublicationVersion"/>.</summary>
public static class Publication
{
    public const int Row = 1;

    /// <summary>
    /// Properties of a definition that no catalog or profile page shows and that change outside staff edits: the first award
    /// freezes a definition (<c>FrozenAt</c>, set on the award path, where raising the version would serialise awards on its row)
    /// and a wallet card's colour (<c>CardHue</c>, chosen when a wallet first asks). Anything else counts, so a property added
    /// later and shown by a page can never leave a stale copy; at worst it renders once more than needed.
    /// </summary>
    private static readonly HashSet<string> NotShown = [nameof(Achievement.FrozenAt), nameof(Achievement.CardHue)];

    private static readonly HashSet<Type> Shown = [typeof(Achievement), typeof(Issuer), typeof(Faculty), typeof(Institution)];

    /// <summary>True when saving <paramref name="entry"/> changes what a catalog or profile page shows.</summary>
    public static bool Shows(EntityEntry entry)
    {
        if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) return false;
        // An owned value (a definition's translations and alignments, stored as JSON) belongs to its owner's row.
        var type = entry.Metadata;
        var owned = false;
        while (type.FindOwnership() is { } ownership)
        {
            type = ownership.PrincipalEntityType;
            owned = true;
        }
        if (!Shown.Contains(type.ClrType)) return false;
        if (owned || entry.State != EntityState.Modified || type.ClrType != typeof(Achievement)) return true;
        return entry.Properties.Any(p => p.IsModified && !NotShown.Contains(p.Metadata.Name));
    }

    /// <summary>
    /// Marks the version row for a new stamp in this context's next SaveChanges (so in its transaction). The caller has run change
    /// detection; the row is attached by key, so no read comes first.
    /// </summary>
    internal static void Raise(DbContext db)
    {
        var set = db.Set<PublicationVersion>();
        var row = set.Local.FirstOrDefault(v => v.Id == Row);
        if (row is null)
        {
            row = new PublicationVersion { Id = Row };
            set.Attach(row);
        }
        row.Stamp = Guid.NewGuid();
        db.Entry(row).Property(v => v.Stamp).IsModified = true;
    }

    /// <summary>Raises the version at once, in the context's current transaction (for writes that bypass SaveChanges, e.g. COPY).</summary>
    internal static Task RaiseNowAsync(DbContext db, CancellationToken ct)
    {
        var stamp = Guid.NewGuid();
        return db.Set<PublicationVersion>().Where(v => v.Id == Row).ExecuteUpdateAsync(s => s.SetProperty(v => v.Stamp, stamp), ct);
    }

    private static Expression<Func<LaurelDb, Guid>> Query() =>
        db => db.Set<PublicationVersion>().AsNoTracking().Where(v => v.Id == Row).Select(v => v.Stamp).FirstOrDefault();

    // Compiled once per provider (a compiled query belongs to one model): it runs on every catalog and profile view.
    private static readonly Func<SqliteLaurelDb, Task<Guid>> Sqlite = EF.CompileAsyncQuery(ProviderQueries.Retype<SqliteLaurelDb, Guid>(Query()));
    private static readonly Func<PostgresLaurelDb, Task<Guid>> Postgres = EF.CompileAsyncQuery(ProviderQueries.Retype<PostgresLaurelDb, Guid>(Query()));

    /// <summary>The current stamp: one primary-key read.</summary>
    public static Task<Guid> ReadAsync(LaurelDb db, CancellationToken ct) => db switch
    {
        SqliteLaurelDb sqlite => Sqlite(sqlite),
        PostgresLaurelDb postgres => Postgres(postgres),
        _ => throw new NotSupportedException(db.GetType().Name),
    };
}
