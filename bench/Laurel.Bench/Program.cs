using System.Globalization;
using BenchmarkDotNet.Running;
using Laurel.Bench;

if (args is ["bulk", ..])
{
    await Laurel.Bench.Bulk.BulkAwardScenario.RunAsync(args.Length > 1 && args[1] != "--cold" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000,
        cold: args.Contains("--cold"));
    return;
}
if (args is ["wallet-flows", ..])
{
    await Laurel.Bench.Wallets.WalletFlowScenario.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20);
    return;
}
if (args is ["verify-profile", ..])
{
    await Laurel.Bench.Verification.VerifyProfile.RunAsync(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 3);
    return;
}
if (args is ["profile", ..])
{
    StageProfile.Run(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10, args.Length > 2 ? args[2] : null);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(StageProfile).Assembly).Run(args);
