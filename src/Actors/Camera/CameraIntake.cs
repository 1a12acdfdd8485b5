using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Actors.Spool;

namespace EdgeLabel.Actors.Camera;

/// <summary>The one way an image enters the site: take an in-flight permit, hash the bytes, write them to the
/// spool, and hand back the <see cref="PendingImage"/> that the pipeline will settle.</summary>
public sealed class CameraIntake(string site, ImageSpool spool, InFlightLimiter limiter, TimeProvider clock)
{
    public string Site => site;

    public InFlightLimiter Limiter => limiter;

    public TimeProvider Clock => clock;

    /// <summary>Waits for a permit (backpressure), then admits the image.</summary>
    public async Task<PendingImage> AdmitAsync(string camera, byte[] bytes, DateTimeOffset? capturedAt, string origin, CancellationToken ct = default)
    {
        await limiter.AcquireAsync(ct).ConfigureAwait(false);
        return await AdmitWithPermitAsync(camera, bytes, capturedAt, origin, ct).ConfigureAwait(false);
    }

    /// <summary>Admits an image for which the caller already holds a permit; the permit is returned on failure.</summary>
    public async Task<PendingImage> AdmitWithPermitAsync(string camera, byte[] bytes, DateTimeOffset? capturedAt, string origin, CancellationToken ct = default)
    {
        try
        {
            var id = ContentId.Of(bytes);
            var extension = ImageFormatSniffer.ExtensionOf(bytes, origin);
            await spool.StoreAsync(id, extension, bytes, ct).ConfigureAwait(false);
            var source = new ImageSource(site, camera, capturedAt ?? clock.GetUtcNow(), extension, bytes.LongLength, origin);
            return new PendingImage(id, source, bytes, limiter.Release);
        }
        catch
        {
            limiter.Release();
            throw;
        }
    }
}
