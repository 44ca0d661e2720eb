using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace Laurel.Infrastructure.Paging;

/// <summary>
/// A position in a list ordered newest first by (timestamp, id): the row a page starts after. Staff lists page with it instead
/// of Skip/COUNT, so page 1,000 costs what page 1 costs and an index on (…, timestamp, id) serves every page (issue 18).
/// In a URL it is <c>{ticks}.{id}</c>; anything else reads as "no cursor" (the first page).
/// </summary>
public readonly record struct KeysetCursor(DateTime At, Guid Id)
{
    public override string ToString() => At.Ticks.ToString(CultureInfo.InvariantCulture) + "." + Id.ToString("N");

    public static KeysetCursor? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var dot = value.IndexOf('.');
        if (dot <= 0 || !long.TryParse(value.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTime.MaxValue.Ticks || !Guid.TryParseExact(value.AsSpan(dot + 1), "N", out var id)) return null;
        return new KeysetCursor(new DateTime(ticks, DateTimeKind.Utc), id);
    }
}

/// <summary>
/// One page of a newest-first keyset list: the rows, and the cursors of the neighbouring pages (null at either end).
/// A page is read with one row more than it shows, so "is there a next page" needs no count.
/// </summary>
public sealed record KeysetPage<T>(List<T> Items, KeysetCursor? Newer, KeysetCursor? Older)
{
    /// <summary>
    /// Builds the page from rows read with <paramref name="pageSize"/> + 1: newest first when paging towards older rows
    /// (<paramref name="towardsNewer"/> false), oldest first when paging back towards newer ones.
    /// </summary>
    public static KeysetPage<T> From(List<T> rows, int pageSize, bool towardsNewer, bool hasCursor, Func<T, KeysetCursor> key)
    {
        var more = rows.Count > pageSize;
        if (more) rows.RemoveAt(rows.Count - 1);
        if (towardsNewer) rows.Reverse();
        if (rows.Count == 0) return new([], null, null);
        // Going older: a newer page exists when we came from a cursor; an older one when a row was left over.
        // Going newer: the mirror image.
        var newer = towardsNewer ? more : hasCursor;
        var older = towardsNewer ? hasCursor : more;
        return new(rows, newer ? key(rows[0]) : null, older ? key(rows[^1]) : null);
    }
}

/// <summary>
/// The cursor arithmetic every newest-first keyset list shares (the staff award list, the audit trail, the webhook delivery log),
/// written once so each page only says which columns order it and what it reads.
/// </summary>
public static class Keyset
{
    // The "<= then tie-break" form lets the database use the cursor as an index bound; a plain OR would only filter, and a deep
    // page would read every newer row again.
    private static readonly Expression<Func<DateTime, Guid, DateTime, Guid, bool>> OlderThan =
        (at, id, cursorAt, cursorId) => at <= cursorAt && (at < cursorAt || id.CompareTo(cursorId) < 0);
    private static readonly Expression<Func<DateTime, Guid, DateTime, Guid, bool>> NewerThan =
        (at, id, cursorAt, cursorId) => at >= cursorAt && (at > cursorAt || id.CompareTo(cursorId) > 0);

    /// <summary>
    /// The rows of the page next to a cursor, in reading order for <see cref="KeysetPage{T}.From"/>: after
    /// <paramref name="before"/> (older, newest first), or before <paramref name="after"/> (newer, oldest first, which wins when
    /// both are given), or the newest rows without a cursor. Ordered by (<paramref name="at"/>, <paramref name="id"/>), which an
    /// index must serve.
    /// </summary>
    public static IQueryable<T> Around<T>(this IQueryable<T> rows, Expression<Func<T, DateTime>> at, Expression<Func<T, Guid>> id,
        KeysetCursor? before, KeysetCursor? after)
    {
        if (after is { } newer) return rows.Where(Bound(NewerThan, at, id, newer)).OrderBy(at).ThenBy(id);
        if (before is { } older) rows = rows.Where(Bound(OlderThan, at, id, older));
        return rows.OrderByDescending(at).ThenByDescending(id);
    }

    /// <summary>
    /// Reads one page by the cursors of a URL (<c>?before=</c> / <c>?after=</c>): <paramref name="read"/> gets the parsed cursors
    /// and returns up to <paramref name="pageSize"/> + 1 rows (usually <see cref="Around{T}"/> then Take). A cursor past either
    /// end (the row was deleted meanwhile, or an edited link) shows the first page instead of an empty one.
    /// </summary>
    public static async Task<KeysetPage<T>> ReadAsync<T>(string? before, string? after, int pageSize, Func<T, KeysetCursor> key,
        Func<KeysetCursor?, KeysetCursor?, Task<List<T>>> read)
    {
        var (older, newer) = (KeysetCursor.Parse(before), KeysetCursor.Parse(after));
        var page = KeysetPage<T>.From(await read(older, newer), pageSize, towardsNewer: newer is not null,
            hasCursor: newer is not null || older is not null, key);
        if (page.Items.Count == 0 && (newer is not null || older is not null))
            page = KeysetPage<T>.From(await read(null, null), pageSize, towardsNewer: false, hasCursor: false, key);
        return page;
    }

    // Puts the row's columns and the cursor into the template. The cursor is read from a closure object, so EF sends it as
    // parameters (one cached query plan for every cursor) instead of inlining constants.
    private static Expression<Func<T, bool>> Bound<T>(Expression<Func<DateTime, Guid, DateTime, Guid, bool>> template,
        Expression<Func<T, DateTime>> at, Expression<Func<T, Guid>> id, KeysetCursor cursor)
    {
        var row = at.Parameters[0];
        var idBody = ReplacingExpressionVisitor.Replace(id.Parameters[0], row, id.Body);
        var values = Expression.Constant(new CursorValues { At = cursor.At, Id = cursor.Id });
        var body = new ReplacingExpressionVisitor(template.Parameters.ToArray<Expression>(),
            [at.Body, idBody, Expression.Field(values, nameof(CursorValues.At)), Expression.Field(values, nameof(CursorValues.Id))])
            .Visit(template.Body);
        return Expression.Lambda<Func<T, bool>>(body, row);
    }

    private sealed class CursorValues
    {
        public DateTime At;
        public Guid Id;
    }
}
