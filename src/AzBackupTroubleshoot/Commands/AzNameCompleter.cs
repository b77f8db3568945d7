using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using AzBackupTroubleshoot.Arm;
using AzBackupTroubleshoot.Hosting;
using AzBackupTroubleshoot.Inventory;

namespace AzBackupTroubleshoot.Commands
{
    /// <summary>
    /// Tab completion of resource groups and VM names from the user's Az login: one VM listing of the
    /// current subscription, kept for two minutes, given three seconds at most. Any failure (not signed
    /// in, no network, no permission) completes nothing and says nothing: a completer never errors.
    /// </summary>
    public abstract class AzNameCompleter : IArgumentCompleter
    {
        public const string CacheSecondsVariable = "AZBACKUPTROUBLESHOOT_COMPLETION_CACHE_SECONDS";
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);
        private static readonly ConcurrentDictionary<string, CachedNames> Cache = new ConcurrentDictionary<string, CachedNames>(StringComparer.OrdinalIgnoreCase);

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var quote = wordToComplete?.StartsWith("'", StringComparison.Ordinal) == true ? "'" : "";
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            IReadOnlyList<VmName> vms;
            try
            {
                vms = VmNames(fakeBoundParameters?["DefaultProfile"]);
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }

            return Candidates(vms, fakeBoundParameters)
                .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .Select(n => new CompletionResult(Quoted(n, quote), n, CompletionResultType.ParameterValue, n))
                .ToArray();
        }

        private protected abstract IEnumerable<string> Candidates(IReadOnlyList<VmName> vms, IDictionary? bound);

        private static string Quoted(string name, string quote) =>
            quote.Length > 0 || name.IndexOfAny(new[] { ' ', '(', ')', '\'', '$', '#', '&' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;

        private static IReadOnlyList<VmName> VmNames(object? defaultProfile)
        {
            var session = AzSession.ForCompletion(defaultProfile, "en");
            var login = session.ReadContext();
            var key = login.ResourceManagerUrl.AbsoluteUri + "|" + login.SubscriptionId;
            if (Cache.TryGetValue(key, out var cached) && DateTimeOffset.UtcNow - cached.At < CacheLifetime()) return cached.Names;

            using var token = session.ReadToken();
            var options = new ArmConnectionOptions { MaxRetries = 0, NetworkTimeout = Budget };
            var pinned = Environment.GetEnvironmentVariable(ArmPipelineSession.TrustedThumbprintVariable);
            if (!string.IsNullOrWhiteSpace(pinned) && login.ResourceManagerUrl.IsLoopback) options.TrustedServerCertificateThumbprint = pinned;
            using var connection = new ArmConnection(new ArmEndpoint(login.ResourceManagerUrl, login.Audience), new FixedTokenSource(token), options);
            using var timeout = new CancellationTokenSource(Budget);
            var names = Task.Run(() => VmDirectory.ListAsync(connection, login.SubscriptionId, timeout.Token)).GetAwaiter().GetResult();
            Cache[key] = new CachedNames(names, DateTimeOffset.UtcNow);
            return names;
        }

        private static TimeSpan CacheLifetime()
        {
            var value = Environment.GetEnvironmentVariable(CacheSecondsVariable);
            return int.TryParse(value, out var seconds) && seconds >= 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(2);
        }

        private sealed class CachedNames
        {
            public CachedNames(IReadOnlyList<VmName> names, DateTimeOffset at)
            {
                Names = names;
                At = at;
            }

            public IReadOnlyList<VmName> Names { get; }
            public DateTimeOffset At { get; }
        }

        /// <summary>The token read once on the pipeline thread; a completion is over long before it expires.</summary>
        private sealed class FixedTokenSource : IAccessTokenSource
        {
            private readonly ArmAccessToken _token;

            public FixedTokenSource(AzToken token) => _token = new ArmAccessToken(token.Reveal(), token.ExpiresOn);

            public ValueTask<ArmAccessToken> GetTokenAsync(CancellationToken cancellationToken) => new ValueTask<ArmAccessToken>(_token);
        }
    }

    /// <summary>-ResourceGroupName: the groups of the current subscription that hold VMs.</summary>
    public sealed class ResourceGroupNameCompleter : AzNameCompleter
    {
        private protected override IEnumerable<string> Candidates(IReadOnlyList<VmName> vms, IDictionary? bound) => vms.Select(v => v.ResourceGroup);
    }

    /// <summary>-Name: the VMs of -ResourceGroupName when it is given, else of the whole subscription.</summary>
    public sealed class VmNameCompleter : AzNameCompleter
    {
        private protected override IEnumerable<string> Candidates(IReadOnlyList<VmName> vms, IDictionary? bound)
        {
            var group = bound?["ResourceGroupName"] as string;
            return vms.Where(v => string.IsNullOrEmpty(group) || string.Equals(v.ResourceGroup, group, StringComparison.OrdinalIgnoreCase)).Select(v => v.Name);
        }
    }
}
