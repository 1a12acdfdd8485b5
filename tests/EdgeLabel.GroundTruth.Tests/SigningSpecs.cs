using Amazon.Runtime;
using EdgeLabel.GroundTruth.Client;
using EdgeLabel.GroundTruth.Signing;
using EdgeLabel.GroundTruth.Tests.Support;

namespace EdgeLabel.GroundTruth.Tests;

/// <summary>Our client's signatures against our verifier and against an independent signer (@smithy/signature-v4 in
/// node); our verifier against the JS SDK's captured requests.</summary>
public sealed class SigningSpecs
{
    private const string JobArn = "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/edge-lowconf-0001";

    [Fact]
    public async Task Our_signed_CreateLabelingJob_verifies_with_our_verifier_and_matches_smithy_signature_v4()
    {
        await using var server = new RecordingServer((_, _) => CannedResponse.Json(200, $$"""{"LabelingJobArn":"{{JobArn}}"}"""));
        using var client = Client(server, new BasicAWSCredentials(CapturedJob.AccessKeyId, CapturedJob.SecretAccessKey));

        var created = await client.CreateLabelingJobAsync(CapturedJob.Create(), TestContext.Current.CancellationToken);

        Assert.Equal(JobArn, created.LabelingJobArn);
        var sent = Assert.Single(server.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/", sent.Target);
        Assert.Equal("SageMaker.CreateLabelingJob", sent.Header("x-amz-target"));
        Assert.Equal("application/x-amz-json-1.1", sent.Header("content-type"));
        Assert.Equal(RawHttpRequest.ParseCapture(CapturedJob.CreateCapture).BodyText, sent.BodyText);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={CapturedJob.AccessKeyId}/", sent.Header("authorization"));
        Assert.Contains("/us-east-1/sagemaker/aws4_request", sent.Header("authorization"));
        foreach (var name in (string[])["host", "x-amz-date", "x-amz-target", "content-type", "x-amz-content-sha256"])
            Assert.Contains(name, NodeSigner.SignedHeaders(sent));

        var ours = Verifier(CapturedJob.AccessKeyId, CapturedJob.SecretAccessKey).Verify(sent.ToIncoming());
        Assert.True(ours.IsValid, ours.Reason);
        Assert.Equal(CapturedJob.AccessKeyId, ours.AccessKeyId);

        var smithy = await NodeSigner.ResignAsync(sent, CapturedJob.AccessKeyId, CapturedJob.SecretAccessKey, "us-east-1", "sagemaker",
            TestContext.Current.CancellationToken);
        Assert.Equal(sent.Header("x-amz-content-sha256"), smithy.PayloadHash);
        Assert.Equal(sent.Header("authorization"), smithy.Authorization);
    }

    [Fact]
    public async Task Session_credentials_sign_the_security_token_and_still_verify_both_ways()
    {
        await using var server = new RecordingServer((_, _) => CannedResponse.Json(200, "{}"));
        using var client = Client(server, new SessionAWSCredentials("ASIATESTSESSION", "session/secret+key", "token-with spaces  and=signs"),
            region: "eu-west-1");

        await client.StopLabelingJobAsync(new() { LabelingJobName = "edge-lowconf-0001" }, TestContext.Current.CancellationToken);

        var sent = Assert.Single(server.Requests);
        Assert.Equal("SageMaker.StopLabelingJob", sent.Header("x-amz-target"));
        Assert.Contains("x-amz-security-token", NodeSigner.SignedHeaders(sent));
        var ours = Verifier("ASIATESTSESSION", "session/secret+key", region: "eu-west-1").Verify(sent.ToIncoming());
        Assert.True(ours.IsValid, ours.Reason);
        var smithy = await NodeSigner.ResignAsync(sent, "ASIATESTSESSION", "session/secret+key", "eu-west-1", "sagemaker",
            TestContext.Current.CancellationToken);
        Assert.Equal(sent.Header("authorization"), smithy.Authorization);
    }

    [Theory]
    [InlineData("sagemaker-createlabelingjob-request.txt")]
    [InlineData("sagemaker-describelabelingjob-request.txt")]
    public void The_JS_SDK_captures_verify_with_the_AWS_documentation_example_key(string capture)
    {
        var request = RawHttpRequest.ParseCapture(Path.Combine(RepoPaths.SageMakerWire, capture));
        var verifier = new SigV4Verifier(k => k == CapturedJob.AccessKeyId ? CapturedJob.SecretAccessKey : null,
            new SigV4VerifierOptions { Clock = FixedClock.At(request.Header("x-amz-date")!), Region = CapturedJob.Region });

        var result = verifier.Verify(request.ToIncoming());

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(CapturedJob.AccessKeyId, result.AccessKeyId);
    }

    [Fact]
    public async Task The_node_signer_reproduces_the_captured_JS_SDK_signature()
    {
        // Checks the independent harness itself: fed a request the real JS SDK signed, it must print the same header.
        var request = RawHttpRequest.ParseCapture(CapturedJob.CreateCapture);

        var smithy = await NodeSigner.ResignAsync(request, CapturedJob.AccessKeyId, CapturedJob.SecretAccessKey, "us-east-1", "sagemaker",
            TestContext.Current.CancellationToken);

        Assert.Equal(request.Header("authorization"), smithy.Authorization);
    }

    internal static SageMakerLabelingClient Client(RecordingServer server, AWSCredentials credentials, string region = "us-east-1",
        int maxAttempts = 5, TimeSpan? baseDelay = null) =>
        new(new SageMakerClientOptions
        {
            Region = region,
            ServiceUrl = server.Url,
            Credentials = credentials,
            MaxAttempts = maxAttempts,
            BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(5),
        });

    internal static SigV4Verifier Verifier(string accessKeyId, string secret, string region = "us-east-1") =>
        new(k => k == accessKeyId ? secret : null, new SigV4VerifierOptions { Region = region });
}
