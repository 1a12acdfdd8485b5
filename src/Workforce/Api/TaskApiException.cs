using System.Net;

namespace EdgeLabel.Workforce.Api;

/// <summary>The task API answered with an error status; <see cref="ServerError"/> is its <c>error</c> text, if any.</summary>
public sealed class TaskApiException(string operation, HttpStatusCode statusCode, string? serverError)
    : Exception($"{operation}: HTTP {(int)statusCode}{(serverError is null ? "" : $" ({serverError})")}")
{
    public string Operation { get; } = operation;
    public HttpStatusCode StatusCode { get; } = statusCode;
    public string? ServerError { get; } = serverError;

    /// <summary>Worth retrying later: the cluster is restarting (503), a gateway timed out (504), or throttling (429).</summary>
    public bool IsTransient => StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>The task is not (or no longer) this labeler's to answer: unknown (404), another's (403) or closed/expired (409).</summary>
    public bool IsGone => StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Conflict;
}
