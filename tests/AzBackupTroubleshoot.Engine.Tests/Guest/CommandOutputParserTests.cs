using System;
using System.Linq;
using AzBackupTroubleshoot.Guest;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Guest
{
    /// <summary>The parsers of real command output, whole and cut at either end.</summary>
    public sealed class CommandOutputParserTests
    {
        private const string VssAdmin = @"vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool
(C) Copyright 2001-2013 Microsoft Corp.

Writer name: 'Task Scheduler Writer'
   Writer Id: {d61d61c8-d73a-4eee-8cdd-f6f9786b7124}
   Writer Instance Id: {1bddd48e-5052-49db-9b07-b96f96727e6b}
   State: [1] Stable
   Last error: No error

Writer name: 'SqlServerWriter'
   Writer Id: {a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}
   Writer Instance Id: {3fd8ae52-e1c5-4a4b-9a8c-2b8f4f54a1f1}
   State: [8] Failed
   Last error: Non-retryable error

Writer name: 'System Writer'
   Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}
   Writer Instance Id: {7848396d-00b1-47cd-8ba9-769b7ce402d2}
   State: [1] Stable
   Last error: Timed out

Writer name: 'Registry Writer'
   Writer Id: {afbab4a2-367d-4d15-a586-71dbb18f8485}
   Writer Instance Id: {e87ba7e3-f8d8-42d8-b2ee-c76ae26b98e8}
   State: [1] Stable
   Last error: No error
";

        private const string VssAdminJapanese = @"vssadmin 1.1 - ボリューム シャドウ コピー サービス管理コマンドライン ツール
(C) Copyright 2001-2013 Microsoft Corp.

ライター名: 'Task Scheduler Writer'
   ライター ID: {d61d61c8-d73a-4eee-8cdd-f6f9786b7124}
   ライター インスタンス ID: {1bddd48e-5052-49db-9b07-b96f96727e6b}
   状態: [1] 安定
   最後のエラー: エラーなし

ライター名: 'WMI Writer'
   ライター ID: {a6ad56c2-b509-4e6c-bb19-49d8f43532f0}
   ライター インスタンス ID: {2b7c6c3e-5f8a-4d7e-9c2a-1f0e3d4b5a69}
   状態: [9] 失敗
   最後のエラー: 再試行できないエラー
";

        [Fact]
        public void Vssadmin_output_gives_every_writer_with_its_state_and_last_error()
        {
            var writers = VssAdminParser.Parse(VssAdmin);
            Assert.Equal(new[] { "Task Scheduler Writer", "SqlServerWriter", "System Writer", "Registry Writer" }, writers.Select(w => w.Name));
            var sql = writers[1];
            Assert.Equal(8, sql.StateCode);
            Assert.Equal("Failed", sql.StateText);
            Assert.Equal("Non-retryable error", sql.LastError);
            Assert.False(sql.IsStable);
            Assert.True(writers[2].IsStable);
            Assert.True(writers[2].HasError);
            Assert.False(writers[3].HasError);
            Assert.All(writers, w => Assert.True(w.IsKnown));
        }

        [Fact]
        public void Japanese_vssadmin_output_is_read_by_the_state_number()
        {
            var writers = VssAdminParser.Parse(VssAdminJapanese);
            Assert.Equal(2, writers.Count);
            Assert.True(writers[0].IsStable);
            Assert.False(writers[0].HasError);
            Assert.Equal(9, writers[1].StateCode);
            Assert.True(writers[1].HasError);
        }

        [Fact]
        public void Vssadmin_output_cut_at_the_end_leaves_the_last_writer_unknown()
        {
            var cut = VssAdmin.Substring(0, VssAdmin.LastIndexOf("State: [1] Stable", StringComparison.Ordinal) + 4);
            var writers = VssAdminParser.Parse(cut);
            var last = writers.Last();
            Assert.Equal("Registry Writer", last.Name);
            Assert.False(last.IsKnown);
            Assert.Null(last.StateCode);
        }

        [Fact]
        public void Vssadmin_output_cut_at_the_start_drops_the_headless_block()
        {
            var cut = VssAdmin.Substring(VssAdmin.IndexOf("Instance Id: {3fd8", StringComparison.Ordinal));
            var writers = VssAdminParser.Parse(cut);
            Assert.Equal(new[] { "System Writer", "Registry Writer" }, writers.Select(w => w.Name));
        }

        [Fact]
        public void Garbage_is_no_writer_at_all()
        {
            Assert.Empty(VssAdminParser.Parse("Error: You don't have the correct permissions to run this command.  Please run this utility from a command\nwindow that has elevated administrator privileges."));
            Assert.Empty(VssAdminParser.Parse(null));
        }

        private const string Tune2fs = @"tune2fs 1.46.5 (30-Dec-2021)
Filesystem volume name:   cloudimg-rootfs
Last mounted on:          /
Filesystem UUID:          6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b
Filesystem magic number:  0xEF53
Filesystem revision #:    1 (dynamic)
Filesystem features:      has_journal ext_attr resize_inode dir_index filetype needs_recovery extent 64bit flex_bg sparse_super large_file huge_file dir_nlink extra_isize metadata_csum
Filesystem flags:         signed_directory_hash 
Default mount options:    user_xattr acl
Filesystem state:         clean
Errors behavior:          Continue
Filesystem OS type:       Linux
Inode count:              3870720
Block count:              7745531
";

        [Theory]
        [InlineData("clean", FileSystemState.Clean)]
        [InlineData("not clean", FileSystemState.NotClean)]
        [InlineData("clean with errors", FileSystemState.WithErrors)]
        [InlineData("not clean with errors", FileSystemState.WithErrors)]
        public void Tune2fs_state_is_read_from_the_whole_output(string state, FileSystemState expected)
        {
            var text = Tune2fs.Replace("Filesystem state:         clean", "Filesystem state:         " + state);
            Assert.Equal(expected, Tune2fsParser.ReadState(text));
            Assert.Equal("/", Tune2fsParser.Parse(text)["Last mounted on"]);
            Assert.Equal("0xEF53", Tune2fsParser.Parse(text)["Filesystem magic number"]);
        }

        [Theory]
        [InlineData("Filesystem state: clean", FileSystemState.Clean)]
        [InlineData("Filesystem state: not clean", FileSystemState.NotClean)]
        [InlineData("Filesystem state: cle", FileSystemState.Unknown)]
        [InlineData("Filesystem state:", FileSystemState.Unknown)]
        [InlineData("tune2fs: Bad magic number in super-block while trying to open /dev/sdc1", FileSystemState.Unknown)]
        [InlineData("", FileSystemState.Unknown)]
        public void A_state_line_alone_or_cut_is_read_without_guessing(string text, FileSystemState expected)
        {
            Assert.Equal(expected, Tune2fsParser.ReadState(text));
        }

        [Fact]
        public void Tune2fs_output_cut_before_the_state_line_is_unknown()
        {
            var cut = Tune2fs.Substring(0, Tune2fs.IndexOf("Filesystem state", StringComparison.Ordinal) + 12);
            Assert.Equal(FileSystemState.Unknown, Tune2fsParser.ReadState(cut));
        }

        [Fact]
        public void Waagent_version_gives_the_daemon_and_the_goal_state_agent()
        {
            var v = WaagentVersionParser.Parse("WALinuxAgent-2.2.45 running on ubuntu 18.04\nPython: 3.6.9\nGoal state agent: 2.2.53.1\n");
            Assert.Equal(new Version(2, 2, 45), v.Daemon);
            Assert.Equal(new Version(2, 2, 53, 1), v.GoalState);
            Assert.Equal(new Version(2, 2, 53, 1), v.Effective);
        }

        [Fact]
        public void An_old_waagent_without_a_goal_state_line_is_judged_by_its_daemon()
        {
            var v = WaagentVersionParser.Parse("WALinuxAgent-2.0.16 running on centos 6.10\r\nPython: 2.6.6\r\n");
            Assert.Null(v.GoalState);
            Assert.Equal(new Version(2, 0, 16), v.Effective);
        }

        [Fact]
        public void A_waagent_version_cut_in_its_last_line_is_not_trusted()
        {
            // "Goal state agent: 2.2.5" could be the start of 2.2.53.1: without its line break it says nothing.
            var v = WaagentVersionParser.Parse("WALinuxAgent-2.2.45 running on ubuntu 18.04\nPython: 3.6.9\nGoal state agent: 2.2.5");
            Assert.Null(v.GoalState);
            Assert.Equal(new Version(2, 2, 45), v.Daemon);
            Assert.Null(WaagentVersionParser.Parse("WALinuxAgent-2.2").Effective);
            Assert.Null(WaagentVersionParser.Parse("bash: waagent: command not found\n").Effective);
        }

        private const string ScQuery = @"
SERVICE_NAME: MSDTC
        TYPE               : 10  WIN32_OWN_PROCESS
        STATE              : 4  RUNNING
                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)
        WIN32_EXIT_CODE    : 0  (0x0)
        SERVICE_EXIT_CODE  : 0  (0x0)
        CHECKPOINT         : 0x0
        WAIT_HINT          : 0x0
";

        private const string ScQc = @"[SC] QueryServiceConfig SUCCESS

SERVICE_NAME: MSDTC
        TYPE               : 10  WIN32_OWN_PROCESS
        START_TYPE         : 2   AUTO_START  (DELAYED)
        ERROR_CONTROL      : 1   NORMAL
        BINARY_PATH_NAME   : C:\Windows\System32\msdtc.exe
        LOAD_ORDER_GROUP   :
        TAG                : 0
        DISPLAY_NAME       : Distributed Transaction Coordinator
        DEPENDENCIES       : RPCSS
                           : SamSS
        SERVICE_START_NAME : NT AUTHORITY\NetworkService
";

        [Fact]
        public void Sc_query_and_qc_give_state_start_type_and_account()
        {
            var s = ServiceControlParser.Parse("MSDTC", ScQuery + ScQc);
            Assert.True(s.Exists);
            Assert.Equal(ServiceRunState.Running, s.State);
            Assert.Equal(ServiceStart.Automatic, s.Start);
            Assert.Equal(@"NT AUTHORITY\NetworkService", s.Account);
        }

        [Theory]
        [InlineData("STATE              : 1  STOPPED", ServiceRunState.Stopped)]
        [InlineData("STATE              : 2  START_PENDING", ServiceRunState.Pending)]
        [InlineData("STATE              : 3  STOP_PENDING", ServiceRunState.Pending)]
        [InlineData("STATE              : 7  PAUSED", ServiceRunState.Paused)]
        [InlineData("STATE              : ", ServiceRunState.Unknown)]
        public void Sc_states_are_read_by_number(string line, ServiceRunState expected)
        {
            Assert.Equal(expected, ServiceControlParser.Parse("VSS", line).State);
        }

        [Fact]
        public void Sc_for_a_missing_service_says_it_does_not_exist()
        {
            var s = ServiceControlParser.Parse("IaasVmProvider", "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n");
            Assert.False(s.Exists);
        }

        [Fact]
        public void Sc_output_cut_before_its_values_knows_nothing()
        {
            var cut = ScQc.Substring(0, ScQc.IndexOf("START_TYPE", StringComparison.Ordinal) + 5);
            var s = ServiceControlParser.Parse("MSDTC", cut);
            Assert.Null(s.Exists);
            Assert.Equal(ServiceStart.Unknown, s.Start);
            Assert.Null(s.Account);
            Assert.Equal(ServiceStart.Disabled, ServiceControlParser.Parse("COMSysApp", "        START_TYPE         : 4   DISABLED").Start);
        }

        [Fact]
        public void Netsh_winhttp_direct_and_proxy_in_english_and_japanese()
        {
            Assert.True(WinHttpProxyParser.Parse("\nCurrent WinHTTP proxy settings:\n\n    Direct access (no proxy server).\n\n").IsDirect);
            Assert.True(WinHttpProxyParser.Parse("現在の WinHTTP プロキシ設定:\n\n    直接アクセス (プロキシ サーバーなし)。\n").IsDirect);
            var raw = WinHttpProxyParser.Parse("\nCurrent WinHTTP proxy settings:\n\n    Proxy Server(s) :  10.0.0.9:3128\n    Bypass List     :  <local>;168.63.129.16\n");
            Assert.False(raw.IsDirect);
            Assert.Equal("10.0.0.9:3128", raw.Server);
            Assert.True(WinHttpProxyParser.BypassesWireServer(raw.Bypass));
            var compact = WinHttpProxyParser.Parse("Proxy Server(s) : 10.0.0.9:3128 ; Bypass List : <local>");
            Assert.Equal("10.0.0.9:3128", compact.Server);
            Assert.False(WinHttpProxyParser.BypassesWireServer(compact.Bypass));
            var ja = WinHttpProxyParser.Parse("現在の WinHTTP プロキシ設定:\n\n    プロキシ サーバー:  proxy:8080\n    バイパス一覧     :  168.63.*\n");
            Assert.Equal("proxy:8080", ja.Server);
            Assert.True(WinHttpProxyParser.BypassesWireServer(ja.Bypass));
            Assert.Null(WinHttpProxyParser.Parse("Current WinHTTP proxy sett").IsDirect);
        }
    }
}
