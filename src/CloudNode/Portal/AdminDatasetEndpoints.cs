using EdgeLabel.Actors.Datasets;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Dataset.Model;
using EdgeLabel.Storage;

namespace EdgeLabel.CloudNode.Portal;

/// <summary>The admin API's dataset views (under <see cref="AdminEndpoints.Prefix"/>): <c>datasets/{project}/images</c> (a
/// page of images with their boxes and provenance), <c>datasets/{project}/images/{contentId}/image</c> (the bytes from
/// the object store, found by the image's own object URI: the client names only a content id, never a path), and
/// <c>datasets/{project}/precision</c> (the audits' auto-label precision per class and model version).</summary>
public static class AdminDatasetEndpoints
{
    private const int DefaultLimit = 20;

    public static void MapAdminDatasetEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/datasets/{project}/images", PageAsync);
        admin.MapGet("/datasets/{project}/images/{contentId}/image", ImageAsync);
        admin.MapGet("/datasets/{project}/precision", async (string project, ClusterIncarnations incarnations, CancellationToken ct) =>
            await AdminEndpoints.AskAsync<DatasetRegion>(incarnations, new GetDatasetStats(project), ct) switch
            {
                (DatasetStats stats, _) => Results.Ok(new
                {
                    project,
                    audited = stats.ByStatus.GetValueOrDefault(ImageStatus.Audited.ToName()),
                    interval = "wilson-95",
                    precision = stats.AutoLabelPrecision ?? [],
                }),
                var (reply, problem) => problem ?? Refusal(reply),
            });
    }

    private static async Task<IResult> PageAsync(string project, string? status, string? site, int? offset, int? limit,
        ClusterIncarnations incarnations, CancellationToken ct)
    {
        ImageStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!ImageStatusNames.TryParse(status, out var parsed))
                return BadRequest($"status must be one of {string.Join(", ", Enum.GetValues<ImageStatus>().Select(s => s.ToName()))}");
            wanted = parsed;
        }
        if (offset is < 0) return BadRequest("offset must be 0 or more");
        if (limit is < 1 or > GetDatasetPage.MaxLimit) return BadRequest($"limit must be 1-{GetDatasetPage.MaxLimit}");
        if (site is { Length: > 100 }) return BadRequest("site is at most 100 characters");

        var take = limit ?? DefaultLimit;
        return await AdminEndpoints.AskAsync<DatasetRegion>(incarnations,
                new GetDatasetPage(project, wanted, string.IsNullOrEmpty(site) ? null : site, offset ?? 0, take), ct) switch
            {
                (DatasetPage page, _) => Results.Ok(new
                {
                    page.Project,
                    page.Total,
                    page.Offset,
                    limit = take,
                    images = page.Images.Select(i => ImageJson(project, i)),
                }),
                var (reply, problem) => problem ?? Refusal(reply),
            };
    }

    private static object ImageJson(string project, DatasetImage i) => new
    {
        i.ContentId,
        i.Site,
        i.Camera,
        i.CapturedAt,
        status = i.Status.ToName(),
        i.Width,
        i.Height,
        i.SizeBytes,
        i.ObjectUri,
        // Not before the edge confirmed the upload; even then it may be absent (auto-labeled images can stay at the edge).
        imageUrl = i.Status == ImageStatus.AwaitingUpload ? null
            : $"{AdminEndpoints.Prefix}/datasets/{Uri.EscapeDataString(project)}/images/{i.ContentId}/image",
        boxes = i.Boxes.Select(b => new
        {
            b.Label,
            b.ClassId,
            b.Left,
            b.Top,
            b.Width,
            b.Height,
            source = b.Provenance.Source,
            b.Provenance.ModelId,
            b.Provenance.ModelVersion,
            b.Provenance.Score,
            b.Provenance.JobName,
            workers = b.Provenance.Workers ?? [],
        }),
    };

    private static async Task<IResult> ImageAsync(string project, string contentId, HttpContext http, ClusterIncarnations incarnations,
        IObjectStore store, CancellationToken ct)
    {
        if (!ContentIds.IsValid(contentId)) return BadRequest("the content id is 64 lowercase hex digits (the image's SHA-256)");
        var (reply, problem) = await AdminEndpoints.AskAsync<DatasetRegion>(incarnations, new GetDatasetImage(project, contentId), ct);
        if (problem is not null) return problem;
        if (reply is not DatasetImageFound found) return Refusal(reply);
        if (found.Image is not { } image) return NotFound($"project '{project}' has no image {contentId}");
        if (!ObjectUri.TryParse(image.ObjectUri, out var uri)) return NotFound("the image has no object URI");
        try
        {
            var stream = await store.GetAsync(uri, ct);
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = "private, max-age=3600"; // content-addressed: the bytes never change
            return Results.Stream(stream, ContentTypeOf(uri.Key));
        }
        catch (ObjectStoreException e) when (e.Code is "NoSuchKey" or "NoSuchBucket" or "NotFound")
        {
            return NotFound("the image has no uploaded object in the cloud's store (auto-labeled images may stay at the edge)");
        }
        catch (ObjectStoreException e) when (e.IsTransient)
        {
            return AdminEndpoints.Unavailable($"the object store is unavailable ({e.Code}); try again");
        }
        catch (ObjectStoreException e)
        {
            return Results.Json(new { error = $"the object store refused the read ({e.Code})" }, statusCode: 502);
        }
    }

    private static string ContentTypeOf(string key) => Path.GetExtension(key).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".gif" => "image/gif",
        ".bmp" => "image/bmp",
        ".webp" => "image/webp",
        _ => "application/octet-stream",
    };

    private static IResult Refusal(object? reply) => reply is UnknownProject unknown
        ? NotFound(unknown.Reason)
        : AdminEndpoints.Unexpected(reply);

    private static IResult BadRequest(string reason) => Results.Json(new { error = reason }, statusCode: 400);

    private static IResult NotFound(string reason) => Results.Json(new { error = reason }, statusCode: 404);
}
