using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;

namespace AzBackupTroubleshoot.Arm
{
    /// <summary>GET and paged list calls for the ARM APIs this module reads without an SDK, as JSON.</summary>
    public sealed class ArmRestClient
    {
        private readonly ArmConnection _connection;

        internal ArmRestClient(ArmConnection connection) => _connection = connection;

        /// <summary>GET one resource. Throws <see cref="ArmRequestException"/> for any non-2xx answer.</summary>
        public async Task<JsonElement> GetAsync(string path, string apiVersion, CancellationToken cancellationToken, string? extraQuery = null)
        {
            using var message = Create(RequestMethod.Get, Build(path, apiVersion, extraQuery));
            await SendAsync(message, path, cancellationToken).ConfigureAwait(false);
            return ReadOrThrow(message, path);
        }

        /// <summary>Every item of a list, following nextLink exactly as the server gives it (each item a copy of its own, not of its page).</summary>
        public async IAsyncEnumerable<JsonElement> ListAsync(
            string collectionPath, string apiVersion, [EnumeratorCancellation] CancellationToken cancellationToken, string? extraQuery = null)
        {
            await foreach (var page in ListPagesAsync(collectionPath, apiVersion, cancellationToken, extraQuery).ConfigureAwait(false))
            {
                foreach (var item in page) yield return item;
            }
        }

        /// <summary>A list page by page (each page's items as the server sent them, each a copy of its own), following nextLink exactly as given.</summary>
        public IAsyncEnumerable<IReadOnlyList<JsonElement>> ListPagesAsync(
            string collectionPath, string apiVersion, CancellationToken cancellationToken, string? extraQuery = null) =>
            ListPagesAsync(collectionPath, apiVersion, e => e.Clone(), cancellationToken, extraQuery);

        /// <summary>Every item of a list, turned into <typeparamref name="T"/> by <paramref name="parse"/> while its page is open.</summary>
        public async IAsyncEnumerable<T> ListAsync<T>(
            string collectionPath, string apiVersion, Func<JsonElement, T> parse, [EnumeratorCancellation] CancellationToken cancellationToken, string? extraQuery = null)
        {
            await foreach (var page in ListPagesAsync(collectionPath, apiVersion, parse, cancellationToken, extraQuery).ConfigureAwait(false))
            {
                foreach (var item in page) yield return item;
            }
        }

        /// <summary>
        /// A list page by page, following nextLink exactly as given. Each item of a page (every element of "value",
        /// whatever its kind) goes through <paramref name="parse"/> while the page's document is open; the document is
        /// disposed before the page is handed out, so nothing of a page's JSON outlives it unless parse copies it.
        /// </summary>
        public async IAsyncEnumerable<IReadOnlyList<T>> ListPagesAsync<T>(
            string collectionPath, string apiVersion, Func<JsonElement, T> parse, [EnumeratorCancellation] CancellationToken cancellationToken, string? extraQuery = null)
        {
            Uri? next = Build(collectionPath, apiVersion, extraQuery);
            var pageNumber = 0;
            var itemsBefore = 0;
            while (next != null)
            {
                T[] items;
                pageNumber++;
                try
                {
                    using var page = await GetPageAsync(next, collectionPath, cancellationToken).ConfigureAwait(false);
                    var root = page?.RootElement ?? default;
                    if (root.ValueKind != JsonValueKind.Object)
                    {
                        throw new ArmRequestException(200, "UnexpectedPayload", $"The list at '{collectionPath}' returned {root.ValueKind}, not an object.", collectionPath, null);
                    }

                    items = root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? Parse(value, parse) : Array.Empty<T>();
                    next = root.TryGetProperty("nextLink", out var link) && link.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(link.GetString())
                        ? new Uri(link.GetString()!)
                        : null;
                }
                catch (ArmRequestException ex) when (pageNumber > 1)
                {
                    // What the pages before gave is the caller's to keep; the error says where the list broke off.
                    throw new ArmRequestException(ex.Status, ex.ErrorCode,
                        $"{ex.Message} [page {pageNumber} of the list; the {itemsBefore} item(s) before it were read]", ex.ResourceId, ex.ClientRequestId, ex);
                }

                itemsBefore += items.Length;
                yield return items;
            }
        }

        /// <summary>Attempts at one page whose body broke off while it was read (after its headers came, past the pipeline's retries).</summary>
        private const int BodyAttempts = 3;

        /// <summary>
        /// One page, parsed from the response stream as it arrives (not buffered first, no string): the document's
        /// buffers come from the shared array pool, so pages of a thousand VMs leave no large garbage behind.
        /// </summary>
        private async Task<JsonDocument?> GetPageAsync(Uri uri, string path, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                using var message = Create(RequestMethod.Get, uri);
                message.BufferResponse = false;
                await SendAsync(message, path, cancellationToken).ConfigureAwait(false);
                var response = message.Response;
                try
                {
                    if (response.Status < 200 || response.Status >= 300)
                    {
                        throw ArmErrors.FromResponse(response.Status, await ReadTextAsync(response).ConfigureAwait(false), path, message.Request.ClientRequestId);
                    }

                    if (response.Status == 204 || response.ContentStream == null || response.Headers.ContentLength == 0) return null;
                    try
                    {
                        return await JsonDocument.ParseAsync(response.ContentStream, default, cancellationToken).ConfigureAwait(false);
                    }
                    catch (JsonException ex)
                    {
                        throw new ArmRequestException(response.Status, "MalformedResponse", $"The response for '{path}' is not valid JSON: {ex.Message}", path, message.Request.ClientRequestId, ex);
                    }
                }
                catch (Exception ex) when (BodyBrokeOff(ex, cancellationToken))
                {
                    // The connection dropped or went quiet past the network timeout in the middle of the body.
                    if (attempt >= BodyAttempts)
                        throw new ArmRequestException(0, null, $"No complete response for '{path}' after {attempt} attempts: {ex.Message}", path, message.Request.ClientRequestId, ex);
                }
            }
        }

        private static bool BodyBrokeOff(Exception ex, CancellationToken cancellationToken) =>
            ex is IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

        private static async Task<string> ReadTextAsync(Response response)
        {
            if (response.ContentStream == null) return "";
            using var reader = new StreamReader(response.ContentStream, Encoding.UTF8);
            return await reader.ReadToEndAsync().ConfigureAwait(false);
        }

        private static T[] Parse<T>(JsonElement array, Func<JsonElement, T> parse)
        {
            var items = new T[array.GetArrayLength()];
            var i = 0;
            foreach (var item in array.EnumerateArray()) items[i++] = parse(item);
            return items;
        }

        /// <summary>
        /// A write (DELETE, POST) or a poll of an absolute operation URL: the status, headers and body as
        /// ARM sent them, for the caller to follow; throws <see cref="ArmRequestException"/> for non-2xx.
        /// </summary>
        public async Task<ArmResponse> SendAsync(string method, string path, string apiVersion, string? jsonBody, CancellationToken cancellationToken)
        {
            using var message = Create(new RequestMethod(method), Build(path, apiVersion, null));
            if (jsonBody != null)
            {
                message.Request.Headers.Add("Content-Type", "application/json");
                message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(jsonBody));
            }

            return await SendForResponseAsync(message, path, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>GET an absolute URL a server handed out (Azure-AsyncOperation, Location), exactly as given.</summary>
        public async Task<ArmResponse> PollAsync(Uri url, string resourceId, CancellationToken cancellationToken)
        {
            using var message = Create(RequestMethod.Get, url);
            return await SendForResponseAsync(message, resourceId, cancellationToken).ConfigureAwait(false);
        }

        private async Task<ArmResponse> SendForResponseAsync(HttpMessage message, string path, CancellationToken cancellationToken)
        {
            await SendAsync(message, path, cancellationToken).ConfigureAwait(false);
            var body = ReadOrThrow(message, path);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in message.Response.Headers) headers[header.Name] = header.Value;
            return new ArmResponse(message.Response.Status, headers, body);
        }

        // No response at all (connection dropped after the retries) is an ArmRequestException with status 0, like any other failure.
        private async Task SendAsync(HttpMessage message, string path, CancellationToken cancellationToken)
        {
            try
            {
                await _connection.Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex)
            {
                throw ArmErrors.From(ex, path);
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count > 0 && !cancellationToken.IsCancellationRequested)
            {
                // Every attempt failed without an answer (refused, dropped, timed out): the retry policy gathers them;
                // the caller gets one ArmRequestException, the last attempt's, like any other failure.
                var last = ex.InnerExceptions[ex.InnerExceptions.Count - 1];
                var mapped = last is RequestFailedException failed ? ArmErrors.From(failed, path) : null;
                throw new ArmRequestException(mapped?.Status ?? 0, mapped?.ErrorCode,
                    $"No response for '{path}' after {ex.InnerExceptions.Count} attempts: {ArmFailures.Innermost(last).Message}", path, null, last);
            }
        }

        private HttpMessage Create(RequestMethod method, Uri uri)
        {
            var message = _connection.Pipeline.CreateMessage();
            message.Request.Method = method;
            message.Request.Uri.Reset(uri);
            message.Request.Headers.Add("Accept", "application/json");
            return message;
        }

        private Uri Build(string path, string apiVersion, string? extraQuery)
        {
            var query = "api-version=" + Uri.EscapeDataString(apiVersion) + (string.IsNullOrEmpty(extraQuery) ? "" : "&" + extraQuery);
            return new Uri(_connection.Endpoint.ResourceManagerUrl, path.TrimStart('/') + "?" + query);
        }

        private static JsonElement ReadOrThrow(HttpMessage message, string path)
        {
            using var document = ParseOrThrow(message, path);
            return document == null ? default : document.RootElement.Clone();
        }

        /// <summary>
        /// The body of a 2xx answer (single resources, buffered by the pipeline) as a document (null when empty), parsed
        /// from the response's UTF-8 bytes, never as a string; any other answer throws with ARM's error envelope.
        /// </summary>
        private static JsonDocument? ParseOrThrow(HttpMessage message, string path)
        {
            var response = message.Response;
            var body = response.Content?.ToMemory() ?? ReadOnlyMemory<byte>.Empty;
            if (response.Status >= 200 && response.Status < 300)
            {
                if (response.Status == 204 || body.Length == 0) return null;
                try
                {
                    return JsonDocument.Parse(body);
                }
                catch (JsonException ex)
                {
                    throw new ArmRequestException(response.Status, "MalformedResponse", $"The response for '{path}' is not valid JSON: {ex.Message}", path, message.Request.ClientRequestId, ex);
                }
            }

            throw ArmErrors.FromResponse(response.Status, Encoding.UTF8.GetString(body.ToArray()), path, message.Request.ClientRequestId);
        }
    }

    /// <summary>One answer to a write or a poll: status, headers (case-insensitive names) and the JSON body (default when empty).</summary>
    public sealed class ArmResponse
    {
        public ArmResponse(int status, IReadOnlyDictionary<string, string> headers, JsonElement body)
        {
            Status = status;
            Headers = headers;
            Body = body;
        }

        public int Status { get; }
        public IReadOnlyDictionary<string, string> Headers { get; }
        public JsonElement Body { get; }

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>Turns ARM failures, from either client, into one exception type with the envelope's code.</summary>
    public static class ArmErrors
    {
        public static ArmRequestException FromResponse(int status, string body, string? resourceId, string? clientRequestId)
        {
            string? code = null;
            string? text = null;
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    text = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                    // Resource Graph puts what went wrong in details (InvalidQuery, ParserFailure with the token), not in the message.
                    var details = error.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Array
                        ? d.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).Select(Detail).Where(x => x.Length > 0).ToArray()
                        : Array.Empty<string>();
                    if (details.Length > 0) text = (text ?? "") + " Details: " + string.Join("; ", details);
                }
            }
            catch (JsonException)
            {
                // Not an ARM envelope (a proxy's HTML page, say): keep the status.
            }

            return new ArmRequestException(status, code, $"{status} {code}: {text ?? "no error details"} ({resourceId})", resourceId, clientRequestId);
        }

        private static string Detail(JsonElement detail)
        {
            string? Text(string name) => detail.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var code = Text("code");
            var message = Text("message");
            var token = Text("token");
            var text = code != null && message != null && message != code ? code + ": " + message : code ?? message ?? "";
            return token != null ? text + " at '" + token + "'" : text;
        }

        public static ArmRequestException From(RequestFailedException ex, string? resourceId) =>
            new ArmRequestException(ex.Status, ex.ErrorCode, ex.Status == 0 ? $"No response for '{resourceId}': {ex.Message}" : $"{ex.Status} {ex.ErrorCode}: {FirstLine(ex.Message)} ({resourceId})", resourceId, null, ex);

        private static string FirstLine(string message) => message.Split('\n').FirstOrDefault()?.Trim() ?? message;
    }
}
