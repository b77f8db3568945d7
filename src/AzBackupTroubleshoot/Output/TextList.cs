using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Collections.Specialized;
using System.Text;

namespace AzBackupTroubleshoot
{
    /// <summary>
    /// A list of sentences or ids. ConvertTo-Json writes it as an array; Export-Csv and string
    /// conversion (which call ToString) get the items joined, not "System.String[]".
    /// </summary>
    public sealed class TextList : ReadOnlyCollection<string>
    {
        public TextList(IList<string> items)
            : base(items)
        {
        }

        public override string ToString() => string.Join("; ", this);
    }

    /// <summary>
    /// The values a check judged, in order, by name. A dictionary for ConvertTo-Json and scripts
    /// ($finding.Evidence['properties.provisioningState']); "name=value; ..." for Export-Csv.
    /// </summary>
    public sealed class FindingEvidence : OrderedDictionary
    {
        public FindingEvidence()
            : base(System.StringComparer.Ordinal)
        {
        }

        public override string ToString()
        {
            var text = new StringBuilder();
            foreach (System.Collections.DictionaryEntry entry in this)
            {
                if (text.Length > 0) text.Append("; ");
                text.Append(entry.Key).Append('=').Append(entry.Value);
            }

            return text.ToString();
        }
    }

    /// <summary>
    /// A VM's findings. ConvertTo-Json writes them as an array of objects; Export-Csv and string
    /// conversion get the checks that did not pass ("VmAgent.Status=Fail; ..."), not a type name.
    /// </summary>
    public sealed class FindingList : ReadOnlyCollection<ReadinessFinding>
    {
        public FindingList(IList<ReadinessFinding> items)
            : base(items)
        {
        }

        public override string ToString()
        {
            var text = new StringBuilder();
            foreach (var finding in this)
            {
                if (finding.Status == "Pass" || finding.Status == "NotApplicable") continue;
                if (text.Length > 0) text.Append("; ");
                text.Append(finding.CheckId).Append('=').Append(finding.Status);
            }

            return text.ToString();
        }
    }
}
