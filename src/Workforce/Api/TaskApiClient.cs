using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EdgeLabel.Workforce.Api;

/// <summary>A labeler's client of the cloud node's task API (<c>/labeling/api/tasks</c>), signed in with a bearer token.
/// An error status throws <see cref="TaskApiException"/>; connection failures surface as <see cref="HttpRequestException"/>.</summary>
public sealed class TaskApiClient : IDisposable
{
    private const string Root = "labeling/api/tasks";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _baseUrl;
    private readonly string _token;

    /// <param name="baseUrl">The cloud node's HTTP address, e.g. <c>http://127.0.0.1:5090</c>.</param>
    /// <param name="token">The labeler's bearer token.</param>
    /// <param name="http">A shared client (no default Authorization header needed: every request carries this token).</param>
    public TaskApiClient(Uri baseUrl, string token, HttpClient? http = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _baseUrl = new Uri(baseUrl.ToString().TrimEnd('/') + "/");
        _token = token;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public Task<TaskList> ListTasksAsync(CancellationToken ct = default) =>
        GetJsonAsync<TaskList>("list tasks", Root, ct);

    public Task<TaskDetail> GetTaskAsync(string taskId, CancellationToken ct = default) =>
        GetJsonAsync<TaskDetail>($"get task {taskId}", $"{Root}/{Uri.EscapeDataString(taskId)}", ct);

    public async Task<byte[]> GetImageAsync(string taskId, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{Root}/{Uri.EscapeDataString(taskId)}/image", null, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        ThrowUnlessOk($"get image of task {taskId}", response, bytes);
        return bytes;
    }

    public async Task AnswerAsync(string taskId, TaskAnswer answer, CancellationToken ct = default)
    {
        var body = new StringContent(answer.ToJson().ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await SendAsync(HttpMethod.Post, $"{Root}/{Uri.EscapeDataString(taskId)}/answer", body, ct);
        ThrowUnlessOk($"answer task {taskId}", response, await response.Content.ReadAsByteArrayAsync(ct));
    }

    public async Task DeclineAsync(string taskId, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Post, $"{Root}/{Uri.EscapeDataString(taskId)}/decline", null, ct);
        ThrowUnlessOk($"decline task {taskId}", response, await response.Content.ReadAsByteArrayAsync(ct));
    }

    private async Task<T> GetJsonAsync<T>(string operation, string path, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        ThrowUnlessOk(operation, response, bytes);
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{operation}: the answer is not the expected JSON ({e.Message})", e);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseUrl, path)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    private static void ThrowUnlessOk(string operation, HttpResponseMessage response, byte[] body)
    {
        if (response.IsSuccessStatusCode) return;
        throw new TaskApiException(operation, response.StatusCode, ErrorText(body));
    }

    private static string? ErrorText(byte[] body)
    {
        if (body.Length == 0) return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error) &&
                error.ValueKind == JsonValueKind.String)
                return error.GetString();
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page): fall through to the raw text.
        }
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200));
        return text.Trim();
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
