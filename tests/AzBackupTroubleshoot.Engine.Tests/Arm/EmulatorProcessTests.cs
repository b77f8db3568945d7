using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using AzBackupTroubleshoot.Engine.Tests.Support;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Arm
{
    /// <summary>The emulator as a process (what the demo uses): it loads a world folder and says where it listens.</summary>
    public class EmulatorProcessTests
    {
        private sealed class FixedToken : IAccessTokenSource
        {
            private readonly string _token;

            public FixedToken(string token) => _token = token;

            public ValueTask<ArmAccessToken> GetTokenAsync(CancellationToken cancellationToken) =>
                new ValueTask<ArmAccessToken>(new ArmAccessToken(_token, DateTimeOffset.UtcNow.AddHours(1)));
        }

        [Fact]
        public async Task Serves_a_world_folder_and_prints_its_address()
        {
            var world = Directory.CreateTempSubdirectory("azbt-world-");
            try
            {
                await File.WriteAllTextAsync(Path.Combine(world.FullName, "vm.json"), ArmShapes.Vm("rg-demo", "demo01").ToJsonString());
                var emulator = Path.Combine(AppContext.BaseDirectory, "AzBackupTroubleshoot.ArmEmulator.dll");
                var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                start.ArgumentList.Add(emulator);
                start.ArgumentList.Add("--world");
                start.ArgumentList.Add(world.FullName);
                using var process = Process.Start(start)!;
                try
                {
                    // The first line is the signal that it is listening.
                    var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException(await process.StandardError.ReadToEndAsync());
                    using var banner = JsonDocument.Parse(line);
                    var url = new Uri(banner.RootElement.GetProperty("url").GetString()!);
                    Assert.Equal("127.0.0.1", url.Host);
                    Assert.Equal(1, banner.RootElement.GetProperty("resources").GetInt32());

                    using var connection = new ArmConnection(new ArmEndpoint(url), new FixedToken(banner.RootElement.GetProperty("token").GetString()!),
                        new ArmConnectionOptions { TrustedServerCertificateThumbprint = banner.RootElement.GetProperty("thumbprint").GetString() });
                    var vm = await connection.Rest.GetAsync(ArmShapes.VmId("rg-demo", "demo01"), "2023-07-01", CancellationToken.None);
                    Assert.Equal("demo01", vm.GetProperty("name").GetString());
                }
                finally
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            finally
            {
                world.Delete(recursive: true);
            }
        }

        [Fact]
        public async Task Refuses_a_missing_world_with_a_clear_message()
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AzBackupTroubleshoot.ArmEmulator.dll"));
            start.ArgumentList.Add("--world");
            start.ArgumentList.Add(Path.Combine(Path.GetTempPath(), "no-such-world-" + Guid.NewGuid()));
            using var process = Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(1, process.ExitCode);
            Assert.Contains("does not exist", error);
        }
    }
}
