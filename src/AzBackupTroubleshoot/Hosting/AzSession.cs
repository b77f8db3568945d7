using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using AzBackupTroubleshoot.Commands;

namespace AzBackupTroubleshoot.Hosting
{
    /// <summary>The user's Az login as the module needs it: where Resource Manager is, which subscription, a token.</summary>
    internal sealed class AzLogin
    {
        public AzLogin(string subscriptionId, string? tenantId, Uri resourceManagerUrl, string? audience)
        {
            SubscriptionId = subscriptionId;
            TenantId = tenantId;
            ResourceManagerUrl = resourceManagerUrl;
            Audience = audience;
        }

        public string SubscriptionId { get; }
        public string? TenantId { get; }
        public Uri ResourceManagerUrl { get; }
        /// <summary>The token audience of the context's environment (ActiveDirectoryServiceEndpointResourceId).</summary>
        public string? Audience { get; }
    }

    /// <summary>A token from Get-AzAccessToken, kept as a SecureString until the moment a request needs it.</summary>
    internal sealed class AzToken : IDisposable
    {
        public AzToken(SecureString value, DateTimeOffset expiresOn)
        {
            Value = value;
            ExpiresOn = expiresOn;
        }

        public SecureString Value { get; }
        public DateTimeOffset ExpiresOn { get; }

        /// <summary>The token as text, for the Authorization header only.</summary>
        public string Reveal()
        {
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(Value);
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        public void Dispose() => Value.Dispose();
    }

    /// <summary>
    /// Runs Get-AzContext and Get-AzAccessToken in the user's session. Must be called on the pipeline
    /// thread. Functions of the same names defined by the user (the demo does this) take precedence,
    /// as they would for any command.
    /// </summary>
    internal sealed class AzSession
    {
        private readonly Func<string, CommandInfo?> _findCommand;
        private readonly object? _defaultProfile;
        private readonly string _language;

        public AzSession(PSCmdlet cmdlet, object? defaultProfile, string language)
            : this(name => cmdlet.InvokeCommand.GetCommand(name, CommandTypes.All), defaultProfile, language)
        {
        }

        private AzSession(Func<string, CommandInfo?> findCommand, object? defaultProfile, string language)
        {
            _findCommand = findCommand;
            _defaultProfile = defaultProfile;
            _language = language;
        }

        /// <summary>
        /// Outside a cmdlet (an argument completer, on the pipeline thread of a running pipeline): commands are
        /// found with a nested Get-Command, since the runspace's SessionStateProxy refuses calls while a pipeline runs.
        /// </summary>
        public static AzSession ForCompletion(object? defaultProfile, string language) => new AzSession(name =>
        {
            using (var shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                shell.AddCommand("Get-Command").AddParameter("Name", name).AddParameter("ErrorAction", "Ignore");
                var found = shell.Invoke();
                return found.Count == 0 ? null : found[0].BaseObject as CommandInfo;
            }
        }, defaultProfile, language);

        public AzLogin ReadContext()
        {
            var context = Run("Get-AzContext", supportsSecure: false);
            var subscription = PSObjectReader.String(PSObjectReader.Property(context, "Subscription"), "Id");
            if (context == null || PSObjectReader.Property(context, "Account") == null || string.IsNullOrWhiteSpace(subscription))
            {
                throw Terminating(CmdletText.NotSignedIn(_language), ErrorIds.AzNotSignedIn, ErrorCategory.AuthenticationError);
            }

            var environment = PSObjectReader.Property(context, "Environment");
            var url = PSObjectReader.String(environment, "ResourceManagerUrl");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var resourceManager))
            {
                throw Terminating(CmdletText.NoResourceManagerUrl(_language, url), ErrorIds.AzContextWithoutResourceManager, ErrorCategory.InvalidData);
            }

            return new AzLogin(subscription!, PSObjectReader.String(PSObjectReader.Property(context, "Tenant"), "Id"), resourceManager,
                PSObjectReader.String(environment, "ActiveDirectoryServiceEndpointResourceId"));
        }

        public AzToken ReadToken()
        {
            var result = Run("Get-AzAccessToken", supportsSecure: true);
            var raw = PSObjectReader.Property(result, "Token");
            SecureString secure;
            if (raw is SecureString s)
            {
                secure = s.Copy();
            }
            else if (raw is string text && text.Length > 0)
            {
                // Older Az.Accounts hands out text; keep it out of managed strings from here on.
                secure = new SecureString();
                foreach (var c in text) secure.AppendChar(c);
            }
            else
            {
                throw Terminating(CmdletText.NoToken(_language), ErrorIds.AzAccessTokenMissing, ErrorCategory.AuthenticationError);
            }

            secure.MakeReadOnly();
            return new AzToken(secure, ExpiryOf(PSObjectReader.Property(result, "ExpiresOn")));
        }

        private object? Run(string command, bool supportsSecure)
        {
            var info = _findCommand(command);
            if (info == null)
            {
                throw Terminating(CmdletText.AzAccountsMissing(_language, command), ErrorIds.AzAccountsNotFound, ErrorCategory.ObjectNotFound,
                    action: CmdletText.InstallAzAccountsAction(_language));
            }

            var splat = new Hashtable(StringComparer.OrdinalIgnoreCase);
            var parameters = SafeParameters(info);
            // -AsSecureString exists from Az.Accounts 2.17; from 5.0 the token is a SecureString anyway.
            if (supportsSecure && parameters != null && parameters.Contains("AsSecureString")) splat["AsSecureString"] = true;
            if (_defaultProfile != null) splat["DefaultProfile"] = _defaultProfile;
            try
            {
                // A nested pipeline in the user's runspace: its error stream is ours to read, so a
                // command that fails without throwing is reported with its own words.
                using (var shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
                {
                    shell.AddCommand(info).AddParameters(splat);
                    var output = shell.Invoke();
                    var result = output.Count == 0 ? null : PSObjectReader.Unwrap(output[output.Count - 1]);
                    if (result == null && shell.Streams.Error.Count > 0)
                    {
                        var error = shell.Streams.Error[0];
                        throw Terminating(CmdletText.LoginFailed(_language, command, error.ToString()), ErrorIds.AzLoginFailed, ErrorCategory.AuthenticationError, error.Exception);
                    }

                    return result;
                }
            }
            catch (RuntimeException ex)
            {
                throw Terminating(CmdletText.LoginFailed(_language, command, ex.Message), ErrorIds.AzLoginFailed, ErrorCategory.AuthenticationError, ex);
            }
        }

        private static System.Collections.Generic.ICollection<string>? SafeParameters(CommandInfo info)
        {
            try
            {
                return info.Parameters?.Keys;
            }
            catch (RuntimeException)
            {
                return null;
            }
        }

        private static DateTimeOffset ExpiryOf(object? value)
        {
            switch (value)
            {
                case DateTimeOffset o:
                    return o;
                case DateTime d:
                    return new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d);
                case string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed):
                    return parsed;
                default:
                    // Unknown expiry: treat the token as short-lived so it is asked for again soon.
                    return DateTimeOffset.UtcNow.AddMinutes(5);
            }
        }

        private TerminatingLoginError Terminating(string message, string id, ErrorCategory category, Exception? inner = null, string? action = null)
        {
            var record = new ErrorRecord(new InvalidOperationException(message, inner), id, category, null)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = action ?? CmdletText.ConnectAction(_language) },
            };
            return new TerminatingLoginError(record);
        }
    }

    /// <summary>Carries an ErrorRecord to the cmdlet, which ends the pipeline with it (ThrowTerminatingError).</summary>
    internal sealed class TerminatingLoginError : Exception
    {
        public TerminatingLoginError(ErrorRecord record)
            : base(record.Exception.Message) => Record = record;

        public ErrorRecord Record { get; }
    }
}
