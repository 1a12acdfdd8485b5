using System.Text;
using Amazon.Runtime.Internal.Auth;
using EdgeLabel.GroundTruth.Signing;
using EdgeLabel.GroundTruth.Tests.Support;

namespace EdgeLabel.GroundTruth.Tests;

/// <summary>The service-side verifier refuses every way a request can be forged, replayed or half-signed. The base
/// request is the JS SDK's captured CreateLabelingJob, which verifies as it is.</summary>
public sealed class SigV4VerifierSpecs
{
    // Read per test (not in a static initializer), so a missing capture skips the test instead of failing the class.
    private static RawHttpRequest Captured => RawHttpRequest.ParseCapture(CapturedJob.CreateCapture);
    private static DateTimeOffset SignedAt => FixedClock.At(Captured.Header("x-amz-date")!).GetUtcNow();

    private static SigV4Verification Verify(RawHttpRequest request, string secret = CapturedJob.SecretAccessKey,
        TimeSpan? clockOffset = null, string service = "sagemaker") =>
        new SigV4Verifier(k => k == CapturedJob.AccessKeyId ? secret : null, new SigV4VerifierOptions
        {
            Clock = new FixedClock(SignedAt + (clockOffset ?? TimeSpan.Zero)),
            Service = service,
        }).Verify(request.ToIncoming());

    [Fact]
    public void The_untouched_capture_verifies()
    {
        var result = Verify(Captured);
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("", result.AwsErrorCode);
    }

    [Fact]
    public void A_tampered_body_is_refused_as_a_body_hash_mismatch()
    {
        var tampered = Captured with { Body = Encoding.UTF8.GetBytes(Captured.BodyText.Replace("\"NumberOfHumanWorkersPerDataObject\":1", "\"NumberOfHumanWorkersPerDataObject\":9")) };

        var result = Verify(tampered);

        Assert.Equal(SigV4Failure.BodyHashMismatch, result.Failure);
        Assert.Equal("InvalidSignatureException", result.AwsErrorCode);
    }

    [Fact]
    public void A_tampered_body_with_a_matching_content_hash_header_is_refused_as_a_signature_mismatch()
    {
        var body = Encoding.UTF8.GetBytes(Captured.BodyText.Replace("edge-lowconf-0001", "edge-lowconf-0002"));
        var tampered = (Captured with { Body = body }).WithHeader("x-amz-content-sha256", SigV4Canonical.HexSha256(body));

        Assert.Equal(SigV4Failure.SignatureMismatch, Verify(tampered).Failure);
    }

    [Fact]
    public void A_tampered_body_without_a_content_hash_header_is_refused_as_a_signature_mismatch()
    {
        var (request, _) = SignManually(["content-type", "host", "x-amz-date", "x-amz-target"]);
        Assert.True(Verify(request).IsValid);

        var tampered = request with { Body = Encoding.UTF8.GetBytes("{\"LabelingJobName\":\"other\"}") };

        Assert.Equal(SigV4Failure.SignatureMismatch, Verify(tampered).Failure);
    }

    [Fact]
    public void A_changed_signed_header_is_refused()
    {
        var tampered = Captured.WithHeader("x-amz-target", "SageMaker.StopLabelingJob");
        Assert.Equal(SigV4Failure.SignatureMismatch, Verify(tampered).Failure);
    }

    [Fact]
    public void The_wrong_secret_is_refused_as_a_signature_mismatch()
    {
        var result = Verify(Captured, secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ");

        Assert.Equal(SigV4Failure.SignatureMismatch, result.Failure);
        Assert.Equal(CapturedJob.AccessKeyId, result.AccessKeyId);
        Assert.DoesNotContain("EXAMPLEKE", result.Reason);
    }

    [Fact]
    public void An_unknown_access_key_is_refused()
    {
        var request = Captured.WithHeader("authorization", Captured.Header("authorization")!.Replace("AKIDEXAMPLE", "AKIDUNKNOWN"));

        var result = Verify(request);

        Assert.Equal(SigV4Failure.UnknownAccessKey, result.Failure);
        Assert.Equal("UnrecognizedClientException", result.AwsErrorCode);
    }

    [Theory]
    [InlineData(16, SigV4Failure.RequestExpired)]
    [InlineData(-16, SigV4Failure.RequestExpired)]
    [InlineData(14, SigV4Failure.None)]
    [InlineData(-14, SigV4Failure.None)]
    public void The_date_must_be_within_15_minutes_of_the_clock(int clockMinutesAfterSigning, SigV4Failure expected)
    {
        Assert.Equal(expected, Verify(Captured, clockOffset: TimeSpan.FromMinutes(clockMinutesAfterSigning)).Failure);
    }

    [Fact]
    public void A_replayed_request_with_a_fresh_date_header_but_the_old_signature_is_refused()
    {
        var replay = Captured.WithHeader("x-amz-date", SigV4Canonical.FormatDate(SignedAt.AddHours(1).UtcDateTime));
        Assert.NotEqual(SigV4Failure.None, Verify(replay, clockOffset: TimeSpan.FromHours(1)).Failure);
    }

    [Theory]
    [InlineData("host")]
    [InlineData("x-amz-date")]
    public void A_signature_that_leaves_host_or_x_amz_date_unsigned_is_refused(string unsigned)
    {
        // Correctly signed over the remaining headers, so only the policy can refuse it.
        string[] all = ["content-type", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-target"];
        var (request, _) = SignManually(all.Where(h => h != unsigned).ToArray());

        var result = Verify(request);

        Assert.Equal(SigV4Failure.MissingSignedHeader, result.Failure);
        Assert.Contains(unsigned, result.Reason);
        Assert.Equal("IncompleteSignatureException", result.AwsErrorCode);
    }

    [Fact]
    public void A_signed_header_absent_from_the_request_is_refused()
    {
        var request = Captured with { Headers = Captured.Headers.Where(h => h.Key != "amz-sdk-request").ToList() };
        Assert.Equal(SigV4Failure.MissingSignedHeader, Verify(request).Failure);
    }

    [Fact]
    public void Missing_and_malformed_authorization_headers_are_refused()
    {
        var missing = Captured with { Headers = Captured.Headers.Where(h => h.Key != "authorization").ToList() };
        Assert.Equal(SigV4Failure.MissingAuthorization, Verify(missing).Failure);
        Assert.Equal("MissingAuthenticationTokenException", Verify(missing).AwsErrorCode);

        foreach (var bad in (string[])
                 [
                     "AWS4-HMAC-SHA1 Credential=AKIDEXAMPLE/20261126/us-east-1/sagemaker/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + new string('0', 64),
                     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/sagemaker, SignedHeaders=host;x-amz-date, Signature=" + new string('0', 64),
                     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/sagemaker/aws4_request, Signature=" + new string('0', 64),
                     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/sagemaker/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
                     "garbage",
                 ])
            Assert.Equal(SigV4Failure.MalformedAuthorization, Verify(Captured.WithHeader("authorization", bad)).Failure);
    }

    [Fact]
    public void A_signature_scoped_to_another_service_is_refused()
    {
        Assert.Equal(SigV4Failure.ScopeMismatch, Verify(Captured, service: "s3").Failure);
    }

    /// <summary>The captured request re-signed with the example key over only <paramref name="signedHeaders"/>.</summary>
    private static (RawHttpRequest Request, string Signature) SignManually(string[] signedHeaders)
    {
        var headers = SigV4Canonical.Headers(Captured.Headers.Where(h => signedHeaders.Contains(h.Key.ToLowerInvariant())));
        var list = SigV4Canonical.SignedHeaderList(headers);
        var canonical = SigV4Canonical.Request("POST", "/", "", headers, SigV4Canonical.HexSha256(Captured.Body));
        var signature = AWS4Signer.ComputeSignature(CapturedJob.AccessKeyId, CapturedJob.SecretAccessKey, CapturedJob.Region,
            SignedAt.UtcDateTime, "sagemaker", list, canonical).Signature;
        var authorization = $"AWS4-HMAC-SHA256 Credential={CapturedJob.AccessKeyId}/{SignedAt:yyyyMMdd}/{CapturedJob.Region}/sagemaker/aws4_request, SignedHeaders={list}, Signature={signature}";
        var request = Captured.WithHeader("authorization", authorization);
        if (!signedHeaders.Contains("x-amz-content-sha256"))
            request = request with { Headers = request.Headers.Where(h => h.Key != "x-amz-content-sha256").ToList() };
        return (request, signature);
    }
}
