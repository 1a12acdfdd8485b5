using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.CloudNode.Portal;
using EdgeLabel.GroundTruth.Embedded;
using EdgeLabel.Storage;
using Microsoft.AspNetCore.Http.Features;
using SkiaSharp;

namespace EdgeLabel.CloudNode.Http;

/// <summary>The private workforce's task API, behind <c>Authorization: Bearer &lt;labeler token&gt;</c> or a portal session
/// (cookie, plus the CSRF header on POSTs; see <see cref="LabelerIdentity"/>):
/// <c>GET /labeling/api/tasks</c> (my open tasks), <c>GET /labeling/api/tasks/{id}</c>, <c>GET .../{id}/image</c>,
/// <c>POST .../{id}/answer</c> (the worker UI's bounding-box answer), <c>POST .../{id}/decline</c>. A task of another
/// labeler answers 403, one that does not exist 404.</summary>
public static class LabelingTaskEndpoints
{
    public const int MaxAnswerBytes = 64 * 1024;
    private const int DrainLimit = 1024 * 1024;
    private const string WorkerItem = "edgelabel.worker";
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    public static void MapLabelingTaskEndpoints(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<CloudSettings>().GroundTruth.Enabled) return;
        var tasks = app.MapGroup("/labeling/api/tasks").AddEndpointFilter(async (context, next) =>
        {
            // A script's bearer token, or the portal's session cookie (+ CSRF header on POSTs): one labeler either way.
            var (worker, refusal) = LabelerIdentity.Resolve(context.HttpContext);
            if (refusal is not null) return refusal;
            context.HttpContext.Items[WorkerItem] = worker;
            return await next(context);
        });

        tasks.MapGet("", async (HttpContext http, ClusterIncarnations incarnations, LabelerCounts counts, CancellationToken ct) =>
            await AskAsync(incarnations, new ListWorkerTasks(Worker(http)), ct) switch
            {
                WorkerTaskList list => Results.Ok(new
                {
                    worker = list.Worker,
                    tasks = list.Tasks.Select(t => new { t.TaskId, t.JobName, t.Title, t.DataObjectIndex, t.ExpiresAt, url = $"/labeling/api/tasks/{t.TaskId}" }),
                    counts = new { open = list.Tasks.Count, answered = counts.Of(list.Worker).Answered, declined = counts.Of(list.Worker).Declined },
                }),
                var other => Refusal(other),
            });

        tasks.MapGet("/{taskId}", async (string taskId, HttpContext http, ClusterIncarnations incarnations, IObjectStore store, CancellationToken ct) =>
        {
            var reply = await AskAsync(incarnations, new GetWorkerTask(Worker(http), taskId), ct);
            if (reply is not WorkerTaskDetail task) return Refusal(reply);
            var size = await ImageSizeAsync(store, task.SourceRef, ct);
            var extra = JsonNode.Parse(task.ExtraKeysJson) as JsonObject ?? new JsonObject();
            var pre = extra[InputManifest.PreAnnotationsKey]?.DeepClone();
            extra.Remove(InputManifest.PreAnnotationsKey);
            return Results.Ok(new
            {
                task.TaskId,
                task.JobName,
                task.Title,
                task.Description,
                task.DataObjectIndex,
                imageUrl = $"/labeling/api/tasks/{task.TaskId}/image",
                imageSize = size is { } s ? new { width = s.Width, height = s.Height } : null,
                labels = task.Categories,
                preAnnotations = pre,
                attributes = extra,
                task.ExpiresAt,
                taskTimeLimitSeconds = task.TaskTimeLimitSeconds,
                answerUrl = $"/labeling/api/tasks/{task.TaskId}/answer",
            });
        });

        tasks.MapGet("/{taskId}/image", async (string taskId, HttpContext http, ClusterIncarnations incarnations, IObjectStore store, CancellationToken ct) =>
        {
            var reply = await AskAsync(incarnations, new GetWorkerTask(Worker(http), taskId), ct);
            if (reply is not WorkerTaskDetail task) return Refusal(reply);
            try
            {
                var bytes = await ReadAsync(store, ObjectUri.Parse(task.SourceRef), ct);
                return Results.Bytes(bytes, ImageContentType(bytes));
            }
            catch (Exception e) when (e is ObjectStoreException or IOException or FormatException)
            {
                // The object's address is the site's business, not the labeler's: only say that it is missing.
                return Results.Json(new { error = "the image of this task cannot be read from the object store" }, statusCode: 502);
            }
        });

        tasks.MapPost("/{taskId}/answer", async (string taskId, HttpContext http, ClusterIncarnations incarnations, IObjectStore store, CancellationToken ct) =>
        {
            // Kestrel cuts this endpoint's bodies at DrainLimit; up to there an oversize answer is read to its end and
            // refused with a 400 the client can read (answering before the upload ends leaves it a reset connection).
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = DrainLimit;
            if (http.Request.ContentLength > DrainLimit) return BadRequest($"the answer is larger than {MaxAnswerBytes} bytes");
            byte[] body;
            try
            {
                body = await ReadBodyAsync(http.Request.Body, ct);
            }
            catch (BadHttpRequestException)
            {
                return BadRequest($"the answer is larger than {MaxAnswerBytes} bytes");
            }
            if (body.Length > MaxAnswerBytes) return BadRequest($"the answer is larger than {MaxAnswerBytes} bytes");
            if (!WorkerAnswer.TryParse(body, out var answer, out var problem)) return BadRequest(problem);

            // Look the task up first, so that another labeler's task answers 403 before anything about the image is read.
            var reply = await AskAsync(incarnations, new GetWorkerTask(Worker(http), taskId), ct);
            if (reply is not WorkerTaskDetail task) return Refusal(reply);
            var size = await ImageSizeAsync(store, task.SourceRef, ct);
            return await AskAsync(incarnations, new SubmitTaskAnswer(Worker(http), taskId, answer, size?.Width, size?.Height), ct) switch
            {
                WorkerTaskAccepted => Answered(http, taskId),
                WorkerTaskRejected rejected => BadRequest(rejected.Reason),
                var other => Refusal(other),
            };
        });

        tasks.MapPost("/{taskId}/decline", async (string taskId, HttpContext http, ClusterIncarnations incarnations, CancellationToken ct) =>
            await AskAsync(incarnations, new DeclineWorkerTask(Worker(http), taskId), ct) switch
            {
                WorkerTaskAccepted => Declined(http, taskId),
                var other => Refusal(other),
            });
    }

    private static string Worker(HttpContext http) => (string)http.Items[WorkerItem]!;

    private static IResult Answered(HttpContext http, string taskId)
    {
        http.RequestServices.GetRequiredService<LabelerCounts>().Answered(Worker(http));
        return Results.Ok(new { taskId, status = "answered" });
    }

    private static IResult Declined(HttpContext http, string taskId)
    {
        http.RequestServices.GetRequiredService<LabelerCounts>().Declined(Worker(http));
        return Results.Ok(new { taskId, status = "declined" });
    }

    private static IResult BadRequest(string reason) => Results.Json(new { error = reason }, statusCode: 400);

    private static IResult Refusal(object? reply) => reply switch
    {
        WorkerTaskNotFound => Results.Json(new { error = "no such task" }, statusCode: 404),
        WorkerTaskNotYours => Results.Json(new { error = "this task is assigned to another labeler" }, statusCode: 403),
        WorkerTaskClosed closed => Results.Json(new { error = $"the task is no longer open ({closed.State})", state = closed.State }, statusCode: 409),
        WorkerTaskRejected rejected => BadRequest(rejected.Reason),
        Unavailable u => Results.Json(new { error = u.Reason }, statusCode: 503),
        var other => Results.Json(new { error = $"unexpected reply {other?.GetType().Name}" }, statusCode: 500),
    };

    private sealed record Unavailable(string Reason);

    private static async Task<object> AskAsync(ClusterIncarnations incarnations, IGroundTruthCommand command, CancellationToken ct)
    {
        if (incarnations.Current is not { } system || !ActorRegistry.For(system).TryGet<EmbeddedGroundTruth>(out var service))
            return new Unavailable("the cluster is starting or restarting; try again");
        try
        {
            return await service.Ask<IGroundTruthReply>(command, AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return new Unavailable("the labeling service did not answer in time; try again");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        var oversize = false;
        int n;
        while ((n = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length <= MaxAnswerBytes) buffer.Write(chunk, 0, n); // past the limit: drained, not kept
            else oversize = true;
        }
        if (oversize) buffer.WriteByte(0); // longer than the limit, whatever it holds
        return buffer.ToArray();
    }

    private static async Task<byte[]> ReadAsync(IObjectStore store, ObjectUri uri, CancellationToken ct)
    {
        await using var stream = await store.GetAsync(uri, ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>The image's displayed size (EXIF rotation applied), or null when it cannot be read or decoded.</summary>
    private static async Task<(int Width, int Height)?> ImageSizeAsync(IObjectStore store, string sourceRef, CancellationToken ct)
    {
        try
        {
            var bytes = await ReadAsync(store, ObjectUri.Parse(sourceRef), ct);
            using var data = SKData.CreateCopy(bytes);
            using var codec = SKCodec.Create(data);
            if (codec is null) return null;
            var info = codec.Info;
            return codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom
                ? (info.Height, info.Width)
                : (info.Width, info.Height);
        }
        catch (Exception e) when (e is ObjectStoreException or IOException or FormatException)
        {
            return null;
        }
    }

    private static string ImageContentType(ReadOnlySpan<byte> b) =>
        b.StartsWith((byte[])[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : b.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47]) ? "image/png"
        : b.StartsWith("GIF8"u8) ? "image/gif"
        : b.StartsWith("BM"u8) ? "image/bmp"
        : b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : "application/octet-stream";

}
