using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace AzBackupTroubleshoot.ArmEmulator
{
    /// <summary>
    /// VirtualMachines_RunCommand (POST .../runCommand, LRO with final-state-via location: LRO.md [C1];
    /// result shape from VirtualMachineRunCommand.json 2026-04-01). For a Linux VM whose "x-emulator"
    /// names a fake guest ("guest": {"root": "guests/lnx01"}, relative to the world folder), the submitted
    /// RunShellScript really runs under sh with AZBT_GUEST_ROOT set to that folder (the script's own
    /// assignment wins) and the guest's commands taken from PATH: copies of the fake guest command (FakeGuestStub.sh) for each file in
    /// root/_stub, plus a few text tools. Otherwise "runCommand": {"stdout" | "stdoutFile", "stderr"} is the
    /// recorded answer (Windows). Output keeps only its last 4,096 bytes, as Run Command documents
    /// ("Output is limited to the last 4,096 bytes", run-command.md). A second command on a VM whose first
    /// has not finished gets 409 Conflict. "runCommand": {"hang": true} never finishes.
    /// </summary>
    public sealed partial class ArmEmulatorServer
    {
        public const int RunCommandOutputLimit = 4096;
        private readonly ConcurrentDictionary<string, byte> _runningCommands = new ConcurrentDictionary<string, byte>(StringComparer.OrdinalIgnoreCase);
        private int _activeRuns;
        private int _maxActiveRuns;

        /// <summary>The most Run Commands that were in progress at once, over all VMs.</summary>
        public int MaxConcurrentRunCommands => Volatile.Read(ref _maxActiveRuns);

        private async Task ServeRunCommand(HttpContext context, string path)
        {
            var vmId = path.Substring(0, path.Length - "/runCommand".Length);
            if (!_world.TryGet(vmId, out var vm))
            {
                await NotFound(context, vmId).ConfigureAwait(false);
                return;
            }

            string commandId;
            string script;
            try
            {
                var body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false);
                commandId = body?["commandId"]?.GetValue<string>() ?? "";
                script = string.Join("\n", (body?["script"] as JsonArray ?? new JsonArray()).Select(l => l?.GetValue<string>() ?? ""));
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException)
            {
                await Error(context, 400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: " + e.Message).ConfigureAwait(false);
                return;
            }

            var linux = string.Equals(vm["properties"]?["storageProfile"]?["osDisk"]?["osType"]?.ToString(), "Linux", StringComparison.OrdinalIgnoreCase);
            var expected = linux ? "RunShellScript" : "RunPowerShellScript";
            if (!string.Equals(commandId, expected, StringComparison.OrdinalIgnoreCase))
            {
                await Error(context, 400, "InvalidParameter", $"Command '{commandId}' is not supported for the OS type of this VM; use {expected}.").ConfigureAwait(false);
                return;
            }

            if (!_runningCommands.TryAdd(vmId, 0))
            {
                context.Response.Headers["Retry-After"] = "0";
                await Error(context, 409, "Conflict", "Run command extension execution is in progress. Please wait for completion before invoking a run command.").ConfigureAwait(false);
                return;
            }

            var active = Interlocked.Increment(ref _activeRuns);
            for (var max = Volatile.Read(ref _maxActiveRuns); active > max; max = Volatile.Read(ref _maxActiveRuns))
            {
                if (Interlocked.CompareExchange(ref _maxActiveRuns, active, max) == max) break;
            }

            var metadata = vm[World.MetadataProperty];
            var hang = metadata?["runCommand"]?["hang"]?.GetValue<bool>() == true;
            var guestRoot = metadata?["guest"]?["root"]?.GetValue<string>();
            var run = linux && guestRoot != null
                ? Task.Run(() => RunShell(script, Rooted(guestRoot)))
                : Task.FromResult(Recorded(metadata?["runCommand"]));
            var operation = new Operation(Guid.NewGuid().ToString(), SubscriptionOf(path), () =>
            {
                var (stdout, stderr) = run.GetAwaiter().GetResult();
                Interlocked.Decrement(ref _activeRuns);
                _runningCommands.TryRemove(vmId, out _);
                return new JsonObject
                {
                    ["value"] = new JsonArray(
                        new JsonObject { ["code"] = "ComponentStatus/StdOut/succeeded", ["level"] = "Info", ["displayStatus"] = "Provisioning succeeded", ["message"] = Tail(stdout) },
                        new JsonObject { ["code"] = "ComponentStatus/StdErr/succeeded", ["level"] = "Info", ["displayStatus"] = "Provisioning succeeded", ["message"] = Tail(stderr) }),
                };
            }, hang ? int.MaxValue : _options.OperationPollsBeforeDone);
            _operations[operation.Id] = operation;
            await Accepted(context, operation).ConfigureAwait(false);
        }

        private string Rooted(string path) => Path.IsPathRooted(path) ? path : Path.Combine(_world.Folder ?? Directory.GetCurrentDirectory(), path);

        private (string, string) Recorded(JsonNode? runCommand)
        {
            var file = runCommand?["stdoutFile"]?.GetValue<string>();
            var stdout = file != null ? File.ReadAllText(Rooted(file)) : runCommand?["stdout"]?.GetValue<string>() ?? "";
            return (stdout, runCommand?["stderr"]?.GetValue<string>() ?? "");
        }

        /// <summary>Last 4,096 bytes of UTF-8, as Run Command returns them (a character cut in two is replaced).</summary>
        internal static string Tail(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text ?? "");
            return bytes.Length <= RunCommandOutputLimit ? text ?? "" : Encoding.UTF8.GetString(bytes, bytes.Length - RunCommandOutputLimit, RunCommandOutputLimit);
        }

        private static (string, string) RunShell(string script, string guestRoot)
        {
            var work = Path.Combine(Path.GetTempPath(), "azbt-runcommand-" + Guid.NewGuid().ToString("N"));
            var bin = Path.Combine(work, "bin");
            var stubs = Path.Combine(guestRoot, "_stub");
            try
            {
                FakeGuest.BuildPath(bin, stubs);
                var scriptFile = Path.Combine(work, "script.sh");
                File.WriteAllText(scriptFile, script.Replace("\r\n", "\n"), new UTF8Encoding(false));
                var result = FakeGuest.Run("/bin/sh", scriptFile, work, bin, guestRoot, stubs);
                return (result.Stdout, result.Stderr);
            }
            finally
            {
                try { Directory.Delete(work, true); } catch (IOException) { }
            }
        }
    }
}
