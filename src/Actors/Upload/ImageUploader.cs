using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Storage;

namespace EdgeLabel.Actors.Upload;

/// <summary>Uploads one outbox item: the image under its deterministic key with its <see cref="ImageDescription"/> as
/// metadata (and, when that does not fit, a JSON sidecar after it). A retry or a duplicate upload writes the same bytes
/// to the same keys, so it can never create a second object.
/// Every outcome is a <see cref="UploadResult"/>; this never throws.</summary>
public sealed class ImageUploader(IObjectStore store, ImageSpool spool, StoreSettings settings)
{
    public async Task<UploadResult> UploadAsync(UploadJob job, CancellationToken ct)
    {
        var item = job.Item;
        ObjectUri imageUri, sidecarUri;
        try
        {
            imageUri = ImageUri(item);
            sidecarUri = ObjectUri.Create(settings.Bucket,
                ObjectKeys.ForSidecar(settings.Prefix, item.Source.Site, item.Source.Camera, item.Source.CapturedAt, item.Id.Value));
        }
        catch (ArgumentException e)
        {
            return new UploadImpossible(job, $"invalid object key: {e.Message}");
        }

        PooledImageBytes image;
        try
        {
            image = await spool.ReadPooledAsync(item.Id, item.Source.Extension, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new UploadImpossible(job, "spool-file-missing");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new UploadFailedTransiently(job, $"spool read failed: {e.Message}");
        }

        // Returned to the pool when this upload ends, however it ends; the HTTP client has finished with the body
        // by then (and a body read after that could only fail its Content-MD5 check, never be stored as valid).
        using var bytes = image;
        try
        {
            var objects = ImageDescription.Plan(item, imageUri, sidecarUri);
            var stored = await store.PutAsync(imageUri, bytes.Memory, ContentTypeOf(item.Source.Extension), objects.Metadata, ct).ConfigureAwait(false);
            // The sidecar only after its image: a sidecar in the store always has its image beside it.
            if (objects.Sidecar is not null)
                await store.PutAsync(sidecarUri, objects.Sidecar, "application/json", null, ct).ConfigureAwait(false);
            return new UploadSucceeded(job, imageUri.ToString(), stored.ETag, bytes.Length);
        }
        catch (ObjectIntegrityException e)
        {
            return new UploadFailedTransiently(job, e.Message);
        }
        catch (ObjectStoreException e) when (e.IsTransient)
        {
            return new UploadFailedTransiently(job, $"{e.Code}: {e.Message}");
        }
        catch (ObjectStoreException e)
        {
            return new UploadRefusedByStore(job, e.Code, e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new UploadFailedTransiently(job, "timed out");
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return new UploadFailedTransiently(job, e.Message);
        }
        catch (ArgumentException e) // IObjectStore: invalid arguments (e.g. metadata S3 would mangle); a retry sends the same
        {
            return new UploadImpossible(job, $"rejected by the store client: {e.Message}");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Anything else would fail the upload stream's SelectAsync and stop every later upload: retry later.
            return new UploadFailedTransiently(job, $"{e.GetType().Name}: {e.Message}");
        }
    }

    public ObjectUri ImageUri(OutboxItem item) => UriFor(settings, item);

    /// <summary>The image's deterministic object URI: known before the upload, identical on every retry.</summary>
    public static ObjectUri UriFor(StoreSettings settings, OutboxItem item) =>
        ObjectUri.Create(settings.Bucket,
            ObjectKeys.ForImage(settings.Prefix, item.Source.Site, item.Source.Camera, item.Source.CapturedAt, item.Id.Value, item.Source.Extension));

    private static string ContentTypeOf(string extension) => extension switch
    {
        "jpg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        _ => "application/octet-stream",
    };
}
