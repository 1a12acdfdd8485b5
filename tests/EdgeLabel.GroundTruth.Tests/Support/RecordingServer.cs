using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeLabel.GroundTruth.Tests.Support;

/// <summary>A canned HTTP answer.</summary>
public sealed record CannedResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Close the connection without answering.</summary>
    public static readonly CannedResponse Drop = new(0, "");

    public static CannedResponse Json(int status, string body, string? requestId = null) =>
        new(status, body, requestId is null ? null : new Dictionary<string, string> { ["x-amzn-RequestId"] = requestId });
}

/// <summary>A tiny HTTP/1.1 server on 127.0.0.1 that records every request byte for byte (headers in the order and
/// spelling they arrived) and answers each from a responder; one request per connection.</summary>
public sealed class RecordingServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RawHttpRequest, int, CannedResponse> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _count;

    public ConcurrentQueue<RawHttpRequest> Requests { get; } = new();

    /// <param name="respond">The answer to a request, given it and its 1-based number.</param>
    public RecordingServer(Func<RawHttpRequest, int, CannedResponse> respond)
    {
        _respond = respond;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOfBlankLine(buffer)) < 0)
        {
            var n = await stream.ReadAsync(chunk, _stop.Token);
            if (n == 0) return;
            buffer.Write(chunk, 0, n);
        }
        var all = buffer.ToArray();
        var request = RawHttpRequest.Parse(Encoding.ASCII.GetString(all, 0, headEnd));
        var length = int.Parse(request.Header("content-length") ?? "0");
        var body = new MemoryStream();
        body.Write(all, headEnd + 4, all.Length - headEnd - 4);
        while (body.Length < length)
        {
            var n = await stream.ReadAsync(chunk, _stop.Token);
            if (n == 0) return;
            body.Write(chunk, 0, n);
        }
        request = request with { Body = body.ToArray() };
        Requests.Enqueue(request);

        var answer = _respond(request, Interlocked.Increment(ref _count));
        if (answer == CannedResponse.Drop) return;  // closes the connection without a word: a network error
        var payload = Encoding.UTF8.GetBytes(answer.Body);
        var head = new StringBuilder($"HTTP/1.1 {answer.Status} {(HttpStatusCode)answer.Status}\r\n");
        head.Append("Content-Type: application/x-amz-json-1.1\r\n");
        head.Append($"Content-Length: {payload.Length}\r\nConnection: close\r\n");
        foreach (var (k, v) in answer.Headers ?? new Dictionary<string, string>()) head.Append($"{k}: {v}\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(payload);
        await stream.FlushAsync();
    }

    private static int IndexOfBlankLine(MemoryStream buffer)
    {
        var span = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return span.IndexOf("\r\n\r\n"u8);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
