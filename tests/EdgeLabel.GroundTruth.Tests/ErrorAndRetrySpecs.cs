using System.Diagnostics;
using System.Net;
using Amazon.Runtime;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Client;
using EdgeLabel.GroundTruth.Tests.Support;

namespace EdgeLabel.GroundTruth.Tests;

/// <summary>AWS JSON error answers become typed exceptions; transient ones are retried, the request's own faults not.</summary>
public sealed class ErrorAndRetrySpecs
{
    private static readonly AWSCredentials Keys = new BasicAWSCredentials("AKIDTEST", "test-secret");
    private static readonly DescribeLabelingJobRequest Describe = new() { LabelingJobName = "edge-lowconf-0001" };

    private const string DescribeAnswer = """
        {"LabelingJobStatus":"InProgress","LabelCounters":{"TotalLabeled":1,"HumanLabeled":1,"MachineLabeled":0,"FailedNonRetryableError":0,"Unlabeled":4},
         "CreationTime":1764158134.5,"LastModifiedTime":1764158200,"JobReferenceCode":"ref","LabelingJobName":"edge-lowconf-0001",
         "LabelingJobArn":"arn:aws:sagemaker:us-east-1:123456789012:labeling-job/edge-lowconf-0001","LabelAttributeName":"label",
         "InputConfig":{"DataSource":{"S3DataSource":{"ManifestS3Uri":"s3://b/m.jsonl"}}},"OutputConfig":{"S3OutputPath":"s3://b/out/"},
         "RoleArn":"arn:aws:iam::123456789012:role/gt",
         "HumanTaskConfig":{"WorkteamArn":"arn:w","UiConfig":{"UiTemplateS3Uri":"s3://b/t.liquid"},"TaskTitle":"t","TaskDescription":"d",
           "NumberOfHumanWorkersPerDataObject":3,"TaskTimeLimitInSeconds":300}}
        """;

    public static TheoryData<string, string, Type, string> ErrorShapes => new()
    {
        { """{"__type":"com.amazonaws.sagemaker#ResourceNotFound","Message":"Could not find job"}""", "", typeof(ResourceNotFoundException), "ResourceNotFound" },
        { """{"__type":"ResourceInUse","message":"Job name already exists"}""", "", typeof(ResourceInUseException), "ResourceInUse" },
        { """{"__type":"ResourceLimitExceeded","Message":"Too many jobs"}""", "", typeof(ResourceLimitExceededException), "ResourceLimitExceeded" },
        { """{"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error detected"}""", "", typeof(ValidationException), "ValidationException" },
        { """{"message":"Job name already exists"}""", "ResourceInUse:http://internal.amazon.com/coral/com.amazonaws.sagemaker/", typeof(ResourceInUseException), "ResourceInUse" },
        { """{"__type":"AccessDeniedException","Message":"not allowed"}""", "", typeof(SageMakerException), "AccessDeniedException" },
    };

    [Theory]
    [MemberData(nameof(ErrorShapes))]
    public async Task AWS_error_shapes_become_typed_exceptions_with_status_and_request_id_and_are_not_retried(
        string body, string errorTypeHeader, Type expected, string expectedType)
    {
        await using var server = new RecordingServer((_, _) => new CannedResponse(400, body, new Dictionary<string, string>
        {
            ["x-amzn-RequestId"] = "req-123",
            ["x-amzn-ErrorType"] = errorTypeHeader,
        }.Where(h => h.Value.Length > 0).ToDictionary()));
        using var client = SigningSpecs.Client(server, Keys);

        var error = await Assert.ThrowsAnyAsync<SageMakerException>(() =>
            client.DescribeLabelingJobAsync(Describe, TestContext.Current.CancellationToken));

        Assert.IsType(expected, error);
        Assert.Equal(expectedType, error.ErrorType);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("req-123", error.RequestId);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Throttling_and_5xx_are_retried_each_attempt_freshly_signed_until_the_answer_arrives()
    {
        await using var server = new RecordingServer((_, n) => n switch
        {
            1 => CannedResponse.Json(400, """{"__type":"ThrottlingException","message":"Rate exceeded"}""", "r1"),
            2 => CannedResponse.Json(500, """{"__type":"InternalFailure"}""", "r2"),
            3 => CannedResponse.Json(503, "<html>Service Unavailable</html>"),
            4 => CannedResponse.Drop,
            _ => CannedResponse.Json(200, DescribeAnswer),
        });
        using var client = SigningSpecs.Client(server, Keys, maxAttempts: 5);

        var described = await client.DescribeLabelingJobAsync(Describe, TestContext.Current.CancellationToken);

        Assert.Equal(LabelingJobStatus.InProgress, described.LabelingJobStatus);
        Assert.Equal(4, described.LabelCounters.Unlabeled);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_764_158_134_500), described.CreationTime);
        Assert.Equal(5, server.Requests.Count);
        var verifier = SigningSpecs.Verifier("AKIDTEST", "test-secret");
        Assert.All(server.Requests, r => Assert.True(verifier.Verify(r.ToIncoming()).IsValid));
    }

    [Fact]
    public async Task Throttling_on_every_attempt_gives_up_after_MaxAttempts_with_a_ThrottlingException()
    {
        await using var server = new RecordingServer((_, _) => CannedResponse.Json(400, """{"__type":"ThrottlingException","message":"Rate exceeded"}"""));
        using var client = SigningSpecs.Client(server, Keys, maxAttempts: 3);

        var error = await Assert.ThrowsAsync<ThrottlingException>(() =>
            client.ListLabelingJobsAsync(new() { StatusEquals = LabelingJobStatus.InProgress }, TestContext.Current.CancellationToken));

        Assert.Equal("Rate exceeded", error.ErrorMessage);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_ValidationException_from_the_service_is_thrown_after_one_attempt()
    {
        await using var server = new RecordingServer((_, _) => CannedResponse.Json(400, """{"__type":"ValidationException","Message":"bad name"}""", "rv"));
        using var client = SigningSpecs.Client(server, Keys, maxAttempts: 5);

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            client.StopLabelingJobAsync(new() { LabelingJobName = "x" }, TestContext.Current.CancellationToken));

        Assert.Equal("bad name", error.ErrorMessage);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_invalid_create_request_is_refused_before_anything_is_sent()
    {
        await using var server = new RecordingServer((_, _) => CannedResponse.Json(200, """{"LabelingJobArn":"a"}"""));
        using var client = SigningSpecs.Client(server, Keys);
        var request = CapturedJob.Create() with
        {
            LabelingJobName = "bad_name!",
            HumanTaskConfig = CapturedJob.Create().HumanTaskConfig with { NumberOfHumanWorkersPerDataObject = 10 },
        };

        var error = await Assert.ThrowsAsync<ValidationException>(() => client.CreateLabelingJobAsync(request, TestContext.Current.CancellationToken));

        Assert.Contains("LabelingJobName", error.ErrorMessage);
        Assert.Contains("NumberOfHumanWorkersPerDataObject 10 must be 1-9", error.ErrorMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Cancellation_stops_the_backoff_at_once()
    {
        await using var server = new RecordingServer((_, _) => CannedResponse.Json(500, """{"__type":"InternalFailure"}"""));
        using var client = SigningSpecs.Client(server, Keys, maxAttempts: 10, baseDelay: TimeSpan.FromSeconds(30));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        // Full jitter may draw a short first delay; a second 500 then leads to a longer one, which the cancel cuts.
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.DescribeLabelingJobAsync(Describe, cts.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.InRange(server.Requests.Count, 1, 9);
    }

    [Fact]
    public async Task Connection_refused_on_every_attempt_surfaces_the_network_error()
    {
        var port = FreePort();
        using var client = new SageMakerLabelingClient(new SageMakerClientOptions
        {
            Region = "us-east-1", ServiceUrl = new Uri($"http://127.0.0.1:{port}/"), Credentials = Keys,
            MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(5),
        });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.DescribeLabelingJobAsync(Describe, TestContext.Current.CancellationToken));
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
