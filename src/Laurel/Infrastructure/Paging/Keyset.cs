using System.Globalization;

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
