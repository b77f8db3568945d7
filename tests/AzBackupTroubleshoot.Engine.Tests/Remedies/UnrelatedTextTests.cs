using AzBackupTroubleshoot.Remedies;
using Xunit;

namespace AzBackupTroubleshoot.Engine.Tests.Remedies
{
    /// <summary>Text that is not an Azure VM backup error gets no remedy rather than a wrong one.</summary>
    public class UnrelatedTextTests
    {
        private readonly RemedyCatalog _catalog = RemedyCatalog.LoadDefault();

        [Theory]
        // Generic Azure Resource Manager errors.
        [InlineData("The client 'admin@contoso.com' with object id '3f2d7c1e-9a8b-4c5d-8e7f-1a2b3c4d5e6f' does not have authorization to perform action 'Microsoft.Compute/virtualMachines/read' over scope '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590' or the scope is invalid.")]
        [InlineData("ResourceNotFound: The Resource 'Microsoft.Compute/virtualMachines/vm1' under resource group 'rg1' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix")]
        [InlineData("OperationNotAllowed: Operation could not be completed as it results in exceeding approved standardDSv3Family Cores quota.")]
        [InlineData("The subscription '0b1f6471-1bf0-4dda-aec3-cb9272f09590' could not be found.")]
        [InlineData("Operation was throttled. Too many requests, retry after 17 seconds.")]
        [InlineData("InvalidTemplateDeployment: The template deployment failed because of policy violation.")]
        [InlineData("Allocation failed. We do not have sufficient capacity for the requested VM size in this region.")]
        // PowerShell errors.
        [InlineData("Run Connect-AzAccount to login.")]
        [InlineData("The term 'Get-AzRecoveryServicesVault' is not recognized as the name of a cmdlet, function, script file, or operable program.")]
        [InlineData("Cannot bind argument to parameter 'Name' because it is an empty string.")]
        [InlineData("Access is denied.")]
        // Other products' backup errors.
        [InlineData("Windows Server Backup failed to create the shadow copy on the storage location.")]
        [InlineData("Veeam: Processing vm01 Error: Failed to create snapshot: Insufficient disk space on datastore.")]
        [InlineData("AWS Backup job failed: The IAM role does not have permission to call ec2:CreateSnapshot.")]
        [InlineData("The backup operation for database 'sales' failed: the transaction log is full.")]
        [InlineData("error")]
        [InlineData("backup failed")]
        [InlineData("failed")]
        [InlineData("12345")]
        // Japanese that is not a backup error.
        [InlineData("仮想マシンの作成に失敗しました")]
        [InlineData("サブスクリプションが見つかりません。")]
        [InlineData("アクセスが拒否されました。")]
        [InlineData("このコマンドを実行する権限がありません")]
        [InlineData("バックアップに失敗しました")]
        [InlineData("ストレージ アカウントの作成に失敗しました")]
        public void Resolves_to_nothing(string text)
        {
            var matches = _catalog.Match(text);
            Assert.True(matches.Count == 0, $"'{text}' matched {(matches.Count > 0 ? matches[0].ToString() : "")}");
        }

        [Fact]
        public void Empty_input_resolves_to_nothing()
        {
            Assert.Empty(_catalog.Match(""));
            Assert.Empty(_catalog.Match("   "));
            Assert.Empty(_catalog.Match(new RemedyQuery()));
        }
    }
}
