using BenchmarkDotNet.Running;

namespace AzBackupTroubleshoot.Benchmarks
{
    public static class Program
    {
        // dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- --filter '*'
        // dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- fleet-evaluation [1000 10000]
        // dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- fleet-scan [100 1000 10000 50000]
        // dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- fleet-graph [subscriptions VMs-per-subscription]
        public static int Main(string[] args)
        {
            switch (args.Length > 0 ? args[0] : "")
            {
                case "fleet-evaluation":
                    FleetEvaluationBench.Run(args[1..]);
                    return 0;
                case "fleet-graph": return FleetGraphBench.RunAsync(args[1..]).GetAwaiter().GetResult();
                case "fleet-scan":
                    return FleetScanBench.RunAsync(args[1..]).GetAwaiter().GetResult();
                // The two halves of one fleet-scan row, each in its own process.
                case "fleet-emulator":
                    return FleetScanBench.ServeAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
                case "fleet-per-vm":
                    return FleetScanBench.PerVmAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2]).GetAwaiter().GetResult();
                case "fleet-client":
                    return FleetScanBench.ScanAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2]).GetAwaiter().GetResult();
                default:
                    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                    return 0;
            }
        }
    }
}
