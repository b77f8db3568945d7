using System;
using System.Diagnostics;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;

namespace AzBackupTroubleshoot.Arm
{
    /// <summary>
    /// One connection to a Resource Manager: the Azure SDK's ArmClient for compute, and an Azure.Core
    /// HttpPipeline with the same transport, retry, concurrency and diagnostics for the APIs the SDK
    /// here lacks (network, Recovery Services, locks). Retries honour Retry-After and ARM's remaining-reads
    /// header (<see cref="ThrottleAwareRetryPolicy"/>); tokens are never logged.
    /// </summary>
    public sealed class ArmConnection : IDisposable
    {
        private readonly HttpClient _httpClient;
        private readonly SemaphoreSlim _gate;
        private readonly ThrottleAwareRetryPolicy _retry;

        public ArmConnection(ArmEndpoint endpoint, IAccessTokenSource tokens, ArmConnectionOptions? options = null)
        {
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            if (tokens == null) throw new ArgumentNullException(nameof(tokens));
            Options = options ?? new ArmConnectionOptions();
            _gate = new SemaphoreSlim(Math.Max(1, Options.MaxConcurrency));
            // One policy for both clients: a 429 seen by either holds back the other.
            _retry = new ThrottleAwareRetryPolicy(Options);

            var handler = new HttpClientHandler();
            if (Options.TrustedServerCertificateThumbprint is string thumbprint)
            {
                handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                    errors == System.Net.Security.SslPolicyErrors.None ||
                    (certificate != null && string.Equals(certificate.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase));
            }

            _httpClient = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            var transport = new HttpClientTransport(_httpClient);
            Credential = new TokenSourceCredential(tokens);

            var armOptions = new ArmClientOptions { Transport = transport, Environment = new ArmEnvironment(endpoint.ResourceManagerUrl, endpoint.Audience) };
            Configure(armOptions);
            Client = new ArmClient(Credential, null, armOptions);

            var pipelineOptions = new RestClientOptions { Transport = transport };
            Configure(pipelineOptions);
            // Our own token policy: it renews a token ARM refuses mid-scan (expired in flight) and sends again once.
            Pipeline = HttpPipelineBuilder.Build(pipelineOptions, new ArmTokenPolicy(tokens));
            Rest = new ArmRestClient(this);
        }

        public ArmEndpoint Endpoint { get; }
        public ArmConnectionOptions Options { get; }
        public TokenCredential Credential { get; }

        /// <summary>The Azure SDK's client (compute through Azure.ResourceManager.Compute).</summary>
        public ArmClient Client { get; }

        /// <summary>A pipeline for hand-written calls with the same policies as <see cref="Client"/>.</summary>
        public HttpPipeline Pipeline { get; }

        public ArmRestClient Rest { get; }

        public void Dispose()
        {
            _httpClient.Dispose();
            _gate.Dispose();
        }

        private void Configure(ClientOptions options)
        {
            options.Retry.NetworkTimeout = Options.NetworkTimeout;
            options.RetryPolicy = _retry;
            options.Diagnostics.ApplicationId = "AzBackupTroubleshoot";
            options.Diagnostics.IsLoggingContentEnabled = false;
            options.AddPolicy(new ConcurrencyPolicy(_gate), HttpPipelinePosition.PerCall);
            options.AddPolicy(new RecordingPolicy(Options), HttpPipelinePosition.PerRetry);
        }

        private sealed class RestClientOptions : ClientOptions
        {
        }

        /// <summary>Holds a slot for the whole call, retries included, so a fleet scan cannot flood ARM.</summary>
        private sealed class ConcurrencyPolicy : HttpPipelinePolicy
        {
            private readonly SemaphoreSlim _gate;

            public ConcurrencyPolicy(SemaphoreSlim gate) => _gate = gate;

            public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
            {
                await _gate.WaitAsync(message.CancellationToken).ConfigureAwait(false);
                try
                {
                    await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                }
                finally
                {
                    _gate.Release();
                }
            }

            public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
            {
                _gate.Wait(message.CancellationToken);
                try
                {
                    ProcessNext(message, pipeline);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }

        /// <summary>Reports each attempt without headers: the URL, status and the ids Azure support asks for.</summary>
        private sealed class RecordingPolicy : HttpPipelinePolicy
        {
            private readonly ArmConnectionOptions _options;

            public RecordingPolicy(ArmConnectionOptions options) => _options = options;

            public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
            {
                var started = Stopwatch.GetTimestamp();
                // Taken before this check: an attempt stamped after a cancellation never goes out.
                message.CancellationToken.ThrowIfCancellationRequested();
                try
                {
                    await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                }
                finally
                {
                    Report(message, started);
                }
            }

            public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
            {
                var started = Stopwatch.GetTimestamp();
                message.CancellationToken.ThrowIfCancellationRequested();
                try
                {
                    ProcessNext(message, pipeline);
                }
                finally
                {
                    Report(message, started);
                }
            }

            private void Report(HttpMessage message, long started)
            {
                var elapsed = TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency);
                var callback = _options.OnRequest;
                if (callback == null) return;
                string? serviceId = null;
                var status = 0;
                if (message.HasResponse)
                {
                    status = message.Response.Status;
                    message.Response.Headers.TryGetValue("x-ms-request-id", out serviceId);
                }

                callback(new ArmRequestRecord(message.Request.Method.Method, message.Request.Uri.ToUri(), status, message.Request.ClientRequestId, serviceId, elapsed) { StartTimestamp = started });
            }
        }
    }
}
