using System;
using System.Linq;

namespace AzBackupTroubleshoot.Arm
{
    /// <summary>
    /// Tells a failure to reach Resource Manager (DNS, refused connection, TLS, proxy) from an answer
    /// it gave. Lives in the engine: the cmdlet assembly must not name Azure.Core's types, which load
    /// only in the module's private load context.
    /// </summary>
    public static class ArmFailures
    {
        public static bool IsConnectionFailure(Exception? ex)
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is ArmRequestException arm) return arm.Status == 0 && !IsTimeout(arm);
                if (e is System.Net.Http.HttpRequestException || e is System.Net.Sockets.SocketException || e is System.IO.IOException ||
                    e is System.Security.Authentication.AuthenticationException) return true;
                if (e is Azure.RequestFailedException failed && failed.Status == 0) return true;
                if (e is AggregateException aggregate) return aggregate.InnerExceptions.Any(IsConnectionFailure);
            }

            return false;
        }

        public static bool IsTimeout(Exception? ex)
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is TimeoutException || e is System.Threading.Tasks.TaskCanceledException) return true;
            }

            return false;
        }

        /// <summary>The deepest cause: the socket's or the TLS layer's own words.</summary>
        public static Exception Innermost(Exception ex)
        {
            while (true)
            {
                var next = ex is AggregateException a && a.InnerExceptions.Count > 0 ? a.InnerExceptions[0] : ex.InnerException;
                if (next == null) return ex;
                ex = next;
            }
        }
    }
}
