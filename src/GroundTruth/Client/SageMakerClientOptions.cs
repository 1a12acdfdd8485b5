using Amazon.Runtime;

namespace EdgeLabel.GroundTruth.Client;

/// <summary>Where a <see cref="SageMakerLabelingClient"/> sends requests, as whom, and how hard it retries.</summary>
public sealed record SageMakerClientOptions
{
    /// <summary>The signing region; when null, <c>AWS_REGION</c> or <c>AWS_DEFAULT_REGION</c>.</summary>
    public string? Region { get; init; }
    /// <summary>An explicit endpoint (the embedded service, e.g. <c>http://127.0.0.1:5090</c>); when null,
    /// <c>https://api.sagemaker.{region}.amazonaws.com</c>.</summary>
    public Uri? ServiceUrl { get; init; }
    /// <summary>Explicit credentials (tests, the embedded service's keys); when null, the standard AWS chain
    /// (environment, profile, container/instance role).</summary>
    public AWSCredentials? Credentials { get; init; }
    /// <summary>Attempts per operation, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;
    /// <summary>The backoff before the second attempt; doubled each time, capped by <see cref="MaxDelay"/>, full jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>Check create requests against the API's documented constraints before sending them.</summary>
    public bool ValidateRequests { get; init; } = true;
    /// <summary>The clock that dates signatures and runs backoff delays.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public const string SigningService = "sagemaker";

    internal string ResolveRegion() =>
        Region ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ??
        throw new InvalidOperationException("no region for the SageMaker client: set it in the options or AWS_REGION");

    internal Uri ResolveEndpoint(string region) => ServiceUrl ?? new Uri($"https://api.sagemaker.{region}.amazonaws.com/");
}
