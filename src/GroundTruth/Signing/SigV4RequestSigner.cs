using System.Net.Http.Headers;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace EdgeLabel.GroundTruth.Signing;

/// <summary>Signs an outgoing JSON-protocol request with SigV4 in the Authorization header. The canonical request is
/// built from exactly the headers that go on the wire; the signature comes from AWSSDK.Core's <c>AWS4Signer</c>.</summary>
public static class SigV4RequestSigner
{
    /// <summary>Adds <c>Host</c>, <c>X-Amz-Date</c>, <c>X-Amz-Content-SHA256</c>, <c>X-Amz-Security-Token</c> (session
    /// credentials only) and <c>Authorization</c> to <paramref name="request"/>, signing those plus every header
    /// already on it and its content type.</summary>
    public static void Sign(HttpRequestMessage request, byte[] body, ImmutableCredentials credentials, string region,
        string service, DateTimeOffset now)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("request has no URI", nameof(request));
        var signedAt = now.UtcDateTime;
        var payloadHash = SigV4Canonical.HexSha256(body);

        request.Headers.Remove("Authorization");
        request.Headers.Host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        SetHeader(request.Headers, "X-Amz-Date", SigV4Canonical.FormatDate(signedAt));
        SetHeader(request.Headers, "X-Amz-Content-SHA256", payloadHash);
        if (credentials.UseToken) SetHeader(request.Headers, "X-Amz-Security-Token", credentials.Token);

        var toSign = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            // User-Agent may be rewritten by proxies; the AWS SDKs leave it unsigned too.
            if (name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var v in values) toSign.Add(new(name, v));
        }
        if (request.Content?.Headers.ContentType is { } contentType) toSign.Add(new("Content-Type", contentType.ToString()));

        var headers = SigV4Canonical.Headers(toSign);
        var canonical = SigV4Canonical.Request(request.Method.Method, SigV4Canonical.Path(uri.AbsolutePath),
            SigV4Canonical.Query(uri.Query), headers, payloadHash);
        var result = AWS4Signer.ComputeSignature(credentials, region, signedAt, service,
            SigV4Canonical.SignedHeaderList(headers), canonical);
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    private static void SetHeader(HttpRequestHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.TryAddWithoutValidation(name, value);
    }
}
