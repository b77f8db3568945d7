using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AzBackupTroubleshoot.Readiness;

namespace AzBackupTroubleshoot.Guest
{
    // The Windows checks, over the facts of guest-windows.ps1.
    public static partial class GuestEvaluator
    {
        private static readonly string[] ServiceProbes = { "services", "cim.service" };

        private static readonly IReadOnlyList<GuestCheck> WindowsChecks = new[]
        {
            new GuestCheck(GuestCheckIds.AgentService, ServiceProbes, WindowsAgentService),
            new GuestCheck(GuestCheckIds.AgentVersion, new[] { "agent" }, WindowsAgentVersion),
            new GuestCheck(GuestCheckIds.WireServer, new[] { "wire" }, o => WireServer(o, AgentUnavailable)),
            new GuestCheck(GuestCheckIds.Proxy, new[] { "proxy" }, WindowsProxy),
            new GuestCheck(GuestCheckIds.Dhcp, new[] { "dhcp" }, WindowsDhcp),
            new GuestCheck(GuestCheckIds.VssWriters, new[] { "vss" }, VssWriters),
            new GuestCheck(GuestCheckIds.VssService, ServiceProbes, VssService),
            new GuestCheck(GuestCheckIds.ComPlus, ServiceProbes, ComPlus),
            new GuestCheck(GuestCheckIds.Msdtc, ServiceProbes, Msdtc),
            new GuestCheck(GuestCheckIds.IaasVmProvider, ServiceProbes, IaasVmProvider),
            new GuestCheck(GuestCheckIds.SqlVssCopyBackup, new[] { "services", "cim.service", "registry" }, SqlVssCopyBackup),
            new GuestCheck(GuestCheckIds.BitLocker, new[] { "bitlocker" }, BitLocker),
            new GuestCheck(GuestCheckIds.MachineKeys, new[] { "machinekeys" }, MachineKeys, needsWholeOutput: true),
            new GuestCheck(GuestCheckIds.StrongCrypto, new[] { "registry" }, StrongCrypto),
            new GuestCheck(GuestCheckIds.WindowsInstaller, new[] { "registry" }, WindowsInstaller),
            new GuestCheck(GuestCheckIds.AppControl, new[] { "appcontrol" }, AppControl, needsWholeOutput: true),
            new GuestCheck(GuestCheckIds.Resources, new[] { "resources" }, WindowsResources),
        };

        /// <summary>A service from "svc=Name|State|StartMode|StartName" (WMI) or the "sc=Name|line" fallback; null when not reported.</summary>
        internal static GuestService? Service(GuestOutput o, string name)
        {
            var svc = o.All("svc").FirstOrDefault(f => f.Field(0, 4).Equals(name, StringComparison.OrdinalIgnoreCase));
            if (svc != null) return GuestService.FromCim(name, svc.Field(1, 4), svc.Field(2, 4), svc.Field(3, 4));
            var sc = o.All("sc").Where(f => f.Field(0, 2).Equals(name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Field(1, 2)).ToArray();
            return sc.Length == 0 ? null : ServiceControlParser.Parse(name, sc);
        }

        private static IReadOnlyDictionary<string, string?> ServiceEvidence(GuestOutput o, params string[] names)
        {
            var d = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var svc = o.All("svc").FirstOrDefault(f => f.Field(0, 4).Equals(name, StringComparison.OrdinalIgnoreCase));
                if (svc != null) d["svc." + name] = svc.Value;
                var sc = o.All("sc").Where(f => f.Field(0, 2).Equals(name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Field(1, 2)).ToArray();
                if (sc.Length > 0) d["sc." + name] = string.Join(" / ", sc);
            }

            return d;
        }

        private static Finding WindowsAgentService(GuestOutput o)
        {
            const string id = GuestCheckIds.AgentService;
            var names = new[] { "WindowsAzureGuestAgent", "RdAgent" };
            var ev = ServiceEvidence(o, names);
            var services = names.Select(n => Service(o, n)).ToArray();
            if (services.Any(s => s == null || s.Exists == null)) return NotReported(id, "the agent services", ev);
            var missing = services.Where(s => s!.Exists == false).Select(s => s!.Name).ToArray();
            if (missing.Length > 0)
                return new Finding(id, CheckStatus.Fail, Text($"Agent service not installed: {string.Join(", ", missing)}.", $"エージェントのサービスがインストールされていません: {string.Join("、", missing)}。"), ev, AgentUnavailable);
            var stopped = services.Where(s => s!.State != ServiceRunState.Running).Select(s => $"{s!.Name} ({s.State})").ToArray();
            if (stopped.Length > 0)
                return new Finding(id, CheckStatus.Fail, Text($"Agent service not running: {string.Join(", ", stopped)}.", $"エージェントのサービスが動作していません: {string.Join("、", stopped)}。"), ev, AgentUnavailable);
            var notAuto = services.Where(s => s!.Start != ServiceStart.Automatic).Select(s => $"{s!.Name} ({s.Start})").ToArray();
            if (notAuto.Length > 0)
                return new Finding(id, CheckStatus.Warning, Text($"Agent service runs but does not start automatically: {string.Join(", ", notAuto)}.", $"エージェントのサービスは動作していますが自動起動ではありません: {string.Join("、", notAuto)}。"), ev, AgentUnavailable);
            return Pass(id, Text("WindowsAzureGuestAgent and RdAgent run and start automatically.", "WindowsAzureGuestAgent と RdAgent は動作中で、自動起動です。"), ev);
        }

        private static Finding WindowsAgentVersion(GuestOutput o)
        {
            const string id = GuestCheckIds.AgentVersion;
            var text = o.Value("agent.version");
            var minimum = ReadinessEvaluator.MinimumWindowsAgent;
            var ev = Ev(("agent.version", text), ("minimum", minimum.ToString()));
            if (text == null) return NotReported(id, "the agent version", ev);
            if (!Version.TryParse(text.Trim(), out var version))
            {
                return text.Trim().Equals("missing", StringComparison.OrdinalIgnoreCase)
                    ? new Finding(id, CheckStatus.Fail, Text("No guest agent executable was found in the VM.", "VM 内にゲスト エージェントの実行ファイルが見つかりません。"), ev, AgentUnavailable)
                    : new Finding(id, CheckStatus.Unknown, Text($"The agent version '{text}' could not be read.", $"エージェントのバージョン '{text}' を読み取れません。"), ev, null);
            }

            if (version < minimum)
                return new Finding(id, CheckStatus.Fail, Text($"Guest agent {version} is older than the supported minimum {minimum}.", $"ゲスト エージェント {version} はサポート下限 {minimum} より古いです。"), ev, AgentUnavailable);
            return Pass(id, Text($"Guest agent {version} is supported.", $"ゲスト エージェント {version} はサポートされています。"), ev);
        }

        private static Finding WindowsProxy(GuestOutput o)
        {
            const string id = GuestCheckIds.Proxy;
            var ev = FactsEvidence(o, "proxy.winhttp", "proxy.system");
            var winhttp = o.Value("proxy.winhttp");
            var system = o.First("proxy.system");
            if (winhttp == null && system == null) return NotReported(id, "the proxy settings", ev);
            var problems = new List<string>();
            var problemsJa = new List<string>();
            var parsed = WinHttpProxyParser.Parse(winhttp);
            if (parsed.IsDirect == false && !WinHttpProxyParser.BypassesWireServer(parsed.Bypass))
            {
                problems.Add($"WinHTTP goes through proxy {parsed.Server} without bypassing 168.63.129.16");
                problemsJa.Add($"WinHTTP がプロキシ {parsed.Server} を経由し、168.63.129.16 を除外していません");
            }

            if (system != null && system.Field(0, 3) == "1" && system.Field(1, 3).Length > 0 && !WinHttpProxyParser.BypassesWireServer(system.Field(2, 3)))
            {
                problems.Add($"the system account's proxy {system.Field(1, 3)} does not bypass 168.63.129.16");
                problemsJa.Add($"システム アカウントのプロキシ {system.Field(1, 3)} が 168.63.129.16 を除外していません");
            }

            if (problems.Count > 0)
                return new Finding(id, CheckStatus.Warning, Text(Capital(string.Join("; ", problems)) + ": the proxy must allow the extension's traffic.", string.Join("。", problemsJa) + "。プロキシが拡張機能の通信を通す必要があります。"), ev, NoNetwork);
            if (parsed.IsDirect == null && winhttp != null && system?.Field(0, 3) != "1")
                return new Finding(id, CheckStatus.Unknown, Text("The WinHTTP proxy setting could not be read.", "WinHTTP のプロキシ設定を読み取れません。"), ev, null);
            return Pass(id, parsed.IsDirect == true && system?.Field(0, 3) != "1"
                ? Text("The system account connects directly (no proxy).", "システム アカウントは直接接続します (プロキシなし)。")
                : Text("A proxy is set and 168.63.129.16 bypasses it.", "プロキシが設定されており、168.63.129.16 は除外されています。"), ev);
        }

        private static Finding WindowsDhcp(GuestOutput o)
        {
            const string id = GuestCheckIds.Dhcp;
            var ev = FactsEvidence(o, "nic");
            var primary = o.First("nic");
            if (primary == null || primary.Value.Equals("none", StringComparison.OrdinalIgnoreCase)) return NotReported(id, "an IP-enabled network adapter", ev);
            var name = primary.Field(3, 4);
            switch (primary.Field(1, 4))
            {
                case "1":
                    return Pass(id, Text($"The primary NIC ({name}) uses DHCP.", $"プライマリ NIC ({name}) は DHCP を使っています。"), ev);
                case "0":
                    return new Finding(id, CheckStatus.Fail, Text($"The primary NIC ({name}) has a static IP inside the guest; keep DHCP on and set static addresses on the Azure NIC.", $"プライマリ NIC ({name}) にゲスト内で静的 IP が設定されています。DHCP を有効にし、静的アドレスは Azure の NIC 側で設定します。"), ev, SnapshotTaskStatus);
                default:
                    return NotReported(id, "whether the primary NIC uses DHCP", ev);
            }
        }

        private static Finding VssWriters(GuestOutput o)
        {
            const string id = GuestCheckIds.VssWriters;
            var ev = FactsEvidence(o, "vss.writers", "vss.more");
            var raw = string.Join("\n", o.All("vss.raw").Select(f => f.Value));
            var d = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var kv in ev) d[kv.Key] = kv.Value;
            if (raw.Length > 0) d["vss.raw"] = raw;
            var countText = o.Value("vss.writers");
            if (!TryNumber(countText, out var count)) return NotReported(id, "the VSS writers", d);
            if (count == 0)
                return new Finding(id, CheckStatus.Unknown, Text("vssadmin listed no writers: " + (raw.Length == 0 ? "no output." : raw), "vssadmin がライターを 1 つも表示しませんでした: " + (raw.Length == 0 ? "出力なし。" : raw)), d, null);
            var writers = VssAdminParser.Parse(raw);
            var failed = writers.Where(w => w.StateCode.HasValue && w.StateCode != 1).ToArray();
            var more = TryNumber(o.Value("vss.more"), out var m) ? (int)m : 0;
            if (failed.Length > 0)
            {
                var list = string.Join(", ", failed.Select(w => $"{w.Name} [{w.StateCode}] {w.StateText}")) + (more > 0 ? $" (+{more})" : "");
                return new Finding(id, CheckStatus.Fail, Text($"VSS writers not stable: {list}.", $"安定状態でない VSS ライター: {list}。"), d, VssWriterBad);
            }

            var unread = writers.Where(w => !w.IsKnown).ToArray();
            var erred = writers.Where(w => w.IsKnown && w.HasError).ToArray();
            if (erred.Length > 0)
            {
                var list = string.Join(", ", erred.Select(w => $"{w.Name} ({w.LastError})"));
                return new Finding(id, CheckStatus.Warning, Text($"VSS writers stable but with a last error: {list}.", $"安定状態ですが直前のエラーがある VSS ライター: {list}。"), d, VssWriterBad);
            }

            if (unread.Length > 0 || more > 0)
                return new Finding(id, CheckStatus.Unknown, Text($"The state of {Math.Max(unread.Length, more)} VSS writer(s) did not arrive whole.", $"{Math.Max(unread.Length, more)} 個の VSS ライターの状態が完全に届きませんでした。"), d, null);
            return Pass(id, Text($"All {count:0} VSS writers are stable.", $"{count:0} 個の VSS ライターはすべて安定しています。"), d);
        }

        private static Finding VssService(GuestOutput o)
        {
            const string id = GuestCheckIds.VssService;
            var ev = ServiceEvidence(o, "VSS");
            var vss = Service(o, "VSS");
            if (vss?.Exists == null) return NotReported(id, "the VSS service", ev);
            if (vss.Exists == false || vss.Start == ServiceStart.Disabled)
                return new Finding(id, CheckStatus.Fail, Text(vss.Exists == false ? "The Volume Shadow Copy service is not installed." : "The Volume Shadow Copy service is disabled.", vss.Exists == false ? "ボリューム シャドウ コピー サービスがありません。" : "ボリューム シャドウ コピー サービスが無効になっています。"), ev, VssServiceBad);
            if (vss.State == ServiceRunState.Pending || vss.State == ServiceRunState.Paused)
                return new Finding(id, CheckStatus.Warning, Text($"The Volume Shadow Copy service is stuck ({vss.State}).", $"ボリューム シャドウ コピー サービスが {vss.State} のまま止まっています。"), ev, VssServiceBad);
            return Pass(id, Text($"The Volume Shadow Copy service can start ({vss.State}, {vss.Start}).", $"ボリューム シャドウ コピー サービスは起動できます ({vss.State}、{vss.Start})。"), ev);
        }

        private static Finding ComPlus(GuestOutput o)
        {
            const string id = GuestCheckIds.ComPlus;
            var ev = ServiceEvidence(o, "COMSysApp");
            var com = Service(o, "COMSysApp");
            if (com?.Exists == null) return NotReported(id, "the COM+ System Application service", ev);
            if (com.Exists == false)
                return new Finding(id, CheckStatus.Fail, Text("The COM+ System Application service (COMSysApp) is not installed.", "COM+ System Application サービス (COMSysApp) がありません。"), ev, ComPlusFailed);
            if (com.Start == ServiceStart.Disabled)
                return new Finding(id, CheckStatus.Fail, Text("COM+ System Application (COMSysApp) is disabled, so the snapshot fails again after every restart of it.", "COM+ System Application (COMSysApp) が無効なため、再起動してもスナップショットは再び失敗します。"), ev, ComPlusFailed);
            if (com.State == ServiceRunState.Pending)
                return new Finding(id, CheckStatus.Warning, Text("COM+ System Application is stuck starting or stopping.", "COM+ System Application が開始中または停止中のまま止まっています。"), ev, ComPlusFailed);
            return Pass(id, Text($"COM+ System Application can run ({com.State}, {com.Start}).", $"COM+ System Application は動作できます ({com.State}、{com.Start})。"), ev);
        }

        private static Finding Msdtc(GuestOutput o)
        {
            const string id = GuestCheckIds.Msdtc;
            var ev = ServiceEvidence(o, "MSDTC");
            var dtc = Service(o, "MSDTC");
            if (dtc?.Exists == null) return NotReported(id, "the MSDTC service", ev);
            if (dtc.Exists == false)
                return new Finding(id, CheckStatus.Fail, Text("The Distributed Transaction Coordinator (MSDTC) is not installed.", "分散トランザクション コーディネーター (MSDTC) がありません。"), ev, MsdtcFailed);
            if (dtc.Start == ServiceStart.Disabled)
                return new Finding(id, CheckStatus.Fail, Text("MSDTC is disabled, so COM+ cannot reach it.", "MSDTC が無効なため、COM+ から使えません。"), ev, MsdtcFailed);
            if (dtc.Account == null) return NotReported(id, "the MSDTC log-on account", ev);
            var account = dtc.Account.Replace(" ", "");
            if (account.IndexOf("NetworkService", StringComparison.OrdinalIgnoreCase) < 0)
                return new Finding(id, CheckStatus.Fail, Text($"MSDTC logs on as {dtc.Account}, not NT AUTHORITY\\NetworkService.", $"MSDTC のログオン アカウントが NT AUTHORITY\\NetworkService ではなく {dtc.Account} です。"), ev, MsdtcFailed);
            return Pass(id, Text($"MSDTC logs on as Network Service ({dtc.State}, {dtc.Start}).", $"MSDTC は Network Service でログオンします ({dtc.State}、{dtc.Start})。"), ev);
        }

        private static Finding IaasVmProvider(GuestOutput o)
        {
            const string id = GuestCheckIds.IaasVmProvider;
            var ev = ServiceEvidence(o, "IaasVmProvider");
            var svc = Service(o, "IaasVmProvider");
            if (svc?.Exists == null) return NotReported(id, "the iaasvmprovider service", ev);
            if (svc.Exists == false)
                return new Finding(id, CheckStatus.NotApplicable, Text("The iaasvmprovider service is not installed yet; the backup extension installs it.", "iaasvmprovider サービスはまだありません。バックアップ拡張機能がインストールします。"), ev, null);
            if (svc.Start == ServiceStart.Disabled)
                return new Finding(id, CheckStatus.Fail, Text("The iaasvmprovider service is disabled.", "iaasvmprovider サービスが無効になっています。"), ev, SnapshotTaskStatus);
            if (svc.Start != ServiceStart.Automatic)
                return new Finding(id, CheckStatus.Warning, Text($"The iaasvmprovider service starts {svc.Start}, not automatically.", $"iaasvmprovider サービスのスタートアップの種類が自動ではなく {svc.Start} です。"), ev, SnapshotTaskStatus);
            return Pass(id, Text("The iaasvmprovider service is enabled and starts automatically.", "iaasvmprovider サービスは有効で、自動起動です。"), ev);
        }

        private static Finding SqlVssCopyBackup(GuestOutput o)
        {
            const string id = GuestCheckIds.SqlVssCopyBackup;
            var ev = FactsEvidence(o, "sql", "bcdr.usevsscopybackup");
            var sql = o.Value("sql");
            if (sql == null) return NotReported(id, "whether SQL Server is installed", ev);
            if (sql.Equals("none", StringComparison.OrdinalIgnoreCase))
                return new Finding(id, CheckStatus.NotApplicable, Text("No SQL Server instance in the guest.", "ゲストに SQL Server のインスタンスはありません。"), ev, null);
            var value = o.Value("bcdr.usevsscopybackup");
            if (value == null) return NotReported(id, "the BcdrAgent USEVSSCOPYBACKUP value", ev);
            if (value.Trim().Equals("TRUE", StringComparison.OrdinalIgnoreCase))
                return Pass(id, Text($"SQL Server ({sql}) is present and USEVSSCOPYBACKUP is TRUE.", $"SQL Server ({sql}) があり、USEVSSCOPYBACKUP は TRUE です。"), ev);
            return new Finding(id, CheckStatus.Warning, Text($"SQL Server ({sql}) is present but USEVSSCOPYBACKUP is not TRUE: the full VSS backup can delay the snapshot.", $"SQL Server ({sql}) がありますが USEVSSCOPYBACKUP が TRUE ではありません。VSS フル バックアップでスナップショットが遅れることがあります。"), ev, SnapshotTaskStatus);
        }

        private static Finding BitLocker(GuestOutput o)
        {
            const string id = GuestCheckIds.BitLocker;
            var ev = FactsEvidence(o, "bitlocker");
            var volumes = o.All("bitlocker").ToArray();
            if (volumes.Length == 0) return NotReported(id, "the BitLocker volumes", ev);
            if (volumes.Length == 1 && (volumes[0].Value.Equals("unavailable", StringComparison.OrdinalIgnoreCase) || volumes[0].Value.Equals("none", StringComparison.OrdinalIgnoreCase)))
                return new Finding(id, CheckStatus.NotApplicable, Text("BitLocker is not in use in the guest.", "ゲストでは BitLocker が使われていません。"), ev, null);
            var locked = volumes.Where(v => v.Field(1, 2).Equals("Locked", StringComparison.OrdinalIgnoreCase)).Select(v => v.Field(0, 2)).ToArray();
            if (locked.Length > 0)
                return new Finding(id, CheckStatus.Fail, Text($"BitLocker has locked {string.Join(", ", locked)}; unlock before the snapshot.", $"BitLocker が {string.Join("、", locked)} をロックしています。スナップショットの前にロックを解除します。"), ev, BitLockerLocked);
            if (volumes.Any(v => !v.Field(1, 2).Equals("Unlocked", StringComparison.OrdinalIgnoreCase)))
                return new Finding(id, CheckStatus.Unknown, Text("The lock state of some volumes could not be read.", "一部のボリュームのロック状態を読み取れません。"), ev, null);
            return Pass(id, Text($"No BitLocker-locked volume ({volumes.Length} checked).", $"BitLocker でロックされたボリュームはありません ({volumes.Length} 個を確認)。"), ev);
        }

        private static Finding MachineKeys(GuestOutput o)
        {
            const string id = GuestCheckIds.MachineKeys;
            var ev = FactsEvidence(o, "mk");
            var rules = o.All("mk").Select(f => (Who: f.Field(0, 3), Type: f.Field(1, 3), Rights: f.Field(2, 3))).ToArray();
            if (rules.Length == 0) return NotReported(id, "the MachineKeys permissions", ev);
            bool IsEveryone(string who) => who.Equals("Everyone", StringComparison.OrdinalIgnoreCase) || who == "S-1-1-0";
            bool IsAdmins(string who) => who.Equals("BUILTIN\\Administrators", StringComparison.OrdinalIgnoreCase) || who == "S-1-5-32-544";
            bool Has(string rights, string right) => rights.Split(',').Any(r => r.Trim().Equals(right, StringComparison.OrdinalIgnoreCase));
            var problems = new List<string>();
            var denies = rules.Where(r => r.Type.Equals("Deny", StringComparison.OrdinalIgnoreCase) && (IsEveryone(r.Who) || IsAdmins(r.Who) || r.Who.Equals("NT AUTHORITY\\SYSTEM", StringComparison.OrdinalIgnoreCase) || r.Who == "S-1-5-18")).ToArray();
            if (denies.Length > 0) problems.Add("deny rule for " + string.Join(", ", denies.Select(r => r.Who)));
            var allow = rules.Where(r => r.Type.Equals("Allow", StringComparison.OrdinalIgnoreCase)).ToArray();
            if (!allow.Any(r => IsEveryone(r.Who) && (Has(r.Rights, "FullControl") || Has(r.Rights, "Read") && Has(r.Rights, "Write"))))
                problems.Add("Everyone lacks read and write");
            if (!allow.Any(r => IsAdmins(r.Who) && Has(r.Rights, "FullControl")))
                problems.Add("Administrators lack full control");
            if (problems.Count > 0)
            {
                var list = string.Join("; ", problems);
                return new Finding(id, CheckStatus.Fail, Text($"MachineKeys permissions differ from the defaults (Everyone read/write, Administrators full control): {list}.", $"MachineKeys のアクセス許可が既定値 (Everyone に読み取り/書き込み、Administrators にフル コントロール) と異なります: {list}。"), ev, MachineKeysBad);
            }

            return Pass(id, Text("MachineKeys has its default permissions.", "MachineKeys のアクセス許可は既定値です。"), ev);
        }

        private static Finding StrongCrypto(GuestOutput o)
        {
            const string id = GuestCheckIds.StrongCrypto;
            var ev = FactsEvidence(o, "crypto");
            var keys = o.All("crypto").Select(f => (Framework: f.Field(0, 2), Value: f.Field(1, 2))).ToArray();
            if (keys.Length == 0) return NotReported(id, "the .NET Framework registry keys", ev);
            var off = keys.Where(k => k.Value == "0").Select(k => k.Framework).ToArray();
            if (off.Length > 0)
                return new Finding(id, CheckStatus.Fail, Text($"SchUseStrongCrypto is 0 for .NET {string.Join(", ", off)}: TLS channels to Azure can fail.", $".NET {string.Join("、", off)} の SchUseStrongCrypto が 0 です。Azure への TLS 通信が失敗することがあります。"), ev, NoSecureNetwork);
            // The extension runs on .NET 4; a missing value there leaves the choice to the OS defaults.
            var unset = keys.Where(k => k.Framework.EndsWith("v4.0.30319", StringComparison.OrdinalIgnoreCase) && k.Value != "1").Select(k => k.Framework).ToArray();
            if (unset.Length > 0)
                return new Finding(id, CheckStatus.Warning, Text($"SchUseStrongCrypto is not set to 1 for .NET {string.Join(", ", unset)}.", $".NET {string.Join("、", unset)} の SchUseStrongCrypto が 1 に設定されていません。"), ev, NoSecureNetwork);
            return Pass(id, Text(".NET Framework is set to use strong cryptography.", ".NET Framework は強力な暗号化を使う設定です。"), ev);
        }

        private static Finding WindowsInstaller(GuestOutput o)
        {
            const string id = GuestCheckIds.WindowsInstaller;
            var value = o.Value("msi.start");
            var ev = Ev(("msi.start", value));
            if (value == null || !int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)) return NotReported(id, "the Msiserver start type", ev);
            if (start == 4)
                return new Finding(id, CheckStatus.Fail, Text("Windows Installer (Msiserver) is disabled (Start=4), so the extension cannot install its runtime.", "Windows Installer (Msiserver) が無効 (Start=4) なため、拡張機能がランタイムをインストールできません。"), ev, InstallerDisabled);
            return Pass(id, Text($"Windows Installer can start (Start={start}).", $"Windows Installer は起動できます (Start={start})。"), ev);
        }

        private static Finding AppControl(GuestOutput o)
        {
            const string id = GuestCheckIds.AppControl;
            var ev = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var kv in FactsEvidence(o, "applocker", "applocker.deny", "wdac.umci")) ev[kv.Key] = kv.Value;
            foreach (var kv in ServiceEvidence(o, "AppIDSvc")) ev[kv.Key] = kv.Value;
            var applocker = o.First("applocker");
            var umci = o.Value("wdac.umci");
            if (applocker == null && umci == null) return NotReported(id, "the application control policies", ev);
            if (applocker != null && !applocker.Value.Equals("unavailable", StringComparison.OrdinalIgnoreCase))
            {
                var mode = applocker.Field(0, 4);
                var rules = TryNumber(applocker.Field(1, 4), out var n) ? n : 0;
                var allows = applocker.Field(2, 4) == "1";
                var denies = applocker.Field(3, 4) == "1";
                // AppLocker enforces Enabled collections, and NotConfigured ones that hold rules, only while Application Identity runs.
                var appId = Service(o, "AppIDSvc");
                var enforced = (mode.Equals("Enabled", StringComparison.OrdinalIgnoreCase) || mode.Equals("NotConfigured", StringComparison.OrdinalIgnoreCase) && rules > 0)
                    && appId?.State != ServiceRunState.Stopped && appId?.Exists != false;
                if (enforced && (denies || !allows))
                {
                    var why = denies ? $"rule '{o.Value("applocker.deny")}' denies" : "no rule allows";
                    var whyJa = denies ? $"規則 '{o.Value("applocker.deny")}' が拒否しています" : "許可する規則がありません";
                    return new Finding(id, CheckStatus.Fail, Text($"AppLocker enforces executable rules and {why} C:\\Packages\\Plugins, so the backup extension cannot run.", $"AppLocker が実行ファイルの規則を適用しており、C:\\Packages\\Plugins について{whyJa}。バックアップ拡張機能を実行できません。"), ev, SnapshotTaskStatus);
                }
            }

            if (umci == "2")
                return new Finding(id, CheckStatus.Warning, Text("WDAC (App Control) enforces user-mode code integrity; make sure its policy allows the executables under C:\\Packages\\Plugins.", "WDAC (アプリ制御) がユーザー モードのコード整合性を適用しています。C:\\Packages\\Plugins 配下の実行ファイルがポリシーで許可されていることを確認します。"), ev, SnapshotTaskStatus);
            return Pass(id, Text("No AppLocker or WDAC policy blocks C:\\Packages\\Plugins.", "C:\\Packages\\Plugins をブロックする AppLocker や WDAC のポリシーはありません。"), ev);
        }

        private static Finding WindowsResources(GuestOutput o)
        {
            const string id = GuestCheckIds.Resources;
            var ev = FactsEvidence(o, "disk", "cpu", "mem");
            var disks = o.All("disk").ToArray();
            var cpuText = o.Value("cpu");
            var mem = o.First("mem");
            if (disks.Length == 0 && cpuText == null && mem == null) return NotReported(id, "CPU, memory or disk space", ev);
            var found = new List<(string En, string Ja, string Remedy)>();
            if (mem != null && TryNumber(mem.Field(0, 2), out var freeKb) && TryNumber(mem.Field(1, 2), out var totalKb) && totalKb > 0 && (1 - freeKb / totalKb) > 0.9)
                found.Add(($"memory {100 * (1 - freeKb / totalKb):0}% used", $"メモリ使用率 {100 * (1 - freeKb / totalKb):0}%", OutOfMemory));
            if (TryNumber(cpuText, out var cpu) && cpu > 90)
                found.Add(($"CPU {cpu:0}% busy", $"CPU 使用率 {cpu:0}%", SnapshotTaskStatus));
            foreach (var d in disks)
            {
                if (TryNumber(d.Field(1, 3), out var freeMb) && TryNumber(d.Field(2, 3), out var sizeMb) && IsLow(freeMb * 1024 * 1024, sizeMb * 1024 * 1024))
                    found.Add(($"{d.Field(0, 3)} has {freeMb:0} MB free of {sizeMb:0} MB", $"{d.Field(0, 3)} の空きは {sizeMb:0} MB 中 {freeMb:0} MB", VssWriterBad));
            }

            if (found.Count > 0)
                return new Finding(id, CheckStatus.Warning, Text("Little room for the snapshot: " + string.Join("; ", found.Select(f => f.En)) + ".", "スナップショットの余裕がありません: " + string.Join("、", found.Select(f => f.Ja)) + "。"), ev, found[0].Remedy);
            return Pass(id, Text("CPU, memory and disk space leave room for the snapshot.", "CPU、メモリ、ディスク空き容量にスナップショットの余裕があります。"), ev);
        }

        private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);
    }
}
