using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeLabel.EndToEnd.Tests.Support;

internal enum FaultMode
{
    /// <summary>Forward bytes both ways to the target.</summary>
    Pass,

    /// <summary>Accept and close at once: a link that connects but carries nothing.</summary>
    Drop,

    /// <summary>Answer every HTTP request with 403 AccessDenied (S3 XML), then close: a store that refuses us.</summary>
    Forbid,
}

/// <summary>A TCP proxy on 127.0.0.1 in front of a local server, whose behaviour a test switches at any moment.
/// Switching closes every open connection, so pooled keep-alive connections cannot bypass the new mode.</summary>
internal sealed class FaultProxy : IDisposable
{
    private const string ForbiddenBody =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>faultproxy</RequestId></Error>";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<TcpClient> _open = [];
    private readonly object _gate = new();
    private FaultMode _mode;
    private long _accepted;
    private long _forbidden;

    public FaultProxy(int targetPort, FaultMode mode = FaultMode.Pass)
    {
        _targetPort = targetPort;
        _mode = mode;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>HTTP requests answered with 403.</summary>
    public long Forbidden => Interlocked.Read(ref _forbidden);

    public FaultMode Mode
    {
        get { lock (_gate) return _mode; }
        set
        {
            TcpClient[] open;
            lock (_gate)
            {
                _mode = value;
                open = _open.ToArray();
                _open.Clear();
            }
            foreach (var c in open) Abort(c);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Mode = FaultMode.Drop;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            Interlocked.Increment(ref _accepted);
            FaultMode mode;
            lock (_gate)
            {
                mode = _mode;
                if (mode != FaultMode.Drop) _open.Add(client);
            }
            switch (mode)
            {
                case FaultMode.Drop:
                    Abort(client);
                    break;
                case FaultMode.Forbid:
                    _ = ForbidAsync(client);
                    break;
                default:
                    _ = PassAsync(client);
                    break;
            }
        }
    }

    private async Task PassAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            lock (_gate)
            {
                if (!_open.Contains(client)) return; // the mode changed while connecting
                _open.Add(upstream);
            }
            var a = client.GetStream();
            var b = upstream.GetStream();
            // When either direction ends, the whole pair goes (as a dead link would take both).
            await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
        }
        catch (Exception)
        {
            // a reset, a closed target, a mode switch: the connection simply ends
        }
        finally
        {
            Forget(client);
            Forget(upstream);
            Abort(client);
            Abort(upstream);
        }
    }

    private async Task ForbidAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var head = await ReadHeadAsync(stream, timeout.Token);
            if (head is null) return;
            var headers = head.Split("\r\n");
            var contentLength = 0L;
            var expectContinue = false;
            foreach (var h in headers.Skip(1))
            {
                var colon = h.IndexOf(':');
                if (colon <= 0) continue;
                var name = h[..colon].Trim();
                var value = h[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) long.TryParse(value, out contentLength);
                if (name.Equals("Expect", StringComparison.OrdinalIgnoreCase) && value.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
                    expectContinue = true;
            }
            // Read the body first (unless the client waits for 100-continue), so the client is never cut off
            // mid-send: the refusal must arrive as a clean 403, not as a transport error.
            if (!expectContinue)
            {
                var buffer = new byte[16 * 1024];
                for (var left = contentLength; left > 0;)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), timeout.Token);
                    if (n == 0) return;
                    left -= n;
                }
            }
            var isHead = headers[0].StartsWith("HEAD ", StringComparison.Ordinal);
            var body = Encoding.UTF8.GetBytes(ForbiddenBody);
            var response = new StringBuilder()
                .Append("HTTP/1.1 403 Forbidden\r\n")
                .Append("Content-Type: application/xml\r\n")
                .Append("x-amz-request-id: faultproxy\r\n")
                .Append($"Content-Length: {body.Length}\r\n")
                .Append("Connection: close\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response.ToString()), timeout.Token);
            if (!isHead) await stream.WriteAsync(body, timeout.Token);
            await stream.FlushAsync(timeout.Token);
            Interlocked.Increment(ref _forbidden);
            client.Client.Shutdown(SocketShutdown.Send);
            // Let the client read the answer (and send whatever it still had) before the socket goes.
            var sink = new byte[16 * 1024];
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            drain.CancelAfter(TimeSpan.FromSeconds(2));
            while (await stream.ReadAsync(sink, drain.Token) > 0)
            {
            }
        }
        catch (Exception)
        {
            // the client went away first
        }
        finally
        {
            Forget(client);
            Abort(client);
        }
    }

    private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var head = new List<byte>(1024);
        var one = new byte[1];
        while (head.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one, ct) == 0) return null;
            head.Add(one[0]);
            var n = head.Count;
            if (n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r' && head[n - 1] == '\n')
                return Encoding.ASCII.GetString(head.ToArray(), 0, n - 4);
        }
        return null;
    }

    private void Forget(TcpClient c)
    {
        lock (_gate) _open.Remove(c);
    }

    private static void Abort(TcpClient c)
    {
        try
        {
            c.Client.LingerState = new LingerOption(true, 0); // RST: the peer sees the connection die, not a clean end
        }
        catch (Exception)
        {
        }
        c.Dispose();
    }
}
