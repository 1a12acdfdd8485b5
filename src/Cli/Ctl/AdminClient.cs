using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeLabel.Actors.Security;
using EdgeLabel.Storage;

namespace EdgeLabel.Cli.Ctl;

/// <summary>A node's admin endpoints over HTTP with the bearer token (from <c>EDGELABEL_ADMIN_TOKEN</c> or the token
/// file). The token is sent, never printed; a refusal becomes a <see cref="CtlException"/> with the node's reason.</summary>
/// <remarks>With <c>caFile</c>, an https node's certificate may also chain to that root (a site's own CA or a
/// self-signed certificate); the host name must still match.</remarks>
public sealed class AdminClient(Uri node, string token, X509Certificate2? trustedRoot = null) : IDisposable
{
    private readonly HttpClient _http = new(Handler(trustedRoot)) { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };

    public static AdminClient Create(string node, string? tokenFile, string? caFile = null)
    {
        if (!Uri.TryCreate(node, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CtlException($"--node '{node}' is not an http(s) URL");
        var token = Environment.GetEnvironmentVariable(AdminToken.Variable) is { Length: > 0 } fromEnvironment && tokenFile is null
            ? fromEnvironment.Trim()
            : ReadTokenFile(tokenFile ?? Path.Combine("out", "cloud", "admin-token"));
        return new AdminClient(uri, token, caFile is null ? null : LoadRoot(caFile));
    }

    private static X509Certificate2 LoadRoot(string caFile)
    {
        try
        {
            return CustomRootTrust.LoadPem(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CtlException($"--ca-file {caFile}: not a readable PEM certificate ({e.Message})");
        }
    }

    private static SocketsHttpHandler Handler(X509Certificate2? trustedRoot) => trustedRoot is null
        ? new SocketsHttpHandler()
        : new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = CustomRootTrust.Callback(trustedRoot) } };

    private static string ReadTokenFile(string file) =>
        File.Exists(file) ? File.ReadAllText(file).Trim()
            : throw new CtlException($"no admin token: set {AdminToken.Variable} or pass --token-file (tried {file})");

    public Task<JsonElement> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<JsonElement> PostAsync(string path, object? body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body, options: JsonSerializerOptions.Web), ct);

    /// <summary>Posts a file's bytes as the body (e.g. a model to publish).</summary>
    public async Task<JsonElement> PostFileAsync(string path, string file, CancellationToken ct)
    {
        if (!File.Exists(file)) throw new CtlException($"{file} does not exist");
        await using var stream = File.OpenRead(file);
        var content = new StreamContent(stream);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await SendAsync(HttpMethod.Post, path, content, ct);
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = content;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException tls)
        {
            throw new CtlException($"{_http.BaseAddress}: TLS refused ({tls.Message}); pass --ca-file with the certificate or CA that signed it");
        }
        catch (HttpRequestException e)
        {
            throw new CtlException($"{_http.BaseAddress} does not answer: {e.Message}");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonElement json;
            try
            {
                json = text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
            }
            catch (JsonException)
            {
                throw new CtlException($"{method} {path}: {(int)response.StatusCode} and a body that is not JSON");
            }
            if (response.IsSuccessStatusCode) return json;
            var reason = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var error) ? error.GetString() : response.ReasonPhrase;
            throw new CtlException(response.StatusCode == HttpStatusCode.Unauthorized
                ? $"the node refused the admin token ({reason})"
                : $"{method} {path}: {(int)response.StatusCode} {reason}");
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A ctl failure to report in one line (exit code 1).</summary>
public sealed class CtlException(string message) : Exception(message);
