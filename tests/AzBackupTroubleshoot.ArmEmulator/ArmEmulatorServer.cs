using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AzBackupTroubleshoot.ArmEmulator
{
    /// <summary>
    /// A local Azure Resource Manager: HTTPS on 127.0.0.1 with a self-signed certificate made at start,
    /// on a free port. Start it, point the Azure SDK at <see cref="BaseUri"/> trusting
    /// <see cref="CertificateThumbprint"/>, and read <see cref="Requests"/> afterwards.
    /// </summary>
    public sealed partial class ArmEmulatorServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly World _world;
        private readonly EmulatorOptions _options;
        private readonly ConcurrentDictionary<string, int> _attemptsByRequest = new ConcurrentDictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new ConcurrentDictionary<string, TokenBucket>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<FaultRule, int> _faultCounts = new ConcurrentDictionary<FaultRule, int>();
        private readonly ConcurrentDictionary<string, int> _skipTokens = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Operation> _operations = new ConcurrentDictionary<string, Operation>(StringComparer.OrdinalIgnoreCase);

        private ArmEmulatorServer(WebApplication app, World world, EmulatorOptions options, X509Certificate2 certificate)
        {
            _app = app;
            _world = world;
            _options = options;
            Certificate = certificate;
        }

        public Uri BaseUri { get; private set; } = null!;
        public X509Certificate2 Certificate { get; }
        public string CertificateThumbprint => Certificate.Thumbprint;
        public RequestLog Requests { get; } = new RequestLog();
        public World World => _world;
        public EmulatorOptions Options => _options;

        public static async Task<ArmEmulatorServer> StartAsync(World world, EmulatorOptions? options = null, CancellationToken cancellationToken = default)
        {
            options ??= new EmulatorOptions();
            var certificate = SharedCertificate.Value;
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
            var app = builder.Build();
            var server = new ArmEmulatorServer(app, world, options, certificate);
            app.Run(server.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        private async Task HandleAsync(HttpContext context)
        {
            var request = context.Request;
            var path = request.Path.Value ?? "/";
            if (await TryServeRequestLog(context, path).ConfigureAwait(false)) return;
            Requests.Record(request.Method, path);
            _options.OnRequestReceived?.Invoke(request.Method, path);
            context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
            if (request.Headers.TryGetValue("x-ms-client-request-id", out var clientRequestId))
            {
                context.Response.Headers["x-ms-client-request-id"] = clientRequestId.ToString();
            }

            if (_options.Latency > TimeSpan.Zero) await Task.Delay(_options.Latency, context.RequestAborted).ConfigureAwait(false);

            var auth = request.Headers.Authorization.ToString();
            var token = auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth.Substring(7).Trim() : null;
            if (!EmulatorTokens.TryValidate(token, DateTimeOffset.UtcNow, out var authError))
            {
                context.Response.Headers["WWW-Authenticate"] = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\"";
                await Error(context, 401, authError, authError == "ExpiredAuthenticationToken"
                    ? "The access token expiry UTC time is earlier than current UTC time."
                    : "Authentication failed. The 'Authorization' header is missing or not a valid bearer token.").ConfigureAwait(false);
                return;
            }

            if (string.IsNullOrEmpty(request.Query["api-version"]))
            {
                await Error(context, 400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.").ConfigureAwait(false);
                return;
            }

            if (ApiVersions.Refuse(path, request.Query["api-version"].ToString()) is (string code, string message))
            {
                await Error(context, 400, code, message).ConfigureAwait(false);
                return;
            }

            // Resource Graph has its own quota, faults by query and page, and access rules by row (ArmEmulatorServer.ResourceGraph.cs).
            if (IsResourceGraph(request, path))
            {
                await ServeResourceGraph(context).ConfigureAwait(false);
                return;
            }

            var subscription = SubscriptionOf(path);
            if (_options.ReadBucketCapacity is int capacity && HttpMethods.IsGet(request.Method))
            {
                var bucket = _buckets.GetOrAdd(subscription, _ => new TokenBucket(capacity, _options.ReadRefillPerSecond));
                if (!bucket.TryTake(out var remaining, out var retryAfter))
                {
                    context.Response.Headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
                    context.Response.Headers["x-ms-ratelimit-remaining-subscription-reads"] = "0";
                    await Error(context, 429, "TooManyRequests", "The request is being throttled as the limit has been reached for operation type - Read.").ConfigureAwait(false);
                    return;
                }

                context.Response.Headers["x-ms-ratelimit-remaining-subscription-reads"] = remaining.ToString(CultureInfo.InvariantCulture);
            }

            var fault = NextFault(request.Method, path, context.Request.Query);
            if (fault?.Kind == FaultKind.Delay)
            {
                await Task.Delay(fault.Delay, context.RequestAborted).ConfigureAwait(false);
            }
            else if (fault != null)
            {
                await ApplyFault(context, fault).ConfigureAwait(false);
                return;
            }

            var denied = _options.DenyScopes.FirstOrDefault(s => path.StartsWith(s.TrimEnd('/'), StringComparison.OrdinalIgnoreCase) &&
                                                                 (path.Length == s.TrimEnd('/').Length || path[s.TrimEnd('/').Length] == '/'));
            if (denied != null)
            {
                await Error(context, 403, "AuthorizationFailed",
                    $"The client 'tester' with object id '00000000-0000-0000-0000-000000000001' does not have authorization to perform action over scope '{path}' or the scope is invalid.").ConfigureAwait(false);
                return;
            }

            if (await TryServeRepairRoute(context, path).ConfigureAwait(false)) return;

            if (TryOperation(path, out var operation, out var isLocation))
            {
                await ServeOperation(context, operation, isLocation).ConfigureAwait(false);
                return;
            }

            if (HttpMethods.IsGet(request.Method)) await ServeGet(context, path).ConfigureAwait(false);
            else if (HttpMethods.IsDelete(request.Method)) await ServeDelete(context, path).ConfigureAwait(false);
            else if (HttpMethods.IsPost(request.Method) && path.EndsWith("/runCommand", StringComparison.OrdinalIgnoreCase)) await ServeRunCommand(context, path).ConfigureAwait(false);
            else await Error(context, 405, "MethodNotAllowed", $"The emulator does not serve {request.Method} {path}.").ConfigureAwait(false);
        }

        private async Task ServeGet(HttpContext context, string path)
        {
            var query = context.Request.Query;
            if (_world.TryGet(path, out var resource))
            {
                var expand = query["$expand"].ToString();
                // VirtualMachines_Get takes $expand=instanceView; RestorePointCollections_Get takes $expand=restorePoints (the only call that returns them).
                await Json(context, 200, Present(resource, Is(expand, "instanceView") ? InstanceViewDetail.Full : InstanceViewDetail.None, Is(expand, "restorePoints"))).ConfigureAwait(false);
                return;
            }

            if (path.EndsWith("/instanceView", StringComparison.OrdinalIgnoreCase) &&
                _world.TryGet(path.Substring(0, path.Length - "/instanceView".Length), out var vm))
            {
                var view = vm["properties"]?["instanceView"]?.DeepClone() ?? new JsonObject();
                await Json(context, 200, view).ConfigureAwait(false);
                return;
            }

            if (_world.IsCollection(path) || IsCollectionShape(path))
            {
                if (await RefuseCollection(context, path).ConfigureAwait(false)) return;
                var items = _world.List(path);
                if (path.EndsWith("/backupJobs", StringComparison.OrdinalIgnoreCase)) items = BackupJobFilter.Apply(items, query["$filter"]);
                var statusOnly = string.Equals(query["statusOnly"], "true", StringComparison.OrdinalIgnoreCase);
                var detail = Is(query["$expand"].ToString(), "instanceView") ? InstanceViewDetail.Full
                    : statusOnly ? (_options.StatusOnlyCarriesFullInstanceView ? InstanceViewDetail.StatusOnlyWithAgent : InstanceViewDetail.StatusOnly)
                    : InstanceViewDetail.None;
                var recoveryServices = path.IndexOf("/Microsoft.RecoveryServices/", StringComparison.OrdinalIgnoreCase) >= 0;
                var tokenName = recoveryServices ? "$skipToken" : "$skiptoken";
                var token = query["$skiptoken"].ToString();
                var skip = 0;
                if (token.Length > 0 && !_skipTokens.TryGetValue(token, out skip))
                {
                    await Error(context, 400, "InvalidSkipToken", $"The skip token '{token}' is not valid.").ConfigureAwait(false);
                    return;
                }

                var page = items.Skip(skip).Take(_options.PageSize).Select(r => (JsonNode?)Present(r, detail, false)).ToArray();
                var body = new JsonObject { ["value"] = new JsonArray(page) };
                if (skip + _options.PageSize < items.Count)
                {
                    // ARM's tokens are opaque (Recovery Services' are XML, escaped in the link): a client can only follow nextLink as given.
                    var next = NewSkipToken(skip + _options.PageSize, recoveryServices);
                    // Parameter names stay literal ($filter, $skipToken), values are escaped, as ARM writes its links.
                    var kept = query.Where(q => !q.Key.Equals("$skiptoken", StringComparison.OrdinalIgnoreCase))
                        .SelectMany(q => q.Value.Select(v => q.Key + "=" + Uri.EscapeDataString(v ?? "")))
                        .Append(tokenName + "=" + Uri.EscapeDataString(next));
                    body["nextLink"] = new Uri(BaseUri, path.TrimStart('/') + "?" + string.Join("&", kept)).AbsoluteUri;
                }

                await Json(context, 200, body).ConfigureAwait(false);
                return;
            }

            await NotFound(context, path).ConfigureAwait(false);
        }

        private static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

        private string NewSkipToken(int offset, bool recoveryServices)
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var token = recoveryServices
                ? $"<?xml version=\"1.0\" encoding=\"utf-16\"?><SkipToken><NextPartitionKey>{nonce}</NextPartitionKey><NextRowKey>{offset.ToString(CultureInfo.InvariantCulture)}</NextRowKey></SkipToken>"
                : nonce;
            _skipTokens[token] = offset;
            return token;
        }

        /// <summary>
        /// ARM answers a collection under a missing subscription, group or parent resource with 404, not an empty list
        /// (envelope: ERRORS.md; codes SubscriptionNotFound, ResourceGroupNotFound, ResourceNotFound as ARM sends them).
        /// A VM listing with $expand=instanceView but no scale-set $filter is refused with 400: VirtualMachines_List/ListAll
        /// document that "instanceView ... can only be specified if a valid $filter option is specified" (azure-rest-api-specs#42411).
        /// </summary>
        private async Task<bool> RefuseCollection(HttpContext context, string path)
        {
            var segments = path.Trim('/').Split('/');
            if (segments.Length >= 2 && !_world.HasScope("/subscriptions/" + segments[1]))
            {
                await Error(context, 404, "SubscriptionNotFound", $"The subscription '{segments[1]}' could not be found.").ConfigureAwait(false);
                return true;
            }

            if (segments.Length >= 4 && segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) && !_world.HasScope("/" + string.Join('/', segments.Take(4))))
            {
                await Error(context, 404, "ResourceGroupNotFound", $"Resource group '{segments[3]}' could not be found.").ConfigureAwait(false);
                return true;
            }

            var providers = Array.FindIndex(segments, x => x.Equals("providers", StringComparison.OrdinalIgnoreCase));
            if (providers > 0 && segments.Length - providers - 1 >= 4)
            {
                var parent = "/" + string.Join('/', segments.Take(providers + 4));
                if (!_world.TryGet(parent, out _))
                {
                    await Error(context, 404, "ResourceNotFound",
                        $"The Resource '{segments[providers + 1]}/{segments[providers + 2]}/{segments[providers + 3]}' under resource group '{(segments.Length > 3 ? segments[3] : "")}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix").ConfigureAwait(false);
                    return true;
                }
            }

            var query = context.Request.Query;
            if (path.EndsWith("/Microsoft.Compute/virtualMachines", StringComparison.OrdinalIgnoreCase) && Is(query["$expand"].ToString(), "instanceView") &&
                query["$filter"].ToString().IndexOf("virtualMachineScaleSet", StringComparison.OrdinalIgnoreCase) < 0)
            {
                await Error(context, 400, "BadRequest", "Expand Instance View is only supported when Virtual Machine Scale Set resource filter is applied.").ConfigureAwait(false);
                return true;
            }

            return false;
        }

        /// <summary>ARM answers an empty list, not 404, for a collection with nothing in it: a path whose
        /// segments after the last "providers" are Namespace/type, or Namespace/type/name/childType.</summary>
        private static bool IsCollectionShape(string path)
        {
            var segments = path.Trim('/').Split('/');
            var providers = Array.FindLastIndex(segments, x => x.Equals("providers", StringComparison.OrdinalIgnoreCase));
            if (providers < 0 || !segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)) return false;
            var after = segments.Length - providers - 1;
            return after >= 2 && after % 2 == 0;
        }

        private async Task ServeDelete(HttpContext context, string path)
        {
            if (!_world.TryGet(path, out _))
            {
                // ARM answers 204 for deleting what is already gone (a handler only the instance view still names goes from there too).
                RemoveResource(path);
                context.Response.StatusCode = 204;
                return;
            }

            switch (_options.DeleteAnswer)
            {
                case DeleteAnswer.Ok:
                    RemoveResource(path);
                    await Json(context, 200, new JsonObject()).ConfigureAwait(false);
                    return;
                case DeleteAnswer.NoContent:
                    RemoveResource(path);
                    context.Response.StatusCode = 204;
                    return;
                case DeleteAnswer.LocationOnly:
                    var pending = StartOperation(path, () => { RemoveResource(path); return null; });
                    // VirtualMachineExtension_Delete_MinimumSet_Gen.json: "location" in lower case, nothing else (names are case-insensitive; Kestrel may recase it).
                    context.Response.Headers["location"] = new Uri(BaseUri, $"subscriptions/{pending.Subscription}/providers/Microsoft.Compute/locations/emulator/operationResults/{pending.Id}?api-version=2023-07-01").ToString();
                    context.Response.StatusCode = 202;
                    return;
                default:
                    var operation = StartOperation(path, () => { RemoveResource(path); return null; });
                    await Accepted(context, operation).ConfigureAwait(false);
                    return;
            }
        }

        /// <summary>Removes a resource; an extension also leaves its VM's instance view, as it does in Azure once deleted.</summary>
        private void RemoveResource(string path)
        {
            _world.Remove(path);
            var marker = path.LastIndexOf("/extensions/", StringComparison.OrdinalIgnoreCase);
            if (marker < 0 || !_world.TryGet(path.Substring(0, marker), out var vm)) return;
            var name = path.Substring(marker + "/extensions/".Length);
            if (vm["properties"]?["instanceView"]?["extensions"] is not JsonArray views) return;
            for (var i = views.Count - 1; i >= 0; i--)
            {
                if (string.Equals(views[i]?["name"]?.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase)) views.RemoveAt(i);
            }
        }

        // ServeRunCommand: ArmEmulatorServer.RunCommand.cs.

        private Operation StartOperation(string path, Func<JsonNode?> complete)
        {
            var operation = new Operation(Guid.NewGuid().ToString(), SubscriptionOf(path), complete, _options.OperationPollsBeforeDone);
            _operations[operation.Id] = operation;
            return operation;
        }

        private async Task Accepted(HttpContext context, Operation operation)
        {
            var root = $"subscriptions/{operation.Subscription}/providers/Microsoft.Compute/locations/emulator";
            context.Response.Headers["Azure-AsyncOperation"] = new Uri(BaseUri, $"{root}/operations/{operation.Id}?api-version=2023-07-01").ToString();
            context.Response.Headers["Location"] = new Uri(BaseUri, $"{root}/operationResults/{operation.Id}?api-version=2023-07-01").ToString();
            context.Response.Headers["Retry-After"] = "0";
            context.Response.StatusCode = 202;
            await Task.CompletedTask.ConfigureAwait(false);
        }

        private bool TryOperation(string path, out Operation operation, out bool isLocation)
        {
            operation = null!;
            isLocation = false;
            var segments = path.Trim('/').Split('/');
            if (segments.Length < 2) return false;
            var kind = segments[^2];
            if (!kind.Equals("operations", StringComparison.OrdinalIgnoreCase) && !kind.Equals("operationResults", StringComparison.OrdinalIgnoreCase)) return false;
            isLocation = kind.Equals("operationResults", StringComparison.OrdinalIgnoreCase);
            return _operations.TryGetValue(segments[^1], out operation!);
        }

        private async Task ServeOperation(HttpContext context, Operation operation, bool isLocation)
        {
            var done = operation.Poll(out var result);
            if (isLocation)
            {
                if (!done)
                {
                    context.Response.Headers["Retry-After"] = "0";
                    context.Response.StatusCode = 202;
                    return;
                }

                if (result == null) { context.Response.StatusCode = 204; return; }
                await Json(context, 200, result).ConfigureAwait(false);
                return;
            }

            var status = new JsonObject
            {
                ["id"] = operation.Id,
                ["name"] = operation.Id,
                ["status"] = done ? "Succeeded" : "InProgress",
                ["startTime"] = operation.Started.ToString("o", CultureInfo.InvariantCulture),
            };
            if (done) status["endTime"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture);
            if (done && result != null) status["properties"] = new JsonObject { ["output"] = result.DeepClone() };
            if (!done) context.Response.Headers["Retry-After"] = "0";
            await Json(context, 200, status).ConfigureAwait(false);
        }

        private FaultRule? NextFault(string method, string path, IQueryCollection query)
        {
            if (_options.Faults.Count == 0) return null;
            var token = query["$skiptoken"].ToString();
            var page = token.Length > 0 && _skipTokens.TryGetValue(token, out var skip) ? skip / Math.Max(1, _options.PageSize) + 1 : 1;
            // The skip token is a fresh nonce each run: the request is known by everything else plus its page.
            var rest = string.Join("&", query.Where(q => !q.Key.Equals("$skiptoken", StringComparison.OrdinalIgnoreCase)).OrderBy(q => q.Key, StringComparer.Ordinal)
                .Select(q => q.Key + "=" + q.Value));
            return NextFault(method, path, rest, page);
        }

        /// <summary>The fault for a request known by its method, path, query (less any skip token) and page; null for none.</summary>
        private FaultRule? NextFault(string method, string path, string rest, int page)
        {
            if (_options.Faults.Count == 0) return null;
            var key = method + " " + path + "?" + rest + "#" + page.ToString(CultureInfo.InvariantCulture);
            var attempt = _attemptsByRequest.AddOrUpdate(key, 1, (_, n) => n + 1);
            for (var i = 0; i < _options.Faults.Count; i++)
            {
                var rule = _options.Faults[i];
                if (!path.Contains(rule.PathContains, StringComparison.OrdinalIgnoreCase)) continue;
                if (rule.QueryContains != null && rest.IndexOf(rule.QueryContains, StringComparison.OrdinalIgnoreCase) < 0) continue;
                if (rule.QueryLacks != null && rest.IndexOf(rule.QueryLacks, StringComparison.OrdinalIgnoreCase) >= 0) continue;
                if (rule.Page is int wanted && wanted != page) continue;
                if (rule.Times > 0)
                {
                    if (_faultCounts.AddOrUpdate(rule, 1, (_, n) => n + 1) <= rule.Times) return rule;
                    continue;
                }

                if (Draw(_options.Seed, i, key, attempt) < rule.Rate) return rule;
            }

            return null;
        }

        /// <summary>A number in [0, 1) that depends only on its inputs (FNV-1a; string hashes are randomised per process).</summary>
        internal static double Draw(int seed, int rule, string key, int attempt)
        {
            var hash = 14695981039346656037UL;
            void Mix(ulong value)
            {
                for (var b = 0; b < 8; b++)
                {
                    hash ^= (value >> (8 * b)) & 0xff;
                    hash *= 1099511628211UL;
                }
            }

            Mix((ulong)seed);
            Mix((ulong)rule);
            Mix((ulong)attempt);
            foreach (var c in key) Mix(char.ToLowerInvariant(c));
            // Finalise (splitmix64) so nearby keys spread over the whole range.
            hash ^= hash >> 30; hash *= 0xbf58476d1ce4e5b9UL; hash ^= hash >> 27; hash *= 0x94d049bb133111ebUL; hash ^= hash >> 31;
            return (hash >> 11) / (double)(1UL << 53);
        }

        private static async Task ApplyFault(HttpContext context, FaultRule rule)
        {
            switch (rule.Kind)
            {
                case FaultKind.DropConnection:
                    context.Abort();
                    return;
                case FaultKind.Throttle:
                    context.Response.Headers["Retry-After"] = rule.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    context.Response.Headers["x-ms-ratelimit-remaining-subscription-reads"] = "0";
                    await Error(context, 429, "TooManyRequests", "The request is being throttled.").ConfigureAwait(false);
                    return;
                case FaultKind.ServiceUnavailable:
                    context.Response.Headers["Retry-After"] = rule.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    await Error(context, 503, "ServiceUnavailable", "The service is temporarily unavailable.").ConfigureAwait(false);
                    return;
                case FaultKind.DropMidBody:
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("{\"value\": [ {\"id\": \"").ConfigureAwait(false);
                    await context.Response.Body.FlushAsync().ConfigureAwait(false);
                    context.Abort();
                    return;
                case FaultKind.MalformedBody:
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("{\"value\": [ {\"id\": ").ConfigureAwait(false);
                    return;
                default:
                    await Error(context, 500, "InternalServerError", "An internal server error occurred.").ConfigureAwait(false);
                    return;
            }
        }

        private enum InstanceViewDetail { None, StatusOnly, StatusOnlyWithAgent, Full }

        // Model fields a statusOnly=true listing does not carry (public reports: no networkProfile, no tags, no osName).
        private static readonly string[] InstanceViewIdentity = { "computerName", "osName", "osVersion", "hyperVGeneration", "platformUpdateDomain", "platformFaultDomain", "bootDiagnostics", "patchStatus" };

        private static JsonNode Present(JsonObject resource, InstanceViewDetail detail, bool withRestorePoints)
        {
            var copy = (JsonObject)resource.DeepClone();
            copy.Remove(World.MetadataProperty);
            var properties = copy["properties"] as JsonObject;
            // RestorePointCollections: listed and read without restore points unless GET asks for $expand=restorePoints.
            if (!withRestorePoints && properties != null && string.Equals(copy["type"]?.ToString(), "Microsoft.Compute/restorePointCollections", StringComparison.OrdinalIgnoreCase))
            {
                properties.Remove("restorePoints");
            }

            var view = properties?["instanceView"] as JsonObject;
            switch (detail)
            {
                case InstanceViewDetail.None:
                    properties?.Remove("instanceView");
                    return copy;
                case InstanceViewDetail.Full:
                    return copy;
                default:
                    // Run-time status only: the model's profiles and tags are stripped.
                    var status = new JsonObject();
                    if (view != null)
                    {
                        if (detail == InstanceViewDetail.StatusOnly)
                        {
                            status["statuses"] = view["statuses"]?.DeepClone();
                        }
                        else
                        {
                            foreach (var (key, value) in view.Where(kv => !InstanceViewIdentity.Contains(kv.Key, StringComparer.OrdinalIgnoreCase))) status[key] = value?.DeepClone();
                        }
                    }

                    return new JsonObject
                    {
                        ["id"] = copy["id"]?.DeepClone(),
                        ["name"] = copy["name"]?.DeepClone(),
                        ["type"] = copy["type"]?.DeepClone(),
                        ["location"] = copy["location"]?.DeepClone(),
                        ["properties"] = new JsonObject { ["instanceView"] = status },
                    };
            }
        }

        private Task NotFound(HttpContext context, string path)
        {
            var segments = path.Trim('/').Split('/');
            if (segments.Length >= 4 && segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) &&
                !_world.IsCollection("/" + string.Join('/', segments.Take(4))) && !HasAnyUnder("/" + string.Join('/', segments.Take(4))))
            {
                return Error(context, 404, "ResourceGroupNotFound", $"Resource group '{segments[3]}' could not be found.");
            }

            var type = segments.Length >= 3 ? string.Join('/', segments.Skip(Math.Max(0, segments.Length - 3)).Take(2)) : path;
            return Error(context, 404, "ResourceNotFound", $"The Resource '{type}' under resource group '{(segments.Length > 3 ? segments[3] : "")}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
        }

        private bool HasAnyUnder(string prefix) => _world.List(prefix).Count > 0 || AnyIdStartsWith(prefix);

        private bool AnyIdStartsWith(string prefix)
        {
            var subscription = "/subscriptions/" + prefix.Trim('/').Split('/')[1];
            foreach (var type in new[] { "Microsoft.Compute/virtualMachines", "Microsoft.Network/networkInterfaces", "Microsoft.Network/networkSecurityGroups", "Microsoft.RecoveryServices/vaults", "Microsoft.Network/virtualNetworks", "Microsoft.Compute/disks", "Microsoft.Compute/restorePointCollections", "Microsoft.Authorization/locks", "Microsoft.Network/routeTables" })
            {
                if (_world.List(subscription + "/providers/" + type).Any(r => r["id"]!.GetValue<string>().StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase))) return true;
            }

            return false;
        }

        private static string SubscriptionOf(string path)
        {
            var segments = path.Trim('/').Split('/');
            return segments.Length >= 2 && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? segments[1] : "";
        }

        internal static Task Error(HttpContext context, int status, string code, string message)
        {
            context.Response.StatusCode = status;
            return Json(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
        }

        private static Task Json(HttpContext context, int status, JsonNode body)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.WriteAsync(body.ToJsonString());
        }

        // One self-signed certificate per process: making an RSA key costs more than starting a server, and tests start hundreds.
        private static readonly Lazy<X509Certificate2> SharedCertificate = new Lazy<X509Certificate2>(CreateCertificate);

        private static X509Certificate2 CreateCertificate()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7));
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }

        private sealed class Operation
        {
            private readonly Func<JsonNode?> _complete;
            private int _pollsLeft;
            private bool _done;
            private JsonNode? _result;

            public Operation(string id, string subscription, Func<JsonNode?> complete, int polls)
            {
                Id = id;
                Subscription = subscription;
                _complete = complete;
                _pollsLeft = polls;
            }

            public string Id { get; }
            public string Subscription { get; }
            public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

            public bool Poll(out JsonNode? result)
            {
                lock (this)
                {
                    if (!_done && _pollsLeft-- <= 0)
                    {
                        _result = _complete();
                        _done = true;
                    }

                    result = _result;
                    return _done;
                }
            }
        }

        private sealed class TokenBucket
        {
            private readonly int _capacity;
            private readonly double _refillPerSecond;
            private double _tokens;
            private DateTimeOffset _last = DateTimeOffset.UtcNow;

            public TokenBucket(int capacity, double refillPerSecond)
            {
                _capacity = capacity;
                _refillPerSecond = refillPerSecond;
                _tokens = capacity;
            }

            public bool TryTake(out int remaining, out int retryAfterSeconds)
            {
                lock (this)
                {
                    var now = DateTimeOffset.UtcNow;
                    _tokens = Math.Min(_capacity, _tokens + (now - _last).TotalSeconds * _refillPerSecond);
                    _last = now;
                    if (_tokens >= 1)
                    {
                        _tokens -= 1;
                        remaining = (int)_tokens;
                        retryAfterSeconds = 0;
                        return true;
                    }

                    remaining = 0;
                    retryAfterSeconds = Math.Max(1, (int)Math.Ceiling((1 - _tokens) / _refillPerSecond));
                    return false;
                }
            }
        }
    }
}
