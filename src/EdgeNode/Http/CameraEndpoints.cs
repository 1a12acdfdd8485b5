using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Camera;
using EdgeLabel.Actors.Pipeline;

namespace EdgeLabel.EdgeNode.Http;

/// <summary>POST /cameras/{name}/images: the HTTP push camera. The answer comes once the decision is persisted;
/// 503 with Retry-After when the pipeline is saturated, so cameras back off instead of piling up requests; 507
/// (Insufficient Storage) with Retry-After when the spool quota is full and nothing may be dropped to make room.</summary>
public static class CameraEndpoints
{
    private static readonly TimeSpan DecisionTimeout = TimeSpan.FromSeconds(60);

    public static void MapCameraEndpoints(this WebApplication app)
    {
        app.MapPost("/cameras/{camera}/images", async (string camera, HttpRequest request, IRequiredActor<SitePipeline> pipeline, CancellationToken ct) =>
        {
            var bytes = await ReadBodyAsync(request, ct);
            if (bytes is null) return Results.Problem("image larger than the request limit", statusCode: 413);
            var fileName = request.Headers["X-File-Name"].FirstOrDefault();
            var reply = await pipeline.ActorRef.Ask<object>(new ToCamera(camera, new SubmitImage(bytes, fileName, null)), DecisionTimeout, ct);
            return reply switch
            {
                ImageOutcome o => Results.Ok(new { contentId = o.Id.Value, outcome = o.Kind.ToString(), route = o.Route?.ToString(), reason = o.Reason }),
                SubmitRefused { StatusCode: 503 } r => Busy(r.Reason),
                SubmitRefused { StatusCode: 507 } r => new RetryLaterResult(r.Reason, StatusCodes.Status507InsufficientStorage, retryAfterSeconds: 5),
                SubmitRefused r => Results.Problem(r.Reason, statusCode: r.StatusCode),
                UnknownCamera u => Results.Problem($"no HTTP camera named '{u.Camera}'", statusCode: 404),
                _ => Results.Problem("unexpected reply", statusCode: 500),
            };
        });
    }

    private static IResult Busy(string reason) =>
        new RetryLaterResult(reason, StatusCodes.Status503ServiceUnavailable, retryAfterSeconds: 1);

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        const long limit = 64 * 1024 * 1024;
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>503 (saturated) or 507 (spool full): <c>{"error": reason}</c> plus Retry-After.</summary>
    private sealed class RetryLaterResult(string reason, int statusCode, int retryAfterSeconds) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = statusCode;
            context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return context.Response.WriteAsJsonAsync(new { error = reason });
        }
    }
}
