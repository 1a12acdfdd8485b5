using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace EdgeLabel.Storage.Tests;

/// <summary>Classification of SDK errors no local server can produce on demand (throttling, 5xx, permissions).</summary>
public sealed class S3ErrorsTests
{
    [Theory]
    [InlineData("SlowDown", HttpStatusCode.ServiceUnavailable, true)]
    [InlineData("InternalError", HttpStatusCode.InternalServerError, true)]
    [InlineData("", HttpStatusCode.BadGateway, true)]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest, true)]
    [InlineData("RequestTimeout", HttpStatusCode.BadRequest, true)]
    [InlineData("AccessDenied", HttpStatusCode.Forbidden, false)]
    [InlineData("InvalidAccessKeyId", HttpStatusCode.Forbidden, false)]
    [InlineData("SignatureDoesNotMatch", HttpStatusCode.Forbidden, false)]
    [InlineData("NoSuchBucket", HttpStatusCode.NotFound, false)]
    public void Service_errors_map_by_code_and_status(string code, HttpStatusCode status, bool transient)
    {
        var ex = new AmazonS3Exception("boom") { ErrorCode = code, StatusCode = status };

        var mapped = S3Errors.TryMap(ex, "put", "s3://b/k", CancellationToken.None);

        Assert.NotNull(mapped);
        Assert.Equal(transient, mapped.IsTransient);
        Assert.Equal(code.Length > 0 ? code : $"Http{(int)status}", mapped.Code);
    }

    [Fact]
    public void Connection_refused_is_transient()
    {
        var ex = new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused));

        var mapped = S3Errors.TryMap(ex, "put", "s3://b/k", CancellationToken.None);

        Assert.True(mapped!.IsTransient);
        Assert.Equal("ConnectionFailure", mapped.Code);
    }

    [Fact]
    public void Timeout_is_transient_but_caller_cancellation_propagates()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Equal("Timeout", S3Errors.TryMap(new TaskCanceledException(), "get", "s3://b/k", CancellationToken.None)!.Code);
        Assert.Null(S3Errors.TryMap(new TaskCanceledException(), "get", "s3://b/k", cancelled.Token));
    }

    [Fact]
    public void Client_side_wrapper_of_a_socket_error_is_transient()
    {
        var ex = new AmazonClientException("send failed", new HttpRequestException("x", new SocketException((int)SocketError.HostUnreachable)));

        Assert.True(S3Errors.TryMap(ex, "put", "s3://b/k", CancellationToken.None)!.IsTransient);
    }
}
