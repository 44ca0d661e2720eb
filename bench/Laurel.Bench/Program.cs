using System.Globalization;
using BenchmarkDotNet.Running;
using Laurel.Bench;

if (args is ["bulk", ..])
{
    await Laurel.Bench.Bulk.BulkAwardScenario.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000);
    return;
}
if (args is ["profile", ..])
{
    StageProfile.Run(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(StageProfile).Assembly).Run(args);
