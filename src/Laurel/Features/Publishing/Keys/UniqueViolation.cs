using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Features.Publishing.Keys;

/// <summary>Recognises "another node inserted the same unique row first" on both database providers.</summary>
internal static class UniqueViolation
{
    public static bool Is(DbUpdateException e) => e.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY (extended codes 2067 / 1555).
        SqliteException lite => lite.SqliteErrorCode == 19 && lite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
