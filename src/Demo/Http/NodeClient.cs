using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace EdgeLabel.Demo.Http;

/// <summary>Talks to one node's HTTP endpoint; the cloud's admin calls carry the bearer token.</summary>
public sealed class NodeClient(Uri baseUrl, string? adminToken = null) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };

    public Uri BaseUrl => baseUrl;

    /// <summary>True when GET <paramref name="path"/> answers 200 (false for any other status or no answer yet).</summary>
    public async Task<bool> IsOkAsync(string path, CancellationToken ct)
    {
        try
        {
            using var timeout = Linked(ct, TimeSpan.FromSeconds(3));
            using var response = await _http.GetAsync(path, timeout.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    public Task<EdgeStatus> EdgeStatusAsync(CancellationToken ct) => GetAsync<EdgeStatus>("/status", TimeSpan.FromSeconds(10), ct);

    public Task<DatasetStats> DatasetStatsAsync(string project, CancellationToken ct) =>
        GetAsync<DatasetStats>($"/datasets/{Uri.EscapeDataString(project)}/stats", TimeSpan.FromSeconds(15), ct);

    public Task<DatasetExported> ExportAsync(string project, CancellationToken ct) =>
        SendAsync<DatasetExported>(HttpMethod.Post, $"/datasets/{Uri.EscapeDataString(project)}/export?thumbnails=true", TimeSpan.FromMinutes(10), ct);

    public void Dispose() => _http.Dispose();

    private Task<T> GetAsync<T>(string path, TimeSpan timeout, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, timeout, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, TimeSpan timeout, CancellationToken ct)
    {
        using var request = Request(method, path);
        using var linked = Linked(ct, timeout);
        try
        {
            using var response = await _http.SendAsync(request, linked.Token);
            return await ReadAsync<T>(response, linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new NodeRequestException(HttpStatusCode.RequestTimeout, $"{method} {path}: no answer within {timeout.TotalSeconds:0} s");
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        if (adminToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        return request;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new NodeRequestException(response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: " +
                                                                $"{(int)response.StatusCode} {body.Trim()}");
        }
        return await response.Content.ReadFromJsonAsync<T>(Json, ct)
               ?? throw new NodeRequestException(response.StatusCode, $"{response.RequestMessage?.RequestUri?.PathAndQuery}: empty reply");
    }

    private static CancellationTokenSource Linked(CancellationToken ct, TimeSpan timeout)
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        linked.CancelAfter(timeout);
        return linked;
    }
}

/// <summary>A node answered, but not with what the demo asked for.</summary>
public sealed class NodeRequestException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
