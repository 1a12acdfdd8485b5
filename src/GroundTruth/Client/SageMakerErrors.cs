using System.Net;
using System.Text.Json;

namespace EdgeLabel.GroundTruth.Client;

/// <summary>Reads AWS JSON-protocol error answers into typed exceptions and decides which are worth retrying.</summary>
internal static class SageMakerErrors
{
    private static readonly HashSet<string> ThrottlingTypes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "ProvisionedThroughputExceededException", "SlowDown",
    };

    /// <summary>The exception for an error answer: <c>__type</c> (or <c>code</c>, or the <c>x-amzn-ErrorType</c>
    /// header) with any namespace prefix and URI suffix removed, and <c>Message</c> or <c>message</c>.</summary>
    public static SageMakerException FromResponse(HttpStatusCode status, string? errorTypeHeader, string? requestId, ReadOnlySpan<byte> body)
    {
        string? type = null, message = null;
        try
        {
            if (!body.IsEmpty)
            {
                using var doc = JsonDocument.Parse(body.ToArray());
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                    foreach (var p in doc.RootElement.EnumerateObject())
                    {
                        if (p.Value.ValueKind != JsonValueKind.String) continue;
                        if (p.NameEquals("__type") || (type is null && p.Name.Equals("code", StringComparison.OrdinalIgnoreCase))) type = p.Value.GetString();
                        else if (p.Name.Equals("message", StringComparison.OrdinalIgnoreCase) || p.NameEquals("errorMessage")) message ??= p.Value.GetString();
                    }
            }
        }
        catch (JsonException)
        {
            // A proxy's HTML error page, say: fall back to the status and header.
        }
        type = Sanitize(type ?? errorTypeHeader) ?? $"Http{(int)status}";
        message ??= status.ToString();
        return Create(type, message, status, requestId);
    }

    public static SageMakerException Create(string type, string message, HttpStatusCode status, string? requestId) => type switch
    {
        "ResourceNotFound" or "ResourceNotFoundException" => new ResourceNotFoundException(type, message, status, requestId),
        "ResourceInUse" or "ResourceInUseException" => new ResourceInUseException(type, message, status, requestId),
        "ResourceLimitExceeded" or "ResourceLimitExceededException" => new ResourceLimitExceededException(type, message, status, requestId),
        "ValidationException" or "ValidationError" => new ValidationException(type, message, status, requestId),
        _ when ThrottlingTypes.Contains(type) => new ThrottlingException(type, message, status, requestId),
        _ => new SageMakerException(type, message, status, requestId),
    };

    /// <summary>Throttling, 429 and 5xx are transient; everything else is the request's own fault.</summary>
    public static bool IsRetryable(SageMakerException e) =>
        e is ThrottlingException || e.StatusCode == HttpStatusCode.TooManyRequests || (int)e.StatusCode >= 500;

    /// <summary><c>com.amazonaws.sagemaker#ResourceNotFound</c> and <c>ResourceNotFound:http://internal.amazon.com/...</c>
    /// both become <c>ResourceNotFound</c>.</summary>
    internal static string? Sanitize(string? type)
    {
        if (string.IsNullOrWhiteSpace(type)) return null;
        var t = type.Trim();
        var colon = t.IndexOf(':');
        if (colon >= 0) t = t[..colon];
        var hash = t.LastIndexOf('#');
        if (hash >= 0) t = t[(hash + 1)..];
        return t.Length == 0 ? null : t;
    }
}
