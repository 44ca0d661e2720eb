using BenchmarkDotNet.Attributes;
using Laurel.Features.Insights;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Bench;

/// <summary>
/// The cost counting adds to a public badge page request (issue 14, "counting must not slow the public pages"): the same
/// pipeline with and without <see cref="InsightsCounting.UseInsightsCounting"/>, ending in a terminal that answers 200 text/html
/// as the badge page does. The difference is the per-request cost of counting (path parsing plus one in-memory increment);
/// no database is involved by design. Run: <c>dotnet run -c Release --project bench/Laurel.Bench -- --filter *InsightsCounting*</c>.
/// </summary>
[MemoryDiagnoser]
public class InsightsCountingBenchmarks
{
    private RequestDelegate without = null!;
    private RequestDelegate with = null!;
    private IServiceProvider services = null!;
    private readonly Guid[] awards = Enumerable.Range(0, 64).Select(_ => Guid.NewGuid()).ToArray();
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        services = new ServiceCollection().AddSingleton(TimeProvider.System).AddSingleton<InsightsCounter>().BuildServiceProvider();
        without = Pipeline(counting: false);
        with = Pipeline(counting: true);
    }

    private RequestDelegate Pipeline(bool counting)
    {
        var app = new ApplicationBuilder(services);
        if (counting) app.UseInsightsCounting();
        app.Run(context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/html; charset=utf-8";
            return Task.CompletedTask;
        });
        return app.Build();
    }

    private DefaultHttpContext Request()
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "GET";
        context.Request.Path = "/badges/" + awards[next++ & 63].ToString("D");
        return context;
    }

    [Benchmark(Baseline = true)]
    public Task BadgePageWithoutCounting() => without(Request());

    [Benchmark]
    public Task BadgePageWithCounting() => with(Request());

    /// <summary>Drains now and then so the buffer stays as small as between real flushes.</summary>
    [IterationCleanup]
    public void Drain() => services.GetRequiredService<InsightsCounter>().Drain();
}
