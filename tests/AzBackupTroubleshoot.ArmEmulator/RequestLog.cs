using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace AzBackupTroubleshoot.ArmEmulator
{
    /// <summary>Counts requests per route template ("GET /subscriptions/{}/providers/Microsoft.Compute/virtualMachines").</summary>
    public sealed class RequestLog
    {
        private readonly ConcurrentDictionary<string, int> _byRoute = new ConcurrentDictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private int _total;
        private readonly ConcurrentQueue<(string Method, string Path)> _entries = new ConcurrentQueue<(string Method, string Path)>();

        /// <summary>Every request in arrival order, with its real path.</summary>
        public IReadOnlyList<(string Method, string Path)> Entries => _entries.ToArray();

        /// <summary>Every request that is not a GET (PUT, PATCH, POST, DELETE): the writes.</summary>
        public IReadOnlyList<(string Method, string Path)> Writes => _entries.Where(e => !e.Method.Equals("GET", StringComparison.OrdinalIgnoreCase)).ToArray();

        public int Total => Volatile.Read(ref _total);

        public IReadOnlyDictionary<string, int> ByRoute => _byRoute.ToDictionary(kv => kv.Key, kv => kv.Value);

        public int Count(string method, string routeTemplate) =>
            _byRoute.TryGetValue(method + " " + routeTemplate, out var n) ? n : 0;

        /// <summary>Requests whose route template contains <paramref name="fragment"/>.</summary>
        public int CountWhere(string fragment) => _byRoute.Where(kv => kv.Key.Contains(fragment, StringComparison.OrdinalIgnoreCase)).Sum(kv => kv.Value);

        public void Reset()
        {
            _byRoute.Clear();
            while (_entries.TryDequeue(out _)) { }
            Interlocked.Exchange(ref _total, 0);
        }

        internal void Record(string method, string path)
        {
            Interlocked.Increment(ref _total);
            _entries.Enqueue((method, path));
            _byRoute.AddOrUpdate(method + " " + Template(path), 1, (_, n) => n + 1);
        }

        /// <summary>Replaces the names in an ARM path with {}: ids differ, routes do not.</summary>
        public static string Template(string path)
        {
            var segments = path.Trim('/').Split('/');
            var result = new List<string>();
            var afterProviders = -1;
            for (var i = 0; i < segments.Length; i++)
            {
                var s = segments[i];
                if (afterProviders >= 0)
                {
                    afterProviders++;
                    // providers / Namespace / type / name / type / name ...
                    result.Add(afterProviders == 1 || afterProviders % 2 == 0 ? s : "{}");
                    if (s.Equals("providers", StringComparison.OrdinalIgnoreCase)) afterProviders = 0;
                    continue;
                }

                result.Add(s);
                if (s.Equals("providers", StringComparison.OrdinalIgnoreCase)) { afterProviders = 0; continue; }
                if ((s.Equals("subscriptions", StringComparison.OrdinalIgnoreCase) || s.Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)) && i + 1 < segments.Length)
                {
                    result.Add("{}");
                    i++;
                }
            }

            return "/" + string.Join("/", result);
        }
    }
}
