using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using Azure;
using Azure.Core;

namespace AzBackupTroubleshoot.Guest
{
    /// <summary>How <see cref="RunCommandGuestRunner"/> waits: polling pace and conflicts.</summary>
    public sealed class RunCommandOptions
    {
        /// <summary>Compute api-version of VirtualMachines_RunCommand: the one the inventory reads with (example VirtualMachineRunCommand.json, 2026-04-01).</summary>
        public string ApiVersion { get; set; } = AzBackupTroubleshoot.Inventory.FleetInventory.ComputeApiVersion;

        /// <summary>Wait between polls when the answer carries no Retry-After.</summary>
        public TimeSpan DefaultPollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>A Retry-After longer than this is cut to it.</summary>
        public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>How often a 409 Conflict (another Run Command still running on the VM) is retried before giving up.</summary>
        public int MaxConflictRetries { get; set; } = 5;

        /// <summary>Wait after a 409 Conflict without Retry-After.</summary>
        public TimeSpan ConflictDelay { get; set; } = TimeSpan.FromSeconds(15);
    }

    /// <summary>
    /// Runs a guest script through ARM's Run Command (POST .../virtualMachines/{vm}/runCommand with
    /// commandId RunPowerShellScript or RunShellScript) and follows the long-running operation:
    /// Azure-AsyncOperation first, else Location, each paced by Retry-After (async-operations.md,
    /// LRO.md [D1]); the result is RunCommandResult {value:[ComponentStatus/StdOut/..., ComponentStatus/StdErr/...]}
    /// with the text in message (VirtualMachineRunCommand.json, 2026-04-01 example). One command at a
    /// time per VM from this runner; a 409 Conflict waits and retries, a bounded number of times.
    /// Failures of the call come back as <see cref="GuestCommandResult.Failed"/>; cancellation propagates.
    /// </summary>
    public sealed class RunCommandGuestRunner : IGuestCommandRunner
    {
        private readonly ArmConnection _connection;
        private readonly RunCommandOptions _options;
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _perVm = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.OrdinalIgnoreCase);

        public RunCommandGuestRunner(ArmConnection connection, RunCommandOptions? options = null)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _options = options ?? new RunCommandOptions();
        }

        public static string CommandIdFor(GuestOs os) => os == GuestOs.Linux ? "RunShellScript" : "RunPowerShellScript";

        public async Task<GuestCommandResult> RunAsync(string vmId, GuestOs os, string script, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(vmId)) throw new ArgumentException("A VM id is required.", nameof(vmId));
            var gate = _perVm.GetOrAdd(vmId.TrimEnd('/'), _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await RunOneAsync(vmId.TrimEnd('/'), os, script ?? "", cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex)
            {
                return GuestCommandResult.Failed("Run Command could not be reached: " + ArmErrors.From(ex, vmId).Message);
            }
            finally
            {
                gate.Release();
            }
        }

        private async Task<GuestCommandResult> RunOneAsync(string vmId, GuestOs os, string script, CancellationToken cancellationToken)
        {
            var path = vmId + "/runCommand";
            var body = RequestBody(os, script);
            for (var attempt = 0; ; attempt++)
            {
                using var post = Create(RequestMethod.Post, new Uri(_connection.Endpoint.ResourceManagerUrl, path.TrimStart('/') + "?api-version=" + Uri.EscapeDataString(_options.ApiVersion)));
                post.Request.Headers.Add("Content-Type", "application/json");
                post.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body));
                await _connection.Pipeline.SendAsync(post, cancellationToken).ConfigureAwait(false);
                var response = post.Response;
                var text = response.Content?.ToString() ?? "";
                if (response.Status == 409)
                {
                    // Run Command refuses a second command while one runs on the VM (ours or anyone's): wait and try again.
                    if (attempt >= _options.MaxConflictRetries)
                        return GuestCommandResult.Failed($"Another Run Command kept the VM busy: {attempt + 1} requests answered 409 Conflict ({ErrorText(text)}).");
                    await Task.Delay(RetryAfter(response, _options.ConflictDelay), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (response.Status == 200) return ReadResult(text);
                if (response.Status == 201 || response.Status == 202) return await FollowAsync(response, path, cancellationToken).ConfigureAwait(false);
                return GuestCommandResult.Failed($"Run Command was refused: {ArmErrors.FromResponse(response.Status, text, path, post.Request.ClientRequestId).Message}");
            }
        }

        private async Task<GuestCommandResult> FollowAsync(Response accepted, string path, CancellationToken cancellationToken)
        {
            var asyncOperation = Header(accepted, "Azure-AsyncOperation");
            var location = Header(accepted, "Location");
            var wait = RetryAfter(accepted, _options.DefaultPollInterval);
            if (asyncOperation == null && location == null)
                return GuestCommandResult.Failed($"Run Command answered {accepted.Status} without an Azure-AsyncOperation or Location header to follow.");

            if (asyncOperation != null)
            {
                while (true)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    using var poll = await GetAsync(asyncOperation, cancellationToken).ConfigureAwait(false);
                    var response = poll.Response;
                    var text = response.Content?.ToString() ?? "";
                    if (response.Status != 200)
                        return GuestCommandResult.Failed($"The Run Command status could not be read: {ArmErrors.FromResponse(response.Status, text, asyncOperation, poll.Request.ClientRequestId).Message}");
                    wait = RetryAfter(response, _options.DefaultPollInterval);
                    if (!TryParse(text, out var status) || status.ValueKind != JsonValueKind.Object)
                        return GuestCommandResult.Failed("The Run Command status is not a JSON object: " + Cut(text));
                    var state = status.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                    if (IsTerminal(state, out var succeeded))
                    {
                        if (!succeeded) return GuestCommandResult.Failed($"Run Command ended {state}: {ErrorText(text)}");
                        // Compute carries the result in properties.output; final-state-via is location, so read that when it is absent.
                        if (status.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("output", out var output))
                            return ReadResult(output);
                        if (location == null) return GuestCommandResult.Failed("Run Command succeeded but neither its status nor a Location carried the output.");
                        break;
                    }

                    if (state == null) return GuestCommandResult.Failed("The Run Command status has no status field: " + Cut(text));
                }

                wait = TimeSpan.Zero;
            }

            while (true)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                using var poll = await GetAsync(location!, cancellationToken).ConfigureAwait(false);
                var response = poll.Response;
                var text = response.Content?.ToString() ?? "";
                switch (response.Status)
                {
                    case 202:
                        wait = RetryAfter(response, _options.DefaultPollInterval);
                        continue;
                    case 200:
                        return ReadResult(text);
                    case 204:
                        return GuestCommandResult.Failed("Run Command finished without returning its output (204 No Content).");
                    default:
                        return GuestCommandResult.Failed($"The Run Command result could not be read: {ArmErrors.FromResponse(response.Status, text, path, poll.Request.ClientRequestId).Message}");
                }
            }
        }

        /// <summary>RunCommandInput: commandId and the script as lines (runCommand.json).</summary>
        internal static string RequestBody(GuestOs os, string script)
        {
            var lines = script.Replace("\r\n", "\n").Split('\n');
            using var stream = new System.IO.MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("commandId", CommandIdFor(os));
                writer.WriteStartArray("script");
                foreach (var line in lines) writer.WriteStringValue(line);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }

        internal static GuestCommandResult ReadResult(string text) =>
            TryParse(text, out var root) ? ReadResult(root) : GuestCommandResult.Failed("The Run Command result is not JSON: " + Cut(text));

        internal static GuestCommandResult ReadResult(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
                return GuestCommandResult.Failed("The Run Command result has no value list of statuses.");
            string? stdout = null;
            string? stderr = null;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) continue;
                var code = item.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() ?? "" : "";
                var message = item.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                if (code.StartsWith("ComponentStatus/StdOut/", StringComparison.OrdinalIgnoreCase)) stdout ??= message ?? "";
                else if (code.StartsWith("ComponentStatus/StdErr/", StringComparison.OrdinalIgnoreCase)) stderr ??= message ?? "";
            }

            return stdout == null
                ? GuestCommandResult.Failed("The Run Command result has no ComponentStatus/StdOut status.")
                : GuestCommandResult.Completed(stdout, stderr);
        }

        private async Task<HttpMessage> GetAsync(string url, CancellationToken cancellationToken)
        {
            // Status and Location URLs are followed exactly as given (the published example even has '&' for '?').
            var message = Create(RequestMethod.Get, new Uri(url));
            try
            {
                await _connection.Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
                return message;
            }
            catch
            {
                message.Dispose();
                throw;
            }
        }

        private HttpMessage Create(RequestMethod method, Uri uri)
        {
            var message = _connection.Pipeline.CreateMessage();
            message.Request.Method = method;
            message.Request.Uri.Reset(uri);
            message.Request.Headers.Add("Accept", "application/json");
            return message;
        }

        private static bool IsTerminal(string? status, out bool succeeded)
        {
            succeeded = string.Equals(status, "Succeeded", StringComparison.OrdinalIgnoreCase);
            return succeeded || string.Equals(status, "Failed", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "Canceled", StringComparison.OrdinalIgnoreCase);
        }

        private static string? Header(Response response, string name) =>
            response.Headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        /// <summary>Retry-After in seconds or as an HTTP date; the default when absent or unreadable, at most MaxPollInterval.</summary>
        private TimeSpan RetryAfter(Response response, TimeSpan fallback)
        {
            var wait = fallback;
            var header = Header(response, "Retry-After");
            if (header != null)
            {
                if (double.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0) wait = TimeSpan.FromSeconds(seconds);
                else if (DateTimeOffset.TryParse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) wait = at - DateTimeOffset.UtcNow;
            }

            if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
            return wait > _options.MaxPollInterval ? _options.MaxPollInterval : wait;
        }

        private static bool TryParse(string text, out JsonElement root)
        {
            root = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            try
            {
                using var document = JsonDocument.Parse(text);
                root = document.RootElement.Clone();
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static string ErrorText(string body)
        {
            if (TryParse(body, out var root) && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("code", out var c) ? c.ToString() : "";
                var message = error.TryGetProperty("message", out var m) ? m.ToString() : "";
                return (code + ": " + message).Trim(' ', ':');
            }

            return Cut(body);
        }

        private static string Cut(string text)
        {
            text = (text ?? "").Trim();
            return text.Length == 0 ? "empty" : text.Length <= 200 ? text : text.Substring(0, 200) + "...";
        }
    }
}
