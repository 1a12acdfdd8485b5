using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Signing;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeLabel.CloudNode.Http;

/// <summary>The embedded Ground Truth service's SageMaker API: <c>POST /</c> with <c>X-Amz-Target: SageMaker.&lt;Op&gt;</c>
/// on the JSON 1.1 protocol, SigV4-verified against the configured access keys, answering AWS JSON error shapes
/// (<c>__type</c> + <c>Message</c>), so the AWS SDKs work against it unchanged.</summary>
public static class SageMakerEndpoints
{
    public const string ContentType = "application/x-amz-json-1.1";
    private const string TargetPrefix = "SageMaker.";
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    public static void MapSageMakerEndpoints(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<CloudSettings>().GroundTruth;
        if (!settings.Enabled) return;
        var credentials = app.Services.GetRequiredService<GroundTruthCredentials>();
        var verifier = new SigV4Verifier(credentials.SecretFor, new SigV4VerifierOptions
        {
            Clock = app.Services.GetRequiredService<TimeProvider>(),
            Region = settings.Region,
            Service = "sagemaker",
        });
        app.MapPost("/", (HttpContext context, ClusterIncarnations incarnations, CancellationToken ct) =>
            HandleAsync(context, verifier, incarnations, ct));
    }

    private static async Task<IResult> HandleAsync(HttpContext context, SigV4Verifier verifier, ClusterIncarnations incarnations, CancellationToken ct)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, ct);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e)
        {
            return Error(context, "ValidationException", $"the request body could not be read: {e.Message}", e.StatusCode);
        }

        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var q = raw.IndexOf('?');
        var headers = context.Request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))).ToArray();
        var verification = verifier.Verify(new IncomingRequest(context.Request.Method, q < 0 ? raw : raw[..q], q < 0 ? null : raw[(q + 1)..], headers, body));
        if (!verification.IsValid)
            return Error(context, verification.AwsErrorCode, verification.Reason, StatusCodes.Status403Forbidden);

        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal))
            return Error(context, "UnknownOperationException", "X-Amz-Target must be SageMaker.<Operation>", 400);
        IGroundTruthCommand command;
        try
        {
            command = target[TargetPrefix.Length..] switch
            {
                "CreateLabelingJob" => new CreateLabelingJob(SageMakerJson.Deserialize<CreateLabelingJobRequest>(body)),
                "DescribeLabelingJob" => new DescribeLabelingJob(SageMakerJson.Deserialize<DescribeLabelingJobRequest>(body).LabelingJobName),
                "ListLabelingJobs" => new ListLabelingJobs(body.Length == 0 ? new ListLabelingJobsRequest() : SageMakerJson.Deserialize<ListLabelingJobsRequest>(body)),
                "StopLabelingJob" => new StopLabelingJob(SageMakerJson.Deserialize<StopLabelingJobRequest>(body).LabelingJobName),
                var op => throw new UnknownOperation(op),
            };
        }
        catch (UnknownOperation e)
        {
            return Error(context, "UnknownOperationException", $"The embedded Ground Truth service does not implement {e.Message}", 400);
        }
        catch (JsonException e)
        {
            return Error(context, "ValidationException", $"The request body is not valid for {target}: {e.Message}", 400);
        }

        if (incarnations.Current is not { } system || !ActorRegistry.For(system).TryGet<EmbeddedGroundTruth>(out var service))
            return Error(context, "ServiceUnavailable", "the cluster is starting or restarting; try again", 503);
        try
        {
            return await service.Ask<IGroundTruthReply>(command, AskTimeout, ct) switch
            {
                LabelingJobCreated r => Ok(r.Response),
                LabelingJobDescribed r => Ok(r.Response),
                LabelingJobsListed r => Ok(r.Response),
                LabelingJobStopAccepted => Results.Bytes("{}"u8.ToArray(), ContentType),
                SageMakerError e => Error(context, e.Type, e.Message, 400),
                var other => Error(context, "InternalFailure", $"unexpected reply {other.GetType().Name}", 500),
            };
        }
        catch (AskTimeoutException)
        {
            // 503 is retryable in every AWS SDK: the singleton may be moving between cloud nodes.
            return Error(context, "ServiceUnavailable", "the labeling service did not answer in time; try again", 503);
        }
    }

    private static IResult Ok<T>(T response) => Results.Bytes(SageMakerJson.Serialize(response), ContentType);

    private static IResult Error(HttpContext context, string type, string message, int status)
    {
        context.Response.Headers["x-amzn-ErrorType"] = type;
        return Results.Content(JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = type, ["Message"] = message }),
            ContentType, System.Text.Encoding.UTF8, status);
    }

    private sealed class UnknownOperation(string operation) : Exception(operation);
}
