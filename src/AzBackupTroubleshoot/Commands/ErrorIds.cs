namespace AzBackupTroubleshoot.Commands
{
    /// <summary>
    /// Every FullyQualifiedErrorId the cmdlets write (before the ",Command" suffix PowerShell adds). They are
    /// stable: scripts match on them, and about_AzBackupTroubleshoot lists each one (a test holds it to that).
    /// </summary>
    public static class ErrorIds
    {
        // Sign-in (terminating).
        public const string AzAccountsNotFound = "AzAccountsNotFound";
        public const string AzNotSignedIn = "AzNotSignedIn";
        public const string AzContextWithoutResourceManager = "AzContextWithoutResourceManager";
        public const string AzAccessTokenMissing = "AzAccessTokenMissing";
        public const string AzLoginFailed = "AzLoginFailed";

        // Input.
        public const string InvalidResourceId = "InvalidResourceId";
        public const string InvalidSubscriptionId = "InvalidSubscriptionId";
        public const string NameWithoutResourceGroup = "NameWithoutResourceGroup";
        public const string UnknownCheckId = "UnknownCheckId";
        public const string GuestCheckNeedsInGuest = "GuestCheckNeedsInGuest";
        public const string OptionNeedsTriggerBackup = "OptionNeedsTriggerBackup";
        public const string RetainUntilInPast = "RetainUntilInPast";

        // Azure Resource Manager.
        public const string ArmNotReachable = "ArmNotReachable";
        public const string VmNotReadable = "VmNotReadable";
        public const string ScopeNotReadable = "ScopeNotReadable";
        public const string ReadinessScanFailed = "ReadinessScanFailed";
        public const string RepairFailed = "RepairFailed";

        // The remedy catalog.
        public const string RemedyNotFound = "RemedyNotFound";
        public const string RemedyCodeNotFound = "RemedyCodeNotFound";
    }
}
