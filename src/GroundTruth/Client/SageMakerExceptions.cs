using System.Net;

namespace EdgeLabel.GroundTruth.Client;

/// <summary>An error answered by the SageMaker API (or refused before sending): the AWS error type without its
/// namespace, the HTTP status and the request id AWS assigned (<c>x-amzn-RequestId</c>).</summary>
public class SageMakerException(string errorType, string message, HttpStatusCode statusCode, string? requestId)
    : Exception($"{errorType}: {message} (HTTP {(int)statusCode}, request id {requestId ?? "none"})")
{
    public string ErrorType { get; } = errorType;
    public string ErrorMessage { get; } = message;
    public HttpStatusCode StatusCode { get; } = statusCode;
    public string? RequestId { get; } = requestId;
}

/// <summary>No job by that name (<c>ResourceNotFound</c>).</summary>
public sealed class ResourceNotFoundException(string errorType, string message, HttpStatusCode statusCode, string? requestId)
    : SageMakerException(errorType, message, statusCode, requestId);

/// <summary>A job by that name exists already, case-insensitively (<c>ResourceInUse</c>).</summary>
public sealed class ResourceInUseException(string errorType, string message, HttpStatusCode statusCode, string? requestId)
    : SageMakerException(errorType, message, statusCode, requestId);

/// <summary>An account quota is exhausted (<c>ResourceLimitExceeded</c>).</summary>
public sealed class ResourceLimitExceededException(string errorType, string message, HttpStatusCode statusCode, string? requestId)
    : SageMakerException(errorType, message, statusCode, requestId);

/// <summary>The request breaks a constraint of the API (<c>ValidationException</c>); retrying cannot help.</summary>
public sealed class ValidationException(string errorType, string message, HttpStatusCode statusCode, string? requestId)
    : SageMakerException(errorType, message, statusCode, requestId);

/// <summary>The API throttled the request (<c>ThrottlingException</c>) on every attempt the client made.</summary>
public sealed class ThrottlingException(string errorType, string message, HttpStatusCode statusCode, string? requestId)
    : SageMakerException(errorType, message, statusCode, requestId);
