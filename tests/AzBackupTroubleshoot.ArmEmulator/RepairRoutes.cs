using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace AzBackupTroubleshoot.ArmEmulator
{
    /// <summary>
    /// What a repair writes: extension DELETE that sticks in Deleting or fails (per the extension's x-emulator
    /// "delete": "stuck" | "fail"), Backups_Trigger as a long-running operation (TriggerBackup_Post.json: 202 with
    /// Azure-AsyncOperation .../operationsStatus/{id}, Location .../operationResults/{id}, Retry-After) that
    /// creates a backup job, and the job, which ends as the protected item's x-emulator "backup" says
    /// ({"result": "Completed" | "Failed" | "InProgress", "errorCode": n, "errorString": "..."}).
    /// GET /x-emulator/requests (no token needed, never logged) lists the requests so far.
    /// </summary>
    public sealed partial class ArmEmulatorServer
    {
        public const string RequestLogPath = "/x-emulator/requests";

        private readonly ConcurrentDictionary<string, RepairOperation> _repairOperations = new ConcurrentDictionary<string, RepairOperation>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, int> _jobPolls = new ConcurrentDictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        private async Task<bool> TryServeRequestLog(HttpContext context, string path)
        {
            if (!path.Equals(RequestLogPath, StringComparison.OrdinalIgnoreCase)) return false;
            var list = new JsonArray(Requests.Entries.Select(e => (JsonNode)new JsonObject { ["method"] = e.Method, ["path"] = e.Path, ["route"] = RequestLog.Template(e.Path) }).ToArray());
            await Json(context, 200, new JsonObject { ["value"] = list }).ConfigureAwait(false);
            return true;
        }

        private async Task<bool> TryServeRepairRoute(HttpContext context, string path)
        {
            var method = context.Request.Method;
            var segments = path.Trim('/').Split('/');
            if (HttpMethods.IsGet(method) && segments.Length >= 2 && _repairOperations.TryGetValue(segments[^1], out var operation) &&
                (segments[^2].Equals("operations", StringComparison.OrdinalIgnoreCase) || segments[^2].Equals("operationsStatus", StringComparison.OrdinalIgnoreCase) ||
                 segments[^2].Equals("operationResults", StringComparison.OrdinalIgnoreCase)))
            {
                await ServeRepairOperation(context, operation, segments[^2].Equals("operationResults", StringComparison.OrdinalIgnoreCase)).ConfigureAwait(false);
                return true;
            }

            if (HttpMethods.IsGet(method) && segments.Length >= 2 && segments[^2].Equals("backupJobs", StringComparison.OrdinalIgnoreCase))
            {
                AdvanceJob(path);
                return false;
            }

            if (HttpMethods.IsDelete(method) && segments.Length >= 2 && segments[^2].Equals("extensions", StringComparison.OrdinalIgnoreCase) &&
                _world.TryGet(path, out var extension) && extension[World.MetadataProperty]?["delete"]?.GetValue<string>() is string behaviour)
            {
                if (extension["properties"] is JsonObject properties) properties["provisioningState"] = "Deleting";
                var failing = behaviour.Equals("fail", StringComparison.OrdinalIgnoreCase);
                var pending = NewRepairOperation(failing ? RepairOperation.Failing("VMExtensionHandlerNonTransientError",
                    "Handler 'Microsoft.Azure.RecoveryServices.VMSnapshot' has reported terminal failure for VM Extension 'VMSnapshot' with error message: 'Uninstall failed'.") : RepairOperation.Never());
                if (failing) pending.OnFailed = () => { if (extension["properties"] is JsonObject p) p["provisioningState"] = "Failed"; };
                ComputeAccepted(context, pending);
                return true;
            }

            if (HttpMethods.IsPost(method) && path.EndsWith("/backup", StringComparison.OrdinalIgnoreCase))
            {
                await ServeBackupTrigger(context, path.Substring(0, path.Length - "/backup".Length)).ConfigureAwait(false);
                return true;
            }

            return false;
        }

        private async Task ServeBackupTrigger(HttpContext context, string itemId)
        {
            if (!_world.TryGet(itemId, out var item))
            {
                await NotFound(context, itemId).ConfigureAwait(false);
                return;
            }

            JsonNode? body;
            try
            {
                using var reader = new StreamReader(context.Request.Body);
                body = JsonNode.Parse(await reader.ReadToEndAsync().ConfigureAwait(false));
            }
            catch (JsonException)
            {
                body = null;
            }

            if (body?["properties"]?["objectType"]?.GetValue<string>() != "IaasVMBackupRequest")
            {
                await Error(context, 400, "BMSUserErrorInvalidInput", "Input for the request is invalid: properties.objectType must be IaasVMBackupRequest.").ConfigureAwait(false);
                return;
            }

            var vault = itemId.Substring(0, itemId.IndexOf("/backupFabrics/", StringComparison.OrdinalIgnoreCase));
            var jobName = Guid.NewGuid().ToString();
            var backup = item[World.MetadataProperty]?["backup"];
            var job = new JsonObject
            {
                ["id"] = vault + "/backupJobs/" + jobName,
                ["name"] = jobName,
                ["type"] = "Microsoft.RecoveryServices/vaults/backupJobs",
                ["properties"] = new JsonObject
                {
                    ["activityId"] = Guid.NewGuid().ToString(),
                    ["backupManagementType"] = "AzureIaasVM",
                    ["containerName"] = item["properties"]?["containerName"]?.DeepClone(),
                    ["entityFriendlyName"] = item["properties"]?["friendlyName"]?.DeepClone(),
                    ["jobType"] = "AzureIaaSVMJob",
                    ["operation"] = "Backup",
                    ["startTime"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture),
                    ["status"] = "InProgress",
                    ["virtualMachineVersion"] = "Compute",
                },
                [World.MetadataProperty] = new JsonObject { ["end"] = backup?.DeepClone() ?? new JsonObject { ["result"] = "Completed" } },
            };
            _world.Add(job);
            var operation = NewRepairOperation(RepairOperation.Succeeding(_options.OperationPollsBeforeDone, new JsonObject { ["objectType"] = "OperationStatusJobExtendedInfo", ["jobId"] = jobName }));
            var root = new Uri(BaseUri, itemId.TrimStart('/'));
            context.Response.Headers["Azure-AsyncOperation"] = root + "/operationsStatus/" + operation.Id + "?api-version=2016-12-01";
            context.Response.Headers["Location"] = root + "/operationResults/" + operation.Id + "?api-version=2016-12-01";
            context.Response.Headers["Retry-After"] = "0";
            context.Response.StatusCode = 202;
        }

        private void AdvanceJob(string jobId)
        {
            if (!_world.TryGet(jobId, out var job) || job[World.MetadataProperty]?["end"] is not JsonObject end || job["properties"] is not JsonObject properties) return;
            var result = end["result"]?.GetValue<string>() ?? "Completed";
            if (result.Equals("InProgress", StringComparison.OrdinalIgnoreCase)) return;
            if (_jobPolls.AddOrUpdate(jobId, 1, (_, n) => n + 1) <= _options.OperationPollsBeforeDone) return;
            if (!string.Equals(properties["status"]?.GetValue<string>(), "InProgress", StringComparison.Ordinal)) return;
            properties["status"] = result;
            properties["endTime"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture);
            if (end["errorString"] != null)
            {
                properties["errorDetails"] = new JsonArray(new JsonObject
                {
                    ["errorCode"] = end["errorCode"]?.DeepClone(),
                    ["errorString"] = end["errorString"]!.DeepClone(),
                    ["recommendations"] = new JsonArray("Retry the backup"),
                });
            }
        }

        private RepairOperation NewRepairOperation(RepairOperation operation)
        {
            _repairOperations[operation.Id] = operation;
            return operation;
        }

        private void ComputeAccepted(HttpContext context, RepairOperation operation)
        {
            var subscription = SubscriptionOf(context.Request.Path.Value ?? "");
            var root = $"subscriptions/{subscription}/providers/Microsoft.Compute/locations/emulator";
            context.Response.Headers["Azure-AsyncOperation"] = new Uri(BaseUri, $"{root}/operations/{operation.Id}?api-version=2023-07-01").ToString();
            context.Response.Headers["Location"] = new Uri(BaseUri, $"{root}/operationResults/{operation.Id}?api-version=2023-07-01").ToString();
            context.Response.Headers["Retry-After"] = "0";
            context.Response.StatusCode = 202;
        }

        private async Task ServeRepairOperation(HttpContext context, RepairOperation operation, bool isLocation)
        {
            var state = operation.Poll();
            if (isLocation)
            {
                switch (state)
                {
                    case "InProgress":
                        context.Response.Headers["Retry-After"] = "0";
                        context.Response.StatusCode = 202;
                        return;
                    case "Failed":
                        await Error(context, 400, operation.ErrorCode!, operation.ErrorMessage!).ConfigureAwait(false);
                        return;
                    default:
                        context.Response.StatusCode = 204;
                        return;
                }
            }

            var status = new JsonObject { ["id"] = operation.Id, ["name"] = operation.Id, ["status"] = state, ["startTime"] = operation.Started.ToString("o", CultureInfo.InvariantCulture) };
            if (state != "InProgress") status["endTime"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture);
            if (state == "Succeeded" && operation.Properties != null) status["properties"] = operation.Properties.DeepClone();
            if (state == "Failed") status["error"] = new JsonObject { ["code"] = operation.ErrorCode, ["message"] = operation.ErrorMessage };
            if (state == "InProgress") context.Response.Headers["Retry-After"] = "0";
            await Json(context, 200, status).ConfigureAwait(false);
        }

        /// <summary>An operation that succeeds after some polls, fails, or never ends (a stuck deletion).</summary>
        private sealed class RepairOperation
        {
            private int _pollsLeft;

            private RepairOperation(int polls, string final)
            {
                _pollsLeft = polls;
                Final = final;
            }

            public string Id { get; } = Guid.NewGuid().ToString();
            public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;
            public string Final { get; }
            public JsonObject? Properties { get; private set; }
            public string? ErrorCode { get; private set; }
            public string? ErrorMessage { get; private set; }
            public Action? OnFailed { get; set; }

            public static RepairOperation Succeeding(int polls, JsonObject properties) => new RepairOperation(polls, "Succeeded") { Properties = properties };

            public static RepairOperation Failing(string code, string message) => new RepairOperation(1, "Failed") { ErrorCode = code, ErrorMessage = message };

            public static RepairOperation Never() => new RepairOperation(int.MaxValue, "InProgress");

            public string Poll()
            {
                lock (this)
                {
                    if (Final == "InProgress" || _pollsLeft-- > 0) return "InProgress";
                    if (Final == "Failed") OnFailed?.Invoke();
                    return Final;
                }
            }
        }
    }
}
