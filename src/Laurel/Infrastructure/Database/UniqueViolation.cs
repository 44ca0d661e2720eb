using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Infrastructure.Database;

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

    /// <summary>
    /// Two nodes inserting the same pair of unique rows in opposite orders: PostgreSQL breaks the deadlock by failing one of
    /// them (40P01), which for the loser means the same as a unique violation — the other node's rows stand.
    /// </summary>
    public static bool IsLostInsertRace(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbUpdateException update && Is(update)) return true;
            if (inner is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected }) return true;
        }
        return false;
    }
}
