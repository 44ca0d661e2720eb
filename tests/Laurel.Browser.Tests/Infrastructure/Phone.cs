namespace Laurel.Browser.Tests.Infrastructure;

/// <summary>Checks that a page fits a phone: nothing makes the page scroll sideways.</summary>
public static class Phone
{
    /// <summary>The elements (tag#id.class, with their right edge) that stick out past the viewport; empty when the page fits.</summary>
    public static async Task<List<string>> OverflowAsync(IPage page)
    {
        // scrollWidth > innerWidth is exactly what makes a phone scroll sideways; the culprits are listed to make a failure useful.
        // Content inside a scroll container (overflow-x: auto, e.g. a wide table) scrolls on its own and does not count.
        // string[]: Playwright cannot convert a JS array into List<string> (it threw instead of listing the culprits).
        return [.. await page.EvaluateAsync<string[]>(@"() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
            return [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 1 && !scrolls(el))
                .slice(0, 8)
                .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + ' (right ' + Math.round(el.getBoundingClientRect().right) + 'px)')
                .concat(['page ' + document.documentElement.scrollWidth + 'px wide in a ' + width + 'px viewport']);
        }")];
    }

    /// <summary>Fails with the sticking-out elements when the page scrolls sideways.</summary>
    public static async Task AssertFitsAsync(IPage page)
    {
        var overflow = await OverflowAsync(page);
        Assert.True(overflow.Count == 0, $"{page.Url} does not fit {page.ViewportSize?.Width}px: " + string.Join("; ", overflow));
    }
}
