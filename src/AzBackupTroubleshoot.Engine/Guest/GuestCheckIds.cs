namespace AzBackupTroubleshoot.Guest
{
    /// <summary>
    /// The check ids the in-guest findings use; each is a Guest check of CheckCatalog (a test holds them to it).
    /// </summary>
    public static class GuestCheckIds
    {
        public const string AgentService = "Guest.AgentService";
        public const string WireServer = "Guest.WireServer";
        public const string Dhcp = "Guest.Dhcp";
        public const string Proxy = "Guest.Proxy";
        public const string WaagentConf = "Guest.WaagentConf";
        public const string IaasVmProvider = "Guest.IaasVmProvider";
        public const string VssWriters = "Guest.VssWriters";
        public const string VssService = "Guest.VssService";
        public const string ComPlus = "Guest.ComPlus";
        public const string Msdtc = "Guest.Msdtc";
        public const string MachineKeys = "Guest.MachineKeys";
        public const string StrongCrypto = "Guest.StrongCrypto";
        public const string WindowsInstaller = "Guest.WindowsInstaller";
        public const string BitLocker = "Guest.BitLocker";
        public const string FileSystems = "Guest.FileSystems";
        public const string SqlVssCopyBackup = "Guest.SqlVssCopyBackup";
        public const string Resources = "Guest.Resources";

        public const string AgentVersion = "Guest.AgentVersion";
        public const string AppControl = "Guest.AppControl";
        public const string SELinux = "Guest.SELinux";
        public const string SnapshotExtension = "Guest.SnapshotExtension";
    }
}
