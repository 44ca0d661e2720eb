using System.Globalization;
using BenchmarkDotNet.Running;
using Laurel.Bench;

if (args is ["profile", ..])
{
    StageProfile.Run(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
