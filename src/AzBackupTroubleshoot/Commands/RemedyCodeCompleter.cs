using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AzBackupTroubleshoot.Commands
{
    /// <summary>Completes from a fixed list of ids, each with a tooltip in the requested language.</summary>
    public abstract class IdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var language = RemedyAdapter.ResolveLanguage(fakeBoundParameters?["Language"] as string);
            return Ids()
                .Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c, StringComparer.OrdinalIgnoreCase)
                .Select(c => new CompletionResult(c, c, CompletionResultType.ParameterValue, Tooltip(c, language)))
                .ToArray();
        }

        private protected abstract IEnumerable<string> Ids();

        private protected abstract string Tooltip(string id, string language);
    }

    /// <summary>Tab completion for -Code: the catalog's codes, with their titles as tooltips.</summary>
    public sealed class RemedyCodeCompleter : IdCompleter
    {
        private protected override IEnumerable<string> Ids() => RemedyAdapter.AllCodes();

        private protected override string Tooltip(string id, string language) => RemedyAdapter.TitleOf(id, language);
    }

    /// <summary>Tab completion for -Check and -ExcludeCheck: the readiness check ids, with what each checks.</summary>
    public sealed class CheckIdCompleter : IdCompleter
    {
        private protected override IEnumerable<string> Ids() => ReadinessRunner.CheckIds();

        private protected override string Tooltip(string id, string language) => ReadinessRunner.CheckDescription(id, language);
    }
}
