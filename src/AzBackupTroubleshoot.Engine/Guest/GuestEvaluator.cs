using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Readiness;

namespace AzBackupTroubleshoot.Guest
{
    /// <summary>
    /// Turns what a guest script printed into findings, one per guest check of that OS. Pure: same
    /// output, same findings. Output that did not arrive whole never yields a Pass: a check that
    /// would pass says Unknown instead, with the reason; Fail and Warning still stand, since the
    /// lines they rest on did arrive.
    /// </summary>
    public static partial class GuestEvaluator
    {
        // Remedy codes of remedy-catalog.json the guest findings point to.
        internal const string AgentUnavailable = "UserErrorGuestAgentStatusUnavailable";
        internal const string SnapshotTaskStatus = "GuestAgentSnapshotTaskStatusError";
        internal const string LinuxAgentUnsupported = "UserErrorGuestAgentVersionUnsupported";
        internal const string NoNetwork = "ExtensionSnapshotFailedNoNetwork";
        internal const string VssWriterBad = "ExtensionFailedVssWriterInBadState";
        internal const string VssServiceBad = "ExtensionFailedVssServiceInBadState";
        internal const string ComPlusFailed = "ExtensionSnapshotFailedCOM";
        internal const string MsdtcFailed = "ExtensionInstallationFailedMDTC";
        internal const string MachineKeysBad = "ExtensionConfigParsingFailure";
        internal const string NoSecureNetwork = "ExtensionSnapshotFailedNoSecureNetwork";
        internal const string InstallerDisabled = "ExtensionVCRedistInstallationFailure";
        internal const string BitLockerLocked = "ExtensionSnapshotBitlockerError";
        internal const string OutOfMemory = "ExtensionFailedOutOfMemoryError";
        internal const string FsFreezeFailed = "UserErrorFsFreezeFailed";
        internal const string VmNotInDesirableState = "UserErrorVmNotInDesirableState";
        internal const string ExtensionFailed = "ExtensionOperationFailedForManagedDisks";

        /// <summary>Every remedy code a guest finding can carry.</summary>
        internal static readonly string[] RemedyCodes =
        {
            AgentUnavailable, SnapshotTaskStatus, LinuxAgentUnsupported, NoNetwork, VssWriterBad, VssServiceBad, ComPlusFailed, MsdtcFailed,
            MachineKeysBad, NoSecureNetwork, InstallerDisabled, BitLockerLocked, OutOfMemory, FsFreezeFailed, VmNotInDesirableState, ExtensionFailed,
        };

        private sealed class GuestCheck
        {
            public GuestCheck(string id, string[] probes, Func<GuestOutput, Finding> run, bool needsWholeOutput = false)
            {
                Id = id;
                Probes = probes;
                Run = run;
                NeedsWholeOutput = needsWholeOutput;
            }

            /// <summary>
            /// The check also judges by lines that are absent (a missing permission, a missing no_proxy),
            /// so on output that did not arrive whole even its Fail or Warning is not trusted.
            /// </summary>
            public bool NeedsWholeOutput { get; }

            public string Id { get; }
            /// <summary>The script's probe names whose "err=" lines explain a missing fact.</summary>
            public string[] Probes { get; }
            public Func<GuestOutput, Finding> Run { get; }
        }

        /// <summary>The check ids judged for a guest of this OS, in report order.</summary>
        public static IReadOnlyList<string> ChecksFor(GuestOs os) => Checks(os).Select(c => c.Id).ToArray();

        /// <summary>Reads the raw standard output of a guest script and judges it.</summary>
        public static IReadOnlyList<Finding> Evaluate(GuestOs os, string? scriptOutput, CheckSelection? selection = null) =>
            Evaluate(os, GuestOutputParser.Parse(scriptOutput), selection);

        public static IReadOnlyList<Finding> Evaluate(GuestOs os, GuestOutput output, CheckSelection? selection = null)
        {
            if (output == null) throw new ArgumentNullException(nameof(output));
            selection ??= CheckSelection.All;
            var expected = os == GuestOs.Linux ? "linux" : "windows";
            if (output.HasHeader && !output.IsSupportedFormat || output.Facts.Count == 0)
                return Unknown(os, output.Problem ?? Text("The guest script reported no facts.", "ゲスト スクリプトが何も報告しませんでした。"), OutputEvidence(output), selection);
            if (output.Os != null && output.Os != expected)
                return Unknown(os, Text($"The guest output is from the {output.Os} script, not the {expected} one.", $"ゲスト出力は {expected} ではなく {output.Os} 用スクリプトのものです。"), OutputEvidence(output), selection);

            var findings = new List<Finding>();
            foreach (var check in Checks(os))
            {
                if (!selection.Includes(check.Id)) continue;
                Finding finding;
                try
                {
                    finding = check.Run(output);
                }
                catch (Exception e) when (e is FormatException || e is OverflowException || e is ArgumentException || e is IndexOutOfRangeException)
                {
                    // A value no probe should print: judge nothing from it.
                    finding = new Finding(check.Id, CheckStatus.Unknown, Text("The guest reported a value that could not be read.", "ゲストが読み取れない値を報告しました。"), Ev(("error", e.Message)), null);
                }

                if (finding.Status == CheckStatus.Unknown) finding = WithProbeErrors(finding, output, check.Probes);
                if (!output.IsComplete) finding = Distrust(finding, output, check.NeedsWholeOutput);
                findings.Add(finding);
            }

            return findings;
        }

        /// <summary>One Unknown finding per guest check of the OS, for a guest that could not be asked (agent not Ready, transport failed, timeout).</summary>
        public static IReadOnlyList<Finding> Unknown(GuestOs os, LocalizedText reason, IReadOnlyDictionary<string, string?>? evidence = null, CheckSelection? selection = null)
        {
            if (reason == null) throw new ArgumentNullException(nameof(reason));
            selection ??= CheckSelection.All;
            return Checks(os).Where(c => selection.Includes(c.Id))
                .Select(c => new Finding(c.Id, CheckStatus.Unknown, reason, evidence ?? Ev(), null))
                .ToArray();
        }

        private static IReadOnlyList<GuestCheck> Checks(GuestOs os) => os == GuestOs.Linux ? LinuxChecks : WindowsChecks;

        private static Finding Distrust(Finding finding, GuestOutput output, bool evenFlags)
        {
            if (finding.Status == CheckStatus.Unknown) return finding;
            if (!evenFlags && finding.Status != CheckStatus.Pass && finding.Status != CheckStatus.NotApplicable) return finding;
            var problem = output.Problem ?? Text("The guest output is incomplete.", "ゲスト出力が不完全です。");
            var evidence = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var kv in finding.Evidence) evidence[kv.Key] = kv.Value;
            evidence["output.problem"] = problem.English;
            evidence["output.tail"] = output.Tail;
            return new Finding(finding.CheckId, CheckStatus.Unknown,
                Text($"Not confirmed: {problem.English} It looked like: {finding.Message.English}", $"確認できません: {problem.Japanese} 読み取れた範囲では: {finding.Message.Japanese}"),
                evidence, null);
        }

        private static Finding WithProbeErrors(Finding finding, GuestOutput output, string[] probes)
        {
            var errors = output.All("err").Where(e => probes.Contains(e.Field(0, 2), StringComparer.OrdinalIgnoreCase)).ToArray();
            if (errors.Length == 0) return finding;
            var evidence = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var kv in finding.Evidence) evidence[kv.Key] = kv.Value;
            foreach (var e in errors) evidence["err." + e.Field(0, 2)] = e.Field(1, 2);
            return new Finding(finding.CheckId, finding.Status, finding.Message, evidence, finding.RemedyCode);
        }

        private static IReadOnlyDictionary<string, string?> OutputEvidence(GuestOutput output) => Ev(
            ("output.header", output.HasHeader ? $"AZBT-GUEST {output.FormatVersion?.ToString(CultureInfo.InvariantCulture) ?? "?"} {output.Os}" : null),
            ("output.facts", output.Facts.Count.ToString(CultureInfo.InvariantCulture)),
            ("output.declared", output.DeclaredCount?.ToString(CultureInfo.InvariantCulture)),
            ("output.tail", output.Tail));

        // ---- small helpers shared by the Windows and Linux checks ----

        private static LocalizedText Text(string en, string ja) => new LocalizedText(en, ja);

        private static IReadOnlyDictionary<string, string?> Ev(params (string Key, string? Value)[] items)
        {
            var d = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (k, v) in items)
            {
                if (!d.ContainsKey(k)) d[k] = v;
            }

            return d;
        }

        private static IReadOnlyDictionary<string, string?> FactsEvidence(GuestOutput o, params string[] keys)
        {
            var d = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var values = o.All(key).Select(f => f.Value).ToArray();
                if (values.Length == 1) d[key] = values[0];
                else for (var i = 0; i < values.Length; i++) d[$"{key}[{i}]"] = values[i];
            }

            return d;
        }

        private static Finding Pass(string id, LocalizedText text, IReadOnlyDictionary<string, string?> ev) => new Finding(id, CheckStatus.Pass, text, ev, null);

        private static Finding NotReported(string id, string what, IReadOnlyDictionary<string, string?> ev) =>
            new Finding(id, CheckStatus.Unknown, Text($"The guest script did not report {what}.", $"ゲスト スクリプトが {what} を報告しませんでした。"), ev, null);

        /// <summary>"1" reachable, "0" not, anything else not known; the rest of the value says how it was tried.</summary>
        private static Finding WireServer(GuestOutput o, string unreachableRemedy)
        {
            var ev = FactsEvidence(o, "wire.80", "wire.32526");
            var ports = new[] { "80", "32526" };
            var values = ports.Select(p => o.First("wire." + p)?.Field(0, 2)).ToArray();
            if (values.All(v => v == null)) return NotReported(GuestCheckIds.WireServer, "whether 168.63.129.16 answers", ev);
            var blocked = ports.Where((p, i) => values[i] == "0").ToArray();
            if (blocked.Length > 0)
                return new Finding(GuestCheckIds.WireServer, CheckStatus.Fail,
                    Text($"The guest cannot reach 168.63.129.16 on port {string.Join(" and ", blocked)}: a guest firewall or route blocks the agent's channel.", $"ゲストから 168.63.129.16 のポート {string.Join("、", blocked)} に到達できません。ゲストのファイアウォールかルートがエージェントの通信を妨げています。"),
                    ev, unreachableRemedy);
            if (values.Any(v => v != "1"))
                return new Finding(GuestCheckIds.WireServer, CheckStatus.Unknown, Text("Reachability of 168.63.129.16 could not be tested on every port.", "168.63.129.16 への到達性をすべてのポートで確認できませんでした。"), ev, null);
            return Pass(GuestCheckIds.WireServer, Text("168.63.129.16 answers on ports 80 and 32526.", "168.63.129.16 はポート 80 と 32526 で応答します。"), ev);
        }

        /// <summary>Free space: below 5 percent or 1 GiB is too little for snapshots, logs and status files.</summary>
        private static bool IsLow(double free, double size) => size > 0 && (free / size < 0.05 || free < 1024 * 1024 * 1024.0);

        private static bool TryNumber(string? text, out double value) =>
            double.TryParse((text ?? "").Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
