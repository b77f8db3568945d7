using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AzBackupTroubleshoot.ArmEmulator
{
    public static class Program
    {
        /// <summary>
        /// dotnet run --project tests/AzBackupTroubleshoot.ArmEmulator -- --world &lt;dir&gt; [--page-size N] [--operation-polls N]
        /// Prints one JSON line with the URL, the certificate thumbprint and a token, then serves until Ctrl+C.
        /// </summary>
        private const string Usage = "--world <dir> [--page-size N] [--latency-ms N] [--operation-polls N] [--deny-scope <id>]... [--graph-quota N]";

        public static async Task<int> Main(string[] args)
        {
            string? worldDirectory = null;
            var options = new EmulatorOptions();
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--world" when i + 1 < args.Length: worldDirectory = args[++i]; break;
                    case "--page-size" when i + 1 < args.Length: options.PageSize = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                    // Slow answers, so that a test can stop a scan while requests are in flight.
                    case "--latency-ms" when i + 1 < args.Length: options.Latency = TimeSpan.FromMilliseconds(int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture)); break;
                    // 0: operations and backup jobs end at their first poll, so a repair with -Wait needs no pause.
                    case "--operation-polls" when i + 1 < args.Length: options.OperationPollsBeforeDone = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                    // Scopes that answer 403 (a subscription, say); Resource Graph leaves their rows out.
                    case "--deny-scope" when i + 1 < args.Length: options.DenyScopes.Add(args[++i]); break;
                    case "--graph-quota" when i + 1 < args.Length: options.GraphQuotaPerWindow = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                    default:
                        await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'. Usage: {Usage}").ConfigureAwait(false);
                        return 2;
                }
            }

            if (worldDirectory == null)
            {
                await Console.Error.WriteLineAsync("Usage: " + Usage).ConfigureAwait(false);
                return 2;
            }

            World world;
            try
            {
                world = World.Load(worldDirectory);
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException)
            {
                await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return 1;
            }

            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            await using var server = await ArmEmulatorServer.StartAsync(world, options).ConfigureAwait(false);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                url = server.BaseUri.ToString(),
                thumbprint = server.CertificateThumbprint,
                token = EmulatorTokens.Issue(DateTimeOffset.UtcNow.AddHours(8)),
                resources = world.Count,
            }));
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        }
    }
}
