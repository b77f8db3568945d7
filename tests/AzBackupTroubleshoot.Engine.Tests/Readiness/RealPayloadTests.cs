using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AzBackupTroubleshoot.ArmEmulator;
using AzBackupTroubleshoot.Engine.Tests.Support;
using AzBackupTroubleshoot.Inventory;
using AzBackupTroubleshoot.Readiness;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Readiness
{
    /// <summary>
    /// A world made of the published ARM examples (shared/reference/arm-examples), only ids changed as
    /// RealPayloads/changes.json lists, scanned at VM, group and subscription scope with every check's result written out.
    /// </summary>
    public class RealPayloadTests
    {
        internal const string Subscription = "00000000-0000-0000-0000-000000000000";
        private const string VmId = "/subscriptions/" + Subscription + "/resourceGroups/myResourceGroup/providers/Microsoft.Compute/virtualMachines/myVM";

        internal static string ChangesFile
        {
            get
            {
                for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, "tests", "AzBackupTroubleshoot.Engine.Tests", "RealPayloads", "changes.json");
                    if (File.Exists(candidate)) return candidate;
                }

                throw new FileNotFoundException("RealPayloads/changes.json was not found above " + AppContext.BaseDirectory);
            }
        }

        /// <summary>Builds the world: each example's 200 body, the listed replacements applied to its text (each must match), embeds placed.</summary>
        internal static World Load()
        {
            var changes = JsonNode.Parse(File.ReadAllText(ChangesFile))!;
            var world = new World();
            foreach (var entry in changes["resources"]!.AsArray())
            {
                var body = Body(entry!["example"]!.GetValue<string>(), entry["replace"]?.AsArray());
                if (entry["embed"] is JsonNode embed)
                {
                    var path = embed["at"]!.GetValue<string>().Split('.');
                    var parent = path.Take(path.Length - 1).Aggregate((JsonNode)body, (node, key) => node[key]!);
                    parent[path[^1]] = Body(embed["example"]!.GetValue<string>(), null);
                }

                var resources = body["value"] is JsonArray list && body["id"] == null ? list.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()).ToArray() : new[] { body };
                foreach (var resource in resources) world.Add(resource, entry["example"]!.GetValue<string>());
            }

            return world;
        }

        private static JsonObject Body(string example, JsonArray? replacements)
        {
            var text = File.ReadAllText(SharedMaterial.Path("reference", "arm-examples", example));
            foreach (var r in replacements ?? new JsonArray())
            {
                var from = r!["from"]!.GetValue<string>();
                var to = r["to"]!.GetValue<string>();
                var nth = r["nth"]?.GetValue<int>();
                var count = Occurrences(text, from);
                Assert.True(count > 0 && (nth == null || nth <= count), $"{example}: '{from}' occurs {count} time(s); the example changed, so changes.json must too.");
                if (nth == null)
                {
                    text = text.Replace(from, to, StringComparison.Ordinal);
                    continue;
                }

                var at = -1;
                for (var i = 0; i < nth; i++) at = text.IndexOf(from, at + 1, StringComparison.Ordinal);
                text = text.Substring(0, at) + to + text.Substring(at + from.Length);
            }

            return (JsonObject)JsonNode.Parse(text)!["responses"]!["200"]!["body"]!.DeepClone();
        }

        private static int Occurrences(string text, string value)
        {
            var n = 0;
            for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal)) n++;
            return n;
        }

        /// <summary>What each check says about myVM, and why (from the published payloads).</summary>
        public static readonly IReadOnlyDictionary<string, (CheckStatus Status, string? Remedy)> Expected = new Dictionary<string, (CheckStatus, string?)>
        {
            ["Vm.Exists"] = (CheckStatus.Pass, null),
            ["Vm.ProvisioningState"] = (CheckStatus.Pass, null),                 // provisioningState Succeeded
            ["Vm.PowerState"] = (CheckStatus.Pass, null),                        // PowerState/running
            ["VmAgent.Provisioned"] = (CheckStatus.Pass, null),                  // windowsConfiguration.provisionVMAgent true
            ["VmAgent.Status"] = (CheckStatus.Pass, null),                       // vmAgent Ready
            ["VmAgent.Version"] = (CheckStatus.Fail, "UserErrorGuestAgentStatusUnavailable"), // 2.7.41491.949 < 2.7.41491.1010
            ["Vm.Extensions"] = (CheckStatus.Pass, null),                        // IaaSAntiMalware-ext0 succeeded
            ["BackupExtension.State"] = (CheckStatus.Pass, null),                // protected, no VMSnapshot yet: the next backup installs it
            ["Network.NsgOutbound"] = (CheckStatus.Pass, null),                  // testnsg: one inbound rule and the defaults
            ["Network.ForcedTunneling"] = (CheckStatus.Pass, null),              // subnet1 has no route table; no GatewaySubnet, no peerings
            ["Protection.Status"] = (CheckStatus.Pass, null),                    // Protected
            ["Protection.Health"] = (CheckStatus.Pass, null),                    // Passed
            ["Protection.LastBackup"] = (CheckStatus.Fail, null),                // Completed, but lastRecoveryPoint is 2017-11-22
            ["Protection.FailedJobs"] = (CheckStatus.Pass, null),                // the jobs are from 2017, outside the 7-day window
            ["Protection.JobInProgress"] = (CheckStatus.Pass, null),
            ["RestorePoints.Locks"] = (CheckStatus.Pass, null),                  // no locks
            ["RestorePoints.Collections"] = (CheckStatus.Pass, null),            // no collections
            ["Support.DiskCount"] = (CheckStatus.Pass, null),                    // 2 data disks
            ["Support.DiskSize"] = (CheckStatus.Pass, null),                     // 30, 30, 100 GB
            ["Support.DiskType"] = (CheckStatus.Pass, null),                     // Premium_LRS
            ["Support.VaultRegion"] = (CheckStatus.Pass, null),                  // "West US" and westus
            ["Support.TrustedLaunchPolicy"] = (CheckStatus.NotApplicable, null), // no securityProfile: a Standard VM
        };

        public static IEnumerable<object[]> Scopes() => new[]
        {
            new object[] { "vm", true }, new object[] { "vm", false },
            new object[] { "group", true }, new object[] { "group", false },
            new object[] { "subscription", true }, new object[] { "subscription", false },
        };

        [Theory]
        [MemberData(nameof(Scopes))]
        public async Task Every_check_gives_its_expected_result_at_every_scope(string scopeKind, bool statusOnlyCarriesAgent)
        {
            var scope = scopeKind switch
            {
                "vm" => InventoryScope.FromVmId(VmId),
                "group" => InventoryScope.Group(Subscription, "myResourceGroup"),
                _ => InventoryScope.Subscription(Subscription),
            };
            await using var h = await EmulatorHarness.StartAsync(Load(), new EmulatorOptions { StatusOnlyCarriesFullInstanceView = statusOnlyCarriesAgent });
            var inventory = await FleetInventory.LoadAsync(h.Connection, scope);
            Assert.Empty(inventory.Failures);
            Assert.Empty(inventory.Gaps);
            Assert.Empty(inventory.Network.Unreadable);
            // The classic item of BackupProtectedItems_List.json is not an orphan: myVM is the only report.
            var report = Assert.Single(ReadinessEvaluator.Evaluate(inventory, scope));
            Assert.Equal(VmId, report.VmId);
            var actual = report.Findings.ToDictionary(f => f.CheckId, f => (f.Status, f.RemedyCode));
            Assert.Equal(Expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
            var wrong = Expected.Where(e => actual[e.Key] != e.Value).Select(e => $"{e.Key}: expected {e.Value}, got {actual[e.Key]}").ToArray();
            Assert.True(wrong.Length == 0, string.Join("; ", wrong));
            Assert.Equal(2, inventory.AllProtectedItems.Count);
        }
    }
}
