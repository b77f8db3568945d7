using System.Collections.Generic;
using System.Linq;
using AzBackupTroubleshoot.Engine.Tests.Support;
using AzBackupTroubleshoot.Remedies;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Remedies
{
    /// <summary>Every error the seed articles quote resolves to the entry that article row describes.</summary>
    public class SeedMessageTests
    {
        // Row by row, in the order of the article's tables: which entries are right for that row.
        private static readonly string[][] ExpectedByRow =
        {
            new[] { "ResourceNotFound" },
            new[] { "ExtensionSnapshotFailedNoNetwork" },
            new[] { "UserErrorGuestAgentStatusUnavailable" },
            new[] { "UserErrorVmProvisioningStateFailed" },
            new[] { "ExtensionOperationFailedForManagedDisks" },
            new[] { "UserErrorBCMPremiumStorageQuotaError" },
            new[] { "VmAgentNotResponsive" },
            new[] { "RecoveryServicesExtensionOperationFailed" },
            new[] { "BCMV2VMNotFound" },
            new[] { "UserErrorBackupOperationInProgress" },
            new[] { "CopyingVHDsFromBackUpVaultTakingLongTime" },
            new[] { "BackUpOperationFailed", "BackUpOperationFailedV2" },
            new[] { "AzureVmOffline" },
            new[] { "ExtensionInstallationFailedMDTC" },
            new[] { "ExtensionSnapshotBitlockerError" },
            new[] { "UserErrorVmNotInDesirableState", "VmNotInDesirableState" },
            new[] { "BCMV2VMNotFound" },
            new[] { "VmNotInDesirableState" },
            new[] { "ExtensionFailedVssWriterInBadState" },
            new[] { "ExtensionConfigParsingFailure" },
            new[] { "UserErrorKeyvaultPermissionsNotConfigured" },
            new[] { "ExtensionInstallationFailedMDTC" },
            new[] { "ExtensionSnapshotFailedCOM" },
            new[] { "UserErrorFsFreezeFailed" },
            new[] { "ExtensionSnapshotFailedNoSecureNetwork" },
            new[] { "ExtensionVCRedistInstallationFailure" },
            new[] { "JobCancellationNotSupported" },
            new[] { "JobNotCancelable" },
            new[] { "JobNotCancelable" },
            new[] { "JobCancelNotInProgress" },
            new[] { "JobCancelFailed" },
            new[] { "RestoreCloudInternalError" },
            new[] { "RestoreDnsNameTaken" },
            new[] { "RestoreInvalidVirtualNetworkConfig" },
            new[] { "RestoreReservedIpMismatch" },
            new[] { "RestoreCloudServiceEndpointLimit" },
            new[] { "RestoreStorageAccountRegionMismatch" },
            new[] { "RestoreStorageAccountNotSupported" },
            new[] { "RestoreStorageAccountNotOnline" },
            new[] { "RestoreResourceGroupQuotaReached" },
            new[] { "RestoreSubnetNotFound" },
            new[] { "RestoreNotAuthorized" },
        };

        private readonly RemedyCatalog _catalog = RemedyCatalog.LoadDefault();

        [Fact]
        public void The_article_has_the_rows_this_test_expects()
        {
            Assert.Equal(ExpectedByRow.Length, Seeds.TroubleshootingTableMessages().Count);
        }

        public static IEnumerable<object[]> Rows() =>
            Seeds.TroubleshootingTableMessages().Select((m, i) => new object[] { i, m });

        [Theory]
        [MemberData(nameof(Rows))]
        public void Every_table_row_resolves_to_its_entry(int row, string message)
        {
            var matches = _catalog.Match(message);
            Assert.NotEmpty(matches);
            Assert.Contains(matches[0].Code, ExpectedByRow[row]);
            foreach (var other in ExpectedByRow[row].Where(c => c != matches[0].Code))
            {
                Assert.Contains(matches, m => m.Code == other);
            }
        }

        [Fact]
        public void The_snapshot_timeout_symptom_resolves_to_the_snapshot_status_error()
        {
            var symptom = Seeds.SnapshotTimeoutSymptom();
            Assert.Contains("スナップショット", symptom);
            var matches = _catalog.Match(symptom);
            Assert.Equal("GuestAgentSnapshotTaskStatusError", matches[0].Code);
        }

        [Theory]
        [InlineData("reach the Azure endpoints")]      // cause 1: no internet / Azure access
        [InlineData("out of date")]                    // cause 2: outdated Linux agent
        [InlineData("failed to update or load")]       // cause 3: extension fails to update or load
        [InlineData("iaasvmprovider")]                 // cause 3, Windows remedy
        [InlineData("USEVSSCOPYBACKUP")]               // condition: SQL Server backup
        [InlineData("RDP")]                            // condition: shut down in RDP
        [InlineData("same moment")]                    // condition: many VMs at once
        [InlineData("90%")]                            // condition: high CPU or memory
        [InlineData("DHCP")]                           // condition: no DHCP in the guest
        public void Snapshot_timeout_causes_and_conditions_are_in_its_remedy(string clue)
        {
            // The snapshot-timeout article lists four causes and five snapshot-task conditions; the
            // entry an admin gets for its symptom must explain every one of them.
            var entry = _catalog.Match(Seeds.SnapshotTimeoutSymptom())[0].Entry;
            var english = string.Join("\n", entry.Causes.Select(c => c.English).Concat(entry.Steps.Select(s => s.English)));
            Assert.Contains(clue, english, System.StringComparison.OrdinalIgnoreCase);
            Assert.All(entry.Causes.Concat(entry.Steps), t => Assert.False(string.IsNullOrWhiteSpace(t.Japanese)));
        }

        [Fact]
        public void Long_running_backups_and_restores_are_covered()
        {
            var matches = _catalog.Match("バックアップに 12 時間以上かかる");
            Assert.Equal("BackupOrRestoreTakingLong", matches[0].Code);
        }
    }
}
