using BenchmarkDotNet.Running;

namespace AzBackupTroubleshoot.Benchmarks
{
    public static class Program
    {
        // dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- --filter '*'
        // dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- fleet-evaluation [1000 10000]
        public static void Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "fleet-evaluation")
            {
                FleetEvaluationBench.Run(args[1..]);
                return;
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
