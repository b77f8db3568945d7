using System;
using System.Collections.Generic;
using System.Linq;
using AzBackupTroubleshoot.Readiness;

namespace AzBackupTroubleshoot.Guest
{
    // The Linux checks, over the facts of guest-linux.sh.
    public static partial class GuestEvaluator
    {
        private static readonly string[] NoProbes = Array.Empty<string>();

        private static readonly IReadOnlyList<GuestCheck> LinuxChecks = new[]
        {
            new GuestCheck(GuestCheckIds.AgentService, NoProbes, LinuxAgentService, needsWholeOutput: true),
            // The daemon line alone may read older than the goal state agent on the next line.
            new GuestCheck(GuestCheckIds.AgentVersion, NoProbes, LinuxAgentVersion, needsWholeOutput: true),
            new GuestCheck(GuestCheckIds.WaagentConf, NoProbes, WaagentConf),
            new GuestCheck(GuestCheckIds.WireServer, NoProbes, o => WireServer(o, AgentUnavailable)),
            new GuestCheck(GuestCheckIds.Dhcp, NoProbes, LinuxDhcp),
            new GuestCheck(GuestCheckIds.Proxy, NoProbes, LinuxProxy, needsWholeOutput: true),
            new GuestCheck(GuestCheckIds.FileSystems, NoProbes, FileSystems),
            new GuestCheck(GuestCheckIds.SELinux, NoProbes, SELinux),
            new GuestCheck(GuestCheckIds.Resources, NoProbes, LinuxResources),
            new GuestCheck(GuestCheckIds.SnapshotExtension, NoProbes, SnapshotExtension, needsWholeOutput: true),
        };

        private static Finding LinuxAgentService(GuestOutput o)
        {
            const string id = GuestCheckIds.AgentService;
            var ev = FactsEvidence(o, "agent.proc", "agent.svc");
            var proc = o.Value("agent.proc");
            // agent.svc=name|is-active|is-enabled
            var units = o.All("agent.svc").Select(f => (Name: f.Field(0, 3), Active: f.Field(1, 3), Enabled: f.Field(2, 3))).ToArray();
            var active = proc == "1" || units.Any(u => u.Active.Equals("active", StringComparison.OrdinalIgnoreCase));
            if (!active && proc != "0") return NotReported(id, "whether the agent runs", ev);
            if (!active)
                return new Finding(id, CheckStatus.Fail, Text("No waagent / walinuxagent process or active service in the guest.", "ゲストに waagent / walinuxagent のプロセスも動作中のサービスもありません。"), ev, AgentUnavailable);
            if (units.Length > 0 && !units.Any(u => u.Enabled.Equals("enabled", StringComparison.OrdinalIgnoreCase) || u.Enabled.Equals("static", StringComparison.OrdinalIgnoreCase)))
                return new Finding(id, CheckStatus.Warning, Text($"The agent runs but its service is not enabled at boot ({string.Join(", ", units.Select(u => u.Name + " " + u.Enabled))}).", $"エージェントは動作していますが、サービスが起動時に有効になっていません ({string.Join("、", units.Select(u => u.Name + " " + u.Enabled))})。"), ev, AgentUnavailable);
            return Pass(id, Text("The Linux agent runs" + (units.Length > 0 ? " and its service is enabled." : "."), "Linux エージェントは動作しています" + (units.Length > 0 ? "。サービスも有効です。" : "。")), ev);
        }

        private static Finding LinuxAgentVersion(GuestOutput o)
        {
            const string id = GuestCheckIds.AgentVersion;
            var lines = o.All("waagent.version").Select(f => f.Value).ToArray();
            var minimum = ReadinessEvaluator.MinimumLinuxAgent;
            var ev = new Dictionary<string, string?>(StringComparer.Ordinal) { ["waagent.version"] = string.Join(" / ", lines), ["minimum"] = minimum.ToString() };
            if (lines.Length == 0 || lines.Length == 1 && lines[0] == "missing") return NotReported(id, "the agent version (waagent --version)", ev);
            // Each fact is a whole line, so every line counts as ended.
            var version = WaagentVersionParser.Parse(string.Join("\n", lines) + "\n");
            if (version.Effective == null)
                return new Finding(id, CheckStatus.Unknown, Text("waagent --version printed no version that could be read.", "waagent --version の出力からバージョンを読み取れません。"), ev, null);
            ev["effective"] = version.Effective.ToString();
            if (version.Effective < minimum)
                return new Finding(id, CheckStatus.Fail, Text($"The Linux agent {version.Effective} is older than the supported minimum {minimum}.", $"Linux エージェント {version.Effective} はサポート下限 {minimum} より古いです。"), ev, LinuxAgentUnsupported);
            return Pass(id, Text($"The Linux agent {version.Effective} is supported.", $"Linux エージェント {version.Effective} はサポートされています。"), ev);
        }

        private static Finding WaagentConf(GuestOutput o)
        {
            const string id = GuestCheckIds.WaagentConf;
            var ev = FactsEvidence(o, "conf.file", "conf.Extensions.Enabled", "conf.AutoUpdate.Enabled", "conf.Provisioning.Agent");
            var file = o.Value("conf.file");
            if (file == null) return NotReported(id, "/etc/waagent.conf", ev);
            if (file == "0")
                return new Finding(id, CheckStatus.Warning, Text("/etc/waagent.conf is missing or unreadable; the agent runs on its defaults.", "/etc/waagent.conf が無いか読めません。エージェントは既定値で動作します。"), ev, SnapshotTaskStatus);
            // Absent keys take the agent's defaults: y, y, auto.
            var extensions = o.Value("conf.Extensions.Enabled") ?? "y";
            var autoUpdate = o.Value("conf.AutoUpdate.Enabled") ?? "y";
            var provisioning = o.Value("conf.Provisioning.Agent") ?? "auto";
            if (!IsYes(extensions))
                return new Finding(id, CheckStatus.Fail, Text($"Extensions.Enabled={extensions} in /etc/waagent.conf: the agent runs no extension, so the snapshot never starts.", $"/etc/waagent.conf が Extensions.Enabled={extensions} です。エージェントが拡張機能を実行しないため、スナップショットが始まりません。"), ev, SnapshotTaskStatus);
            if (!provisioning.Equals("auto", StringComparison.OrdinalIgnoreCase))
                return new Finding(id, CheckStatus.Warning, Text($"Provisioning.Agent={provisioning} in /etc/waagent.conf; backup expects auto.", $"/etc/waagent.conf が Provisioning.Agent={provisioning} です。バックアップでは auto が前提です。"), ev, SnapshotTaskStatus);
            if (!IsYes(autoUpdate))
                return new Finding(id, CheckStatus.Warning, Text($"AutoUpdate.Enabled={autoUpdate} in /etc/waagent.conf: the agent does not update itself and can fall below the supported version.", $"/etc/waagent.conf が AutoUpdate.Enabled={autoUpdate} です。エージェントが自動更新されず、サポート対象外のバージョンになることがあります。"), ev, LinuxAgentUnsupported);
            return Pass(id, Text("/etc/waagent.conf enables extensions and auto-update.", "/etc/waagent.conf で拡張機能と自動更新が有効です。"), ev);
        }

        private static bool IsYes(string value) => value.Trim().Equals("y", StringComparison.OrdinalIgnoreCase) || value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase);

        private static Finding LinuxDhcp(GuestOutput o)
        {
            const string id = GuestCheckIds.Dhcp;
            var ev = FactsEvidence(o, "dhcp.client", "dhcp.config");
            var client = o.Value("dhcp.client");
            var configs = o.All("dhcp.config").Select(f => (File: f.Field(0, 2), Mode: f.Field(1, 2))).ToArray();
            var staticFiles = configs.Where(c => c.Mode.Equals("static", StringComparison.OrdinalIgnoreCase)).Select(c => c.File).ToArray();
            if (staticFiles.Length > 0)
                return new Finding(id, CheckStatus.Fail, Text($"The guest network configuration sets a static address ({string.Join(", ", staticFiles)}); keep DHCP on and set static addresses on the Azure NIC.", $"ゲストのネットワーク設定で静的アドレスが指定されています ({string.Join("、", staticFiles)})。DHCP を有効にし、静的アドレスは Azure の NIC 側で設定します。"), ev, SnapshotTaskStatus);
            var hasClient = client != null && !client.Equals("none", StringComparison.OrdinalIgnoreCase);
            if (hasClient || configs.Any(c => c.Mode.Equals("dhcp", StringComparison.OrdinalIgnoreCase)))
                return Pass(id, Text(hasClient ? $"A DHCP client runs ({client})." : "The network configuration uses DHCP.", hasClient ? $"DHCP クライアントが動作しています ({client})。" : "ネットワーク設定は DHCP を使っています。"), ev);
            return NotReported(id, "a DHCP client or a DHCP configuration", ev);
        }

        private static Finding LinuxProxy(GuestOutput o)
        {
            const string id = GuestCheckIds.Proxy;
            var ev = FactsEvidence(o, "proxy.env", "conf.HttpProxy.Host", "conf.HttpProxy.Port");
            var env = o.All("proxy.env").Select(f => (Name: f.Field(0, 2), Value: f.Field(1, 2))).ToArray();
            var proxies = env.Where(e => !e.Name.Equals("no_proxy", StringComparison.OrdinalIgnoreCase)).Select(e => e.Name + "=" + e.Value).ToList();
            var agentProxy = o.Value("conf.HttpProxy.Host");
            if (!string.IsNullOrWhiteSpace(agentProxy)) proxies.Add("HttpProxy.Host=" + agentProxy);
            if (o.Value("conf.file") == null)
                return NotReported(id, "the proxy settings", ev);
            if (proxies.Count == 0)
                return Pass(id, Text("No proxy is set in /etc/environment or /etc/waagent.conf.", "/etc/environment と /etc/waagent.conf にプロキシの設定はありません。"), ev);
            var noProxy = string.Join(",", env.Where(e => e.Name.Equals("no_proxy", StringComparison.OrdinalIgnoreCase)).Select(e => e.Value));
            if (WinHttpProxyParser.BypassesWireServer(noProxy))
                return Pass(id, Text($"A proxy is set ({string.Join(", ", proxies)}) and no_proxy exempts 168.63.129.16.", $"プロキシが設定されており ({string.Join("、", proxies)})、no_proxy で 168.63.129.16 が除外されています。"), ev);
            return new Finding(id, CheckStatus.Warning, Text($"A proxy is set ({string.Join(", ", proxies)}) and no_proxy does not exempt 168.63.129.16; the proxy must also allow the extension's traffic.", $"プロキシが設定されていますが ({string.Join("、", proxies)})、no_proxy で 168.63.129.16 が除外されていません。プロキシが拡張機能の通信も通す必要があります。"), ev, NoNetwork);
        }

        private static Finding FileSystems(GuestOutput o)
        {
            const string id = GuestCheckIds.FileSystems;
            var ev = FactsEvidence(o, "fs", "fs.dup", "fs.more");
            var all = o.All("fs").ToArray();
            if (all.Length == 0 || all.Length == 1 && all[0].Value == "na") return NotReported(id, "the mounted file systems", ev);
            // fs=mount|type|Filesystem state: clean
            var states = all.Select(f => (Mount: f.Field(0, 3), State: Tune2fsParser.ReadState(f.Field(2, 3)))).ToArray();
            var dups = o.All("fs.dup").Select(f => f.Value).ToArray();
            var bad = states.Where(s => s.State == FileSystemState.NotClean || s.State == FileSystemState.WithErrors).Select(s => $"{s.Mount} ({(s.State == FileSystemState.NotClean ? "not clean" : "with errors")})").ToArray();
            if (bad.Length > 0 || dups.Length > 0)
            {
                var parts = bad.Select(b => b).Concat(dups.Select(d => d + " mounted more than once")).ToArray();
                var partsJa = bad.Concat(dups.Select(d => d + " が重複してマウント")).ToArray();
                return new Finding(id, CheckStatus.Fail, Text($"File systems that can fail the freeze: {string.Join(", ", parts)}.", $"フリーズに失敗するおそれのあるファイル システム: {string.Join("、", partsJa)}。"), ev, FsFreezeFailed);
            }

            var unread = states.Where(s => s.State == FileSystemState.Unknown).Select(s => s.Mount).ToArray();
            if (unread.Length > 0 || o.Value("fs.more") != null)
                return new Finding(id, CheckStatus.Unknown, Text($"The state of some ext file systems could not be read ({string.Join(", ", unread)}).", $"一部の ext ファイル システムの状態を読み取れません ({string.Join("、", unread)})。"), ev, null);
            return Pass(id, Text($"{states.Length} ext file system(s) clean, no mount point listed twice.", $"{states.Length} 個の ext ファイル システムはクリーンで、重複したマウント ポイントはありません。"), ev);
        }

        private static Finding SELinux(GuestOutput o)
        {
            const string id = GuestCheckIds.SELinux;
            var ev = FactsEvidence(o, "selinux", "selinux.config");
            var mode = o.Value("selinux") ?? o.Value("selinux.config");
            if (string.IsNullOrWhiteSpace(mode)) return NotReported(id, "the SELinux mode", ev);
            var m = mode!.Trim();
            if (m.Equals("absent", StringComparison.OrdinalIgnoreCase))
                return new Finding(id, CheckStatus.NotApplicable, Text("SELinux is not installed.", "SELinux はインストールされていません。"), ev, null);
            if (m.Equals("Enforcing", StringComparison.OrdinalIgnoreCase))
                return new Finding(id, CheckStatus.Warning, Text("SELinux is enforcing: its policy must let the agent and the backup extension use /var/lib/waagent.", "SELinux が Enforcing です。エージェントとバックアップ拡張機能が /var/lib/waagent を使えるポリシーである必要があります。"), ev, VmNotInDesirableState);
            if (m.Equals("Permissive", StringComparison.OrdinalIgnoreCase) || m.Equals("Disabled", StringComparison.OrdinalIgnoreCase))
                return Pass(id, Text($"SELinux is {m}.", $"SELinux は {m} です。"), ev);
            return new Finding(id, CheckStatus.Unknown, Text($"SELinux reported '{m}'.", $"SELinux の状態が '{m}' です。"), ev, null);
        }

        private static Finding LinuxResources(GuestOutput o)
        {
            const string id = GuestCheckIds.Resources;
            var ev = FactsEvidence(o, "disk");
            var disks = o.All("disk").Where(d => d.Value != "na").ToArray();
            if (disks.Length == 0) return NotReported(id, "free disk space", ev);
            // disk=mount|available KiB|size KiB
            var low = disks.Where(d => TryNumber(d.Field(1, 3), out var free) && TryNumber(d.Field(2, 3), out var size) && IsLow(free * 1024, size * 1024))
                .Select(d => $"{d.Field(0, 3)} {double.Parse(d.Field(1, 3), System.Globalization.CultureInfo.InvariantCulture) / 1024:0} MB").ToArray();
            if (low.Length > 0)
                return new Finding(id, CheckStatus.Warning, Text($"Little free space where the agent and extension write: {string.Join(", ", low)} free.", $"エージェントと拡張機能が書き込む場所の空きが少なくなっています: 空き {string.Join("、", low)}。"), ev, SnapshotTaskStatus);
            return Pass(id, Text("Enough free space for the agent and the extension.", "エージェントと拡張機能に十分な空き容量があります。"), ev);
        }

        private static Finding SnapshotExtension(GuestOutput o)
        {
            const string id = GuestCheckIds.SnapshotExtension;
            var ev = FactsEvidence(o, "snapext");
            var folders = o.All("snapext").ToArray();
            if (folders.Length == 0) return NotReported(id, "the VMSnapshotLinux extension folder", ev);
            if (folders.Length == 1 && folders[0].Value == "none")
                return Pass(id, Text("The VMSnapshotLinux extension is not installed yet; the next backup installs it.", "VMSnapshotLinux 拡張機能はまだありません。次回のバックアップでインストールされます。"), ev);
            // snapext=version|status of the latest sequence|sequence number
            var latest = folders.Select(f => (Version: f.Field(0, 3), Status: f.Field(1, 3))).OrderByDescending(f => Version.TryParse(f.Version, out var v) ? v : new Version()).First();
            if (latest.Status.Equals("error", StringComparison.OrdinalIgnoreCase) || latest.Status.Equals("failed", StringComparison.OrdinalIgnoreCase))
                return new Finding(id, CheckStatus.Warning, Text($"The last operation of VMSnapshotLinux {latest.Version} ended in {latest.Status}.", $"VMSnapshotLinux {latest.Version} の最後の操作は {latest.Status} で終わりました。"), ev, ExtensionFailed);
            return Pass(id, Text($"VMSnapshotLinux {latest.Version} is installed (last status: {latest.Status}).", $"VMSnapshotLinux {latest.Version} がインストールされています (最後の状態: {latest.Status})。"), ev);
        }
    }
}
