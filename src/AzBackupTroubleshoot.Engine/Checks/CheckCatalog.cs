using System;
using System.Collections.Generic;
using System.Linq;
using AzBackupTroubleshoot.Localization;

namespace AzBackupTroubleshoot.Checks
{
    /// <summary>
    /// Every readiness check id the module knows. Ids are a public contract: catalog entries,
    /// findings and users' -Check filters name them, so an id is never renamed or reused.
    /// </summary>
    public static class CheckCatalog
    {
        private static readonly CheckDefinition[] Definitions =
        {
            new CheckDefinition("VmAgent.Provisioned", CheckSource.Arm, new LocalizedText("The VM model says a VM agent is provisioned (osProfile.*.provisionVMAgent).", "VM モデルで VM エージェントがプロビジョニング済みになっている (osProfile.*.provisionVMAgent)。")),
            new CheckDefinition("VmAgent.Status", CheckSource.Arm, new LocalizedText("The VM agent reports Ready in the instance view.", "インスタンス ビューで VM エージェントが Ready を報告している。")),
            new CheckDefinition("VmAgent.Version", CheckSource.Arm, new LocalizedText("The VM agent version meets the supported minimum (Windows 2.7.41491.1010, Linux 2.2.53.1).", "VM エージェントのバージョンがサポート下限 (Windows 2.7.41491.1010、Linux 2.2.53.1) 以上である。")),
            new CheckDefinition("Vm.Exists", CheckSource.Arm, new LocalizedText("The protected VM still exists.", "保護対象の VM が存在する。")),
            new CheckDefinition("Vm.ProvisioningState", CheckSource.Arm, new LocalizedText("The VM's provisioning state is not Failed.", "VM のプロビジョニング状態が Failed ではない。")),
            new CheckDefinition("Vm.PowerState", CheckSource.Arm, new LocalizedText("The VM is in a stable power state (running or stopped), not in transition.", "VM の電源状態が安定している (実行中か停止済み) で、遷移中ではない。")),
            new CheckDefinition("Vm.Extensions", CheckSource.Arm, new LocalizedText("Every extension on the VM reports provisioning succeeded.", "VM のすべての拡張機能がプロビジョニング成功を報告している。")),
            new CheckDefinition("BackupExtension.State", CheckSource.Arm, new LocalizedText("The VMSnapshot / VMSnapshotLinux extension is healthy and not stuck.", "VMSnapshot / VMSnapshotLinux 拡張機能が正常で、処理が止まっていない。")),
            new CheckDefinition("Network.NsgOutbound", CheckSource.Arm, new LocalizedText("NSG outbound rules do not block what backup needs.", "NSG の送信規則がバックアップに必要な通信をブロックしていない。")),
            new CheckDefinition("Network.ForcedTunneling", CheckSource.Arm, new LocalizedText("Whether outbound traffic is forced through a virtual appliance or gateway (information).", "送信トラフィックが仮想アプライアンスやゲートウェイへ強制的に送られているか (情報)。")),
            new CheckDefinition("Protection.Status", CheckSource.Arm, new LocalizedText("The VM is protected by a Recovery Services vault, with a policy.", "VM が Recovery Services コンテナーとポリシーで保護されている。")),
            new CheckDefinition("Protection.Health", CheckSource.Arm, new LocalizedText("The protected item's health status and details.", "保護された項目の正常性の状態と詳細。")),
            new CheckDefinition("Protection.LastBackup", CheckSource.Arm, new LocalizedText("The last backup of the item succeeded.", "その項目の最後のバックアップが成功している。")),
            new CheckDefinition("Protection.FailedJobs", CheckSource.Arm, new LocalizedText("Backup jobs that failed recently, with their remedies.", "最近失敗したバックアップ ジョブとその対処法。")),
            new CheckDefinition("Protection.JobInProgress", CheckSource.Arm, new LocalizedText("Whether a backup or restore job for the item is already running.", "その項目のバックアップまたは復元ジョブが既に実行中か。")),
            new CheckDefinition("RestorePoints.Collections", CheckSource.Arm, new LocalizedText("Restore point collections of the VM stay below the restore point limit.", "VM の復元ポイント コレクションが復元ポイントの上限未満である。")),
            new CheckDefinition("RestorePoints.Locks", CheckSource.Arm, new LocalizedText("No lock on the backup resource group blocks restore point cleanup.", "バックアップ用リソース グループのロックが復元ポイントの削除を妨げていない。")),
            new CheckDefinition("Support.DiskCount", CheckSource.Arm, new LocalizedText("The number of data disks is within the supported limit.", "データ ディスク数がサポート上限以内である。")),
            new CheckDefinition("Support.DiskSize", CheckSource.Arm, new LocalizedText("Every disk is within the supported size.", "すべてのディスクがサポートされるサイズ以内である。")),
            new CheckDefinition("Support.DiskType", CheckSource.Arm, new LocalizedText("Every disk is of a type the backup policy supports.", "すべてのディスクがバックアップ ポリシーでサポートされる種類である。")),
            new CheckDefinition("Support.SharedDisk", CheckSource.Arm, new LocalizedText("No shared disk (maxShares greater than 1) is attached.", "共有ディスク (maxShares が 1 より大きい) が接続されていない。"), isEvaluated: false),
            new CheckDefinition("Support.TrustedLaunchPolicy", CheckSource.Arm, new LocalizedText("A Trusted Launch VM is protected with a policy that supports it.", "トラステッド起動 VM が、それをサポートするポリシーで保護されている。")),
            new CheckDefinition("Support.VaultRegion", CheckSource.Arm, new LocalizedText("The vault is in the VM's region.", "コンテナーが VM と同じリージョンにある。")),
            new CheckDefinition("Guest.AgentService", CheckSource.Guest, new LocalizedText("The guest agent service (WindowsAzureGuestAgent, waagent) runs and starts automatically.", "ゲスト エージェントのサービス (WindowsAzureGuestAgent、waagent) が動作し、自動起動になっている。")),
            new CheckDefinition("Guest.WireServer", CheckSource.Guest, new LocalizedText("The guest reaches 168.63.129.16 on ports 80 and 32526.", "ゲストから 168.63.129.16 のポート 80 と 32526 に到達できる。")),
            new CheckDefinition("Guest.Dhcp", CheckSource.Guest, new LocalizedText("The guest network interface uses DHCP.", "ゲストのネットワーク インターフェイスが DHCP を使っている。")),
            new CheckDefinition("Guest.Proxy", CheckSource.Guest, new LocalizedText("The system proxy settings for the local system account.", "ローカル システム アカウントのプロキシ設定。")),
            new CheckDefinition("Guest.WaagentConf", CheckSource.Guest, new LocalizedText("/etc/waagent.conf enables extensions (Extensions.Enabled=y).", "/etc/waagent.conf で拡張機能が有効 (Extensions.Enabled=y) になっている。")),
            new CheckDefinition("Guest.IaasVmProvider", CheckSource.Guest, new LocalizedText("The iaasvmprovider service is enabled with automatic start.", "iaasvmprovider サービスが有効で自動起動になっている。")),
            new CheckDefinition("Guest.VssWriters", CheckSource.Guest, new LocalizedText("All VSS writers are stable.", "すべての VSS ライターが安定 (Stable) 状態である。")),
            new CheckDefinition("Guest.VssService", CheckSource.Guest, new LocalizedText("The Volume Shadow Copy service is healthy.", "ボリューム シャドウ コピー サービスが正常である。")),
            new CheckDefinition("Guest.ComPlus", CheckSource.Guest, new LocalizedText("The COM+ System Application service can run.", "COM+ System Application サービスが動作できる。")),
            new CheckDefinition("Guest.Msdtc", CheckSource.Guest, new LocalizedText("MSDTC runs as Network Service.", "MSDTC が Network Service で動作している。")),
            new CheckDefinition("Guest.MachineKeys", CheckSource.Guest, new LocalizedText("The MachineKeys folder has its default permissions.", "MachineKeys フォルダーのアクセス許可が既定値である。")),
            new CheckDefinition("Guest.StrongCrypto", CheckSource.Guest, new LocalizedText(".NET Framework uses strong cryptography (SchUseStrongCrypto).", ".NET Framework が強力な暗号化 (SchUseStrongCrypto) を使う設定である。")),
            new CheckDefinition("Guest.WindowsInstaller", CheckSource.Guest, new LocalizedText("The Windows Installer service can start (Msiserver Start is not 4).", "Windows Installer サービスが起動できる (Msiserver の Start が 4 ではない)。")),
            new CheckDefinition("Guest.Antivirus", CheckSource.Guest, new LocalizedText("No sign of antivirus stopping the backup extension.", "ウイルス対策がバックアップ拡張機能を止めている形跡が無い。"), isEvaluated: false),
            new CheckDefinition("Guest.BitLocker", CheckSource.Guest, new LocalizedText("No volume is locked by BitLocker.", "BitLocker でロックされたボリュームが無い。")),
            new CheckDefinition("Guest.FileSystems", CheckSource.Guest, new LocalizedText("Linux file systems are clean and mount points are not duplicated.", "Linux のファイル システムがクリーンで、マウント ポイントに重複が無い。")),
            new CheckDefinition("Guest.SqlVssCopyBackup", CheckSource.Guest, new LocalizedText("On SQL Server VMs, USEVSSCOPYBACKUP is set.", "SQL Server の VM で USEVSSCOPYBACKUP が設定されている。")),
            new CheckDefinition("Guest.Resources", CheckSource.Guest, new LocalizedText("CPU, memory and disk space leave room for the snapshot.", "CPU、メモリ、ディスク空き容量にスナップショットの余裕がある。")),
            new CheckDefinition("Guest.AgentVersion", CheckSource.Guest, new LocalizedText("The guest agent installed in the VM meets the supported minimum (Windows 2.7.41491.1010, Linux 2.2.53.1).", "VM 内にインストールされたゲスト エージェントがサポート下限 (Windows 2.7.41491.1010、Linux 2.2.53.1) 以上である。")),
            new CheckDefinition("Guest.AppControl", CheckSource.Guest, new LocalizedText("No AppLocker or WDAC (App Control) policy stops the executables under C:\\Packages\\Plugins.", "AppLocker や WDAC (アプリ制御) のポリシーが C:\\Packages\\Plugins 配下の実行ファイルを止めていない。")),
            new CheckDefinition("Guest.SELinux", CheckSource.Guest, new LocalizedText("The SELinux mode leaves /var/lib/waagent usable by the agent and the backup extension.", "SELinux のモードが、エージェントとバックアップ拡張機能による /var/lib/waagent の利用を妨げていない。")),
            new CheckDefinition("Guest.SnapshotExtension", CheckSource.Guest, new LocalizedText("The VMSnapshotLinux extension folder, its version and the status of its last operation.", "VMSnapshotLinux 拡張機能のフォルダー、そのバージョンと最後の操作の状態。")),
        };

        private static readonly Dictionary<string, CheckDefinition> ById =
            Definitions.ToDictionary(d => d.Id, StringComparer.OrdinalIgnoreCase);

        public static IReadOnlyList<CheckDefinition> All => Definitions;

        /// <summary>The checks a scan runs: the ones -Check and -ExcludeCheck accept and complete.</summary>
        public static IReadOnlyList<CheckDefinition> Evaluated { get; } = Definitions.Where(d => d.IsEvaluated).ToArray();

        public static bool TryGet(string id, out CheckDefinition definition) => ById.TryGetValue(id, out definition!);
    }
}
