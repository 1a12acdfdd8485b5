using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Amazon.Runtime;

namespace EdgeLabel.Storage;

/// <summary>Maps AWS SDK and transport exceptions to <see cref="ObjectStoreException"/> with a transient/permanent verdict.</summary>
internal static class S3Errors
{
    // Server-side conditions that clear up on their own. RequestTimeTooSkewed is here because edge clocks
    // drift and NTP usually fixes them; BadDigest/IncompleteBody mean the body was damaged in transit.
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
        "RequestTimeout", "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable", "BadDigest", "IncompleteBody",
    };

    /// <summary>Returns the mapped exception, or null when <paramref name="ex"/> should propagate as is (caller cancellation).</summary>
    public static ObjectStoreException? TryMap(Exception ex, string operation, string target, CancellationToken cancellationToken)
    {
        if (ex is ObjectStoreException) return null;
        if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested) return null;
        var what = $"S3 {operation} of {target}";
        switch (ex)
        {
            case AmazonServiceException service when service.StatusCode != 0 || !string.IsNullOrEmpty(service.ErrorCode):
            {
                var status = (int)service.StatusCode;
                var code = string.IsNullOrEmpty(service.ErrorCode) ? $"Http{status}" : service.ErrorCode;
                var transient = status >= 500 || status == 429 || TransientCodes.Contains(code);
                return new ObjectStoreException($"{what} failed: {code} (HTTP {status}): {service.Message}", code, transient, ex);
            }
            case OperationCanceledException:
                return new ObjectStoreException($"{what} timed out", "Timeout", isTransient: true, ex);
        }
        if (Find<AuthenticationException>(ex) is { } tls)
            return new ObjectStoreException($"{what} failed TLS validation: {tls.Message}", "TlsFailure", isTransient: false, ex);
        if (Find<SocketException>(ex) is { } socket)
            return new ObjectStoreException($"{what} could not connect: {socket.SocketErrorCode}", "ConnectionFailure", isTransient: true, ex);
        if (Find<HttpRequestException>(ex) is not null || Find<IOException>(ex) is not null || Find<TimeoutException>(ex) is not null)
            return new ObjectStoreException($"{what} failed in transport: {ex.Message}", "ConnectionFailure", isTransient: true, ex);
        if (ex is AmazonClientException)
            return new ObjectStoreException($"{what} failed in the client: {ex.Message}", "ClientError", isTransient: false, ex);
        return null;
    }

    public static bool IsNotFound(Exception ex) => ex is AmazonServiceException { StatusCode: HttpStatusCode.NotFound };

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T match) return match;
        }
        return null;
    }
}
