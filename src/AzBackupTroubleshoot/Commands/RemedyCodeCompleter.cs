using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AzBackupTroubleshoot.Commands
{
    /// <summary>Tab completion for -Code: the catalog's codes, with their titles as tooltips.</summary>
    public sealed class RemedyCodeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var language = RemedyAdapter.ResolveLanguage(fakeBoundParameters?["Language"] as string);
            return RemedyAdapter.AllCodes()
                .Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c, StringComparer.OrdinalIgnoreCase)
                .Select(c => new CompletionResult(c, c, CompletionResultType.ParameterValue, RemedyAdapter.TitleOf(c, language)))
                .ToArray();
        }
    }
}
