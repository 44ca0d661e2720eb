using System.Text.Json;

namespace Laurel.Browser.Tests.Infrastructure;

/// <summary>Runs axe-core (from npm, installed by ./test.sh) in a page and returns the WCAG 2.1 A/AA violations.</summary>
public static class Axe
{
    private static readonly Lazy<string> Script = new(() =>
    {
        var file = Path.Combine(TestPaths.NodeFolder("Laurel.Browser.Tests"), "node_modules", "axe-core", "axe.min.js");
        return File.Exists(file) ? File.ReadAllText(file)
            : throw new FileNotFoundException("axe-core is not installed: run ./test.sh (it runs npm ci in tests/Laurel.Browser.Tests/node).");
    });

    /// <summary>Violations as "rule-id: help (n nodes)" lines; empty when the page passes.</summary>
    public static async Task<List<string>> ViolationsAsync(IPage page)
    {
        // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses injected script tags.
        await page.EvaluateAsync("() => { " + Script.Value + " }");
        var json = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))" +
            ".violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ' nodes: ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ') + ')')");
        return json.EnumerateArray().Select(e => e.GetString()!).ToList();
    }
}
