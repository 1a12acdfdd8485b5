using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeLabel.Storage.Tests.Support;

/// <summary>A real s3rver (npm) on a random local port with a fresh data folder, killed on dispose.</summary>
public sealed class S3rverProcess : IAsyncDisposable
{
    public const string AccessKey = "S3RVER"; // s3rver's built-in dummy account; it has no other keys.

    private readonly Process _process;
    private readonly DirectoryInfo _dir;
    private readonly Queue<string> _output;

    private S3rverProcess(Process process, DirectoryInfo dir, Queue<string> output, int port, string? certificate)
    {
        _process = process;
        _dir = dir;
        _output = output;
        Port = port;
        CertificatePath = certificate;
    }

    public int Port { get; }

    /// <summary>The self-signed certificate when started with TLS.</summary>
    public string? CertificatePath { get; }

    public string ServiceUrl => $"{(CertificatePath is null ? "http" : "https")}://127.0.0.1:{Port}";

    public static async Task<S3rverProcess> StartAsync(string bucket, bool tls)
    {
        var script = RepoPaths.S3rverScript;
        var dir = Directory.CreateTempSubdirectory("edgelabel-s3rver-");
        var port = FreePort();
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Without the legacy provider, s3rver's continuation-token cipher fails and paginated listings return 500.
        psi.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";
        foreach (var arg in new[] { script, "--directory", Path.Combine(dir.FullName, "data"), "--port", port.ToString(), "--address", "127.0.0.1", "--silent" })
            psi.ArgumentList.Add(arg);
        string? certificate = null;
        if (tls)
        {
            (var key, certificate) = await CreateCertificateAsync(dir.FullName);
            foreach (var arg in new[] { "--key", key, "--cert", certificate }) psi.ArgumentList.Add(arg);
        }
        // Last: s3rver reads config file paths after the bucket name until the next option.
        psi.ArgumentList.Add("--configure-bucket");
        psi.ArgumentList.Add(bucket);
        var output = new Queue<string>();
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        process.OutputDataReceived += (_, e) => Remember(output, e.Data);
        process.ErrorDataReceived += (_, e) => Remember(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new S3rverProcess(process, dir, output, port, certificate);
        await server.WaitUntilListeningAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Already gone or stuck; the temp folder below is still removed.
        }
        _process.Dispose();
        try { _dir.Delete(recursive: true); } catch (IOException) { }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"s3rver exited with {_process.ExitCode}: {Output()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        await DisposeAsync();
        throw new TimeoutException($"s3rver did not listen on port {Port} within 20 s: {Output()}");
    }

    private string Output()
    {
        lock (_output) return string.Join('\n', _output);
    }

    private static void Remember(Queue<string> output, string? line)
    {
        if (line is null) return;
        lock (output)
        {
            output.Enqueue(line);
            while (output.Count > 50) output.Dequeue();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(string Key, string Cert)> CreateCertificateAsync(string dir)
    {
        var key = Path.Combine(dir, "key.pem");
        var cert = Path.Combine(dir, "cert.pem");
        var psi = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                     "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                 })
            psi.ArgumentList.Add(arg);
        using var openssl = Process.Start(psi) ?? throw new InvalidOperationException("could not start openssl");
        var stderr = openssl.StandardError.ReadToEndAsync();
        await openssl.StandardOutput.ReadToEndAsync();
        await openssl.WaitForExitAsync();
        if (openssl.ExitCode != 0) throw new InvalidOperationException($"openssl failed: {await stderr}");
        return (key, cert);
    }
}
