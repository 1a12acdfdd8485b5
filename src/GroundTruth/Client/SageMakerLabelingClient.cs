using System.Net;
using System.Net.Http.Headers;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeLabel.GroundTruth.Client;

/// <summary>A thin SageMaker client for labeling jobs on the JSON 1.1 protocol (<c>POST /</c>,
/// <c>X-Amz-Target: SageMaker.&lt;Op&gt;</c>), SigV4-signed, retrying throttling, 5xx and network errors with
/// exponential backoff and full jitter. Every attempt is signed afresh.</summary>
public sealed class SageMakerLabelingClient : ILabelingJobClient, IDisposable
{
    public const string ContentType = "application/x-amz-json-1.1";
    private const string TargetPrefix = "SageMaker.";

    private readonly SageMakerClientOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ILogger _log;
    private readonly string _region;
    private readonly Uri _endpoint;

    /// <param name="http">A shared client (its handler decides proxies and timeouts); one is created when null.</param>
    public SageMakerLabelingClient(SageMakerClientOptions options, HttpClient? http = null, ILogger<SageMakerLabelingClient>? log = null)
    {
        if (options.MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1");
        _options = options;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        _log = log ?? (ILogger)NullLogger.Instance;
        _region = options.ResolveRegion();
        _endpoint = options.ResolveEndpoint(_region);
    }

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint => _endpoint;

    public Task<CreateLabelingJobResponse> CreateLabelingJobAsync(CreateLabelingJobRequest request, CancellationToken ct = default)
    {
        if (_options.ValidateRequests && LabelingJobValidation.Problems(request) is { Count: > 0 } problems)
            return Task.FromException<CreateLabelingJobResponse>(
                new ValidationException("ValidationException", string.Join("; ", problems), HttpStatusCode.BadRequest, requestId: null));
        return SendAsync<CreateLabelingJobRequest, CreateLabelingJobResponse>("CreateLabelingJob", request, ct);
    }

    public Task<DescribeLabelingJobResponse> DescribeLabelingJobAsync(DescribeLabelingJobRequest request, CancellationToken ct = default) =>
        SendAsync<DescribeLabelingJobRequest, DescribeLabelingJobResponse>("DescribeLabelingJob", request, ct);

    public Task<ListLabelingJobsResponse> ListLabelingJobsAsync(ListLabelingJobsRequest request, CancellationToken ct = default) =>
        SendAsync<ListLabelingJobsRequest, ListLabelingJobsResponse>("ListLabelingJobs", request, ct);

    public Task StopLabelingJobAsync(StopLabelingJobRequest request, CancellationToken ct = default) =>
        SendAsync<StopLabelingJobRequest, EmptyResponse>("StopLabelingJob", request, ct);

    private async Task<TResponse> SendAsync<TRequest, TResponse>(string operation, TRequest request, CancellationToken ct)
    {
        var body = SageMakerJson.Serialize(request);
        for (var attempt = 1; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            string failure;
            try
            {
                // Resolved per attempt: the default chain caches, and refreshing credentials (roles) renew themselves.
                var source = _options.Credentials ?? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().WaitAsync(ct);
                var credentials = await source.GetCredentialsAsync().WaitAsync(ct);
                using var message = CreateMessage(operation, body, credentials);
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct);
                var bytes = await response.Content.ReadAsByteArrayAsync(ct);
                if (response.IsSuccessStatusCode)
                    return bytes.Length == 0 ? SageMakerJson.Deserialize<TResponse>("{}"u8) : SageMakerJson.Deserialize<TResponse>(bytes);

                var error = SageMakerErrors.FromResponse(response.StatusCode, Header(response, "x-amzn-ErrorType"),
                    Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id"), bytes);
                if (!SageMakerErrors.IsRetryable(error) || attempt >= _options.MaxAttempts) throw error;
                failure = $"{error.ErrorType} (HTTP {(int)error.StatusCode}, request id {error.RequestId ?? "none"})";
            }
            catch (HttpRequestException e) when (attempt < _options.MaxAttempts)
            {
                failure = $"network error: {e.Message}";
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested && attempt < _options.MaxAttempts)
            {
                // HttpClient's own timeout, not the caller's token.
                failure = $"timeout: {e.Message}";
            }

            var delay = Backoff(attempt);
            _log.LogWarning("SageMaker {Operation} attempt {Attempt}/{MaxAttempts} failed with {Failure}; retrying in {DelayMs} ms",
                operation, attempt, _options.MaxAttempts, failure, (int)delay.TotalMilliseconds);
            await Task.Delay(delay, _options.Clock, ct);
        }
    }

    private HttpRequestMessage CreateMessage(string operation, byte[] body, ImmutableCredentials credentials)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + operation);
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue("edgelabel-groundtruth", "1.0"));
        SigV4RequestSigner.Sign(message, body, credentials, _region, SageMakerClientOptions.SigningService, _options.Clock.GetUtcNow());
        return message;
    }

    /// <summary>Full jitter: uniform in [0, min(cap, base·2^(attempt−1))].</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.MaxDelay.TotalMilliseconds, _options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    private sealed record EmptyResponse;
}
