using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace Laurel.Infrastructure.Database;

/// <summary>
/// Writes the rows added to a context with PostgreSQL binary <c>COPY</c> instead of <c>SaveChanges</c>: for thousands of new rows
/// (bulk award: award, audit entry and e-mail per row) it is several times faster than batched INSERTs. Columns, value converters
/// and JSON-mapped owned collections come from the EF model, so a new column is copied without touching this code.
/// </summary>
internal static class PostgresCopy
{
    /// <summary>True when every tracked change is a new row of a table (COPY can only insert).</summary>
    public static bool CanCopy(DbContext db) =>
        db.Database.IsNpgsql()
        && db.ChangeTracker.Entries().All(e => e.State == EntityState.Added || e.State == EntityState.Unchanged || e.State == EntityState.Detached);

    /// <summary>COPYs every added row, table by table, on the context's connection and transaction; then forgets them.</summary>
    /// <exception cref="PostgresException">A row broke a constraint (e.g. 23505 unique violation): the transaction is aborted.</exception>
    public static async Task SaveAddedAsync(DbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        // Added rows need no change detection (CanCopy has just run it); a scan of thousands of entries per call is not free.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await UseLz4Async(connection, ct);
            var entries = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
            var added = entries.Where(e => !e.Metadata.IsOwned()).GroupBy(e => e.Metadata);
            foreach (var rows in added) await CopyAsync(connection, rows.Key, rows.ToList(), ct);
            // COPY bypasses SaveChanges, which raises the publication version: a new definition or organisational unit copied in
            // raises it here, in the same transaction (today only awards and what belongs to them are copied).
            if (entries.Any(Publication.Shows)) await Publication.RaiseNowAsync(db, ct);
            db.ChangeTracker.Clear();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The rows COPYed here carry large text (a signed credential, an e-mail's HTML: 6–10 KB each) that PostgreSQL compresses into
    /// TOAST. Its default compression (pglz) was the biggest part of PostgreSQL's CPU time in bulk award; lz4 compresses several times
    /// faster at a similar ratio. <c>SET LOCAL</c> through <c>set_config(…, true)</c>: only for the current transaction (the caller's
    /// batch), and only when the server was built with lz4 (PostgreSQL 14+); otherwise nothing changes. Values are read back the same
    /// whichever method compressed them.
    /// </summary>
    private static async Task UseLz4Async(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings "
            + "WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)", connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IEntityType type, List<EntityEntry> rows, CancellationToken ct)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = type.GetProperties().Where(p => p.GetColumnName(table) is not null).Select(p => new Column(p)).ToList();
        var jsonColumns = type.GetNavigations().Where(n => n.TargetEntityType.IsMappedToJson()).Select(n => (Navigation: n, Getter: n.GetGetter(),
            Properties: n.TargetEntityType.GetProperties().Where(p => p.GetJsonPropertyName() is not null).ToList())).ToList();
        var names = columns.Select(c => Quote(c.Property.GetColumnName(table)!))
            .Concat(jsonColumns.Select(n => Quote(n.Navigation.TargetEntityType.GetContainerColumnName()!)));
        var target = type.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);

        await using var importer = await connection.BeginBinaryImportAsync($"COPY {target} ({string.Join(", ", names)}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            foreach (var column in columns)
            {
                var value = column.Value(row);
                if (value is null) await importer.WriteNullAsync(ct);
                else if (column.DbType is { } dbType) await importer.WriteAsync(value, dbType, ct);
                else await importer.WriteAsync(value, column.StoreType, ct);
            }
            foreach (var (_, getter, properties) in jsonColumns)
            {
                var value = getter.GetClrValueUsingContainingEntity(row.Entity);
                if (value is null) await importer.WriteNullAsync(ct);
                else await importer.WriteAsync(Json(properties, value), NpgsqlDbType.Jsonb, ct);
            }
        }
        await importer.CompleteAsync(ct);
    }

    /// <summary>One column: how to read its provider value from an entry, and its PostgreSQL type (resolved once per table).</summary>
    private sealed class Column
    {
        private readonly IClrPropertyGetter? _getter;
        private readonly ValueConverter? _converter;

        public Column(IProperty property)
        {
            Property = property;
            _getter = property.IsShadowProperty() ? null : property.GetGetter();
            _converter = property.GetTypeMapping().Converter;
            // "character varying(100)" → "character varying": Npgsql wants the type; the length check is the column's.
            StoreType = Regex.Replace(property.GetColumnType(), @"\(.*?\)", "");
            // The common types by enum: resolving a type by its name for every value costs more than the copy itself.
            DbType = StoreType switch
            {
                "uuid" => NpgsqlDbType.Uuid,
                "text" => NpgsqlDbType.Text,
                "character varying" => NpgsqlDbType.Varchar,
                "integer" => NpgsqlDbType.Integer,
                "bigint" => NpgsqlDbType.Bigint,
                "boolean" => NpgsqlDbType.Boolean,
                "timestamp with time zone" => NpgsqlDbType.TimestampTz,
                "date" => NpgsqlDbType.Date,
                "jsonb" => NpgsqlDbType.Jsonb,
                "numeric" => NpgsqlDbType.Numeric,
                "bytea" => NpgsqlDbType.Bytea,
                "text[]" => NpgsqlDbType.Array | NpgsqlDbType.Text,
                _ => null,
            };
        }

        public IProperty Property { get; }
        public string StoreType { get; }
        public NpgsqlDbType? DbType { get; }

        public object? Value(EntityEntry row)
        {
            var value = _getter is null ? row.Property(Property.Name).CurrentValue : _getter.GetClrValue(row.Entity);
            return value is not null && _converter is not null ? _converter.ConvertToProvider(value) : value;
        }
    }

    // The same document EF writes for a JSON-mapped owned type: an object (or array of objects) keyed by JSON property names.
    private static string Json(List<IProperty> properties, object value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (value is System.Collections.IEnumerable items and not string)
            {
                json.WriteStartArray();
                foreach (var item in items) WriteObject(json, properties, item);
                json.WriteEndArray();
            }
            else WriteObject(json, properties, value);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan); // one copy (a MemoryStream's ToArray made a second)
    }

    private static void WriteObject(Utf8JsonWriter json, List<IProperty> properties, object item)
    {
        json.WriteStartObject();
        foreach (var property in properties)
        {
            json.WritePropertyName(property.GetJsonPropertyName()!);
            JsonSerializer.Serialize(json, property.PropertyInfo?.GetValue(item), property.ClrType);
        }
        json.WriteEndObject();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
