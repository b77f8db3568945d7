using BenchmarkDotNet.Running;

namespace AzBackupTroubleshoot.Benchmarks
{
    public static class Program
    {
        // dotnet run -c Release --project bench/AzBackupTroubleshoot.Benchmarks -- --filter '*'
        public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
