using Akka.Actor;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Actors.Spool;

namespace EdgeLabel.Actors.Camera;

/// <summary>The one way an image enters the site: take an in-flight permit, hash the bytes, make room in the
/// spool quota, write them to the spool, and hand back the <see cref="PendingImage"/> that the pipeline will settle.
/// <para>When the image does not fit the quota: with <see cref="SpoolOnFull.DropOldestAuto"/> the outbox is first
/// asked to free space (<see cref="FreeSpoolSpace"/>); then <see cref="AdmitAsync"/> waits, polling, until room
/// appears (the camera is simply backpressured), while <see cref="AdmitWithPermitAsync"/> (the HTTP camera) gives
/// up at once with <see cref="SpoolFullException"/>. Nothing already accepted is ever dropped here.</para></summary>
public sealed class CameraIntake(string site, ImageSpool spool, InFlightLimiter limiter, TimeProvider clock, IActorRef? outbox = null)
{
    /// <summary>Admissions a camera keeps in flight: each ends in an fsync of the spool file, so one at a time
    /// would cap a camera at the disk's sync latency rather than at the pipeline's speed.</summary>
    public const int Parallelism = 4;

    /// <summary>How often a waiting camera looks for room again.</summary>
    public static readonly TimeSpan RoomPollInterval = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan FreeSpaceTimeout = TimeSpan.FromSeconds(10);

    public string Site => site;

    public InFlightLimiter Limiter => limiter;

    public TimeProvider Clock => clock;

    public ImageSpool Spool => spool;

    /// <summary>Waits for a permit (backpressure), then admits the image, waiting for spool room if needed.</summary>
    public async Task<PendingImage> AdmitAsync(string camera, byte[] bytes, DateTimeOffset? capturedAt, string origin, CancellationToken ct = default)
    {
        await limiter.AcquireAsync(ct).ConfigureAwait(false);
        return await AdmitCoreAsync(camera, bytes, capturedAt, origin, waitForRoom: true, ct).ConfigureAwait(false);
    }

    /// <summary>Admits an image for which the caller already holds a permit; the permit is returned on failure.
    /// Does not wait for spool room: throws <see cref="SpoolFullException"/> when the image does not fit.</summary>
    public Task<PendingImage> AdmitWithPermitAsync(string camera, byte[] bytes, DateTimeOffset? capturedAt, string origin, CancellationToken ct = default) =>
        AdmitCoreAsync(camera, bytes, capturedAt, origin, waitForRoom: false, ct);

    private async Task<PendingImage> AdmitCoreAsync(string camera, byte[] bytes, DateTimeOffset? capturedAt, string origin, bool waitForRoom, CancellationToken ct)
    {
        long reserved = 0;
        try
        {
            var id = ContentId.Of(bytes);
            var extension = ImageFormatSniffer.ExtensionOf(bytes, origin);
            reserved = await ReserveRoomAsync(id, extension, bytes.LongLength, waitForRoom, ct).ConfigureAwait(false);
            await spool.StoreAsync(id, extension, bytes, ct).ConfigureAwait(false);
            var source = new ImageSource(site, camera, capturedAt ?? clock.GetUtcNow(), extension, bytes.LongLength, origin);
            return new PendingImage(id, source, bytes, limiter.Release);
        }
        catch
        {
            limiter.Release();
            throw;
        }
        finally
        {
            spool.ReleaseReservation(reserved);
        }
    }

    /// <summary>Reserves the bytes this image adds to the spool (none when it is already there) and returns them.</summary>
    private async Task<long> ReserveRoomAsync(ContentId id, string extension, long length, bool wait, CancellationToken ct)
    {
        if (spool.QuotaBytes is not { } quota) return 0;
        var needed = spool.BytesNeededFor(id, extension, length);
        if (needed > quota)
            throw new SpoolFullException($"image of {needed} bytes is larger than the whole spool quota ({quota} bytes)", spool.UsedBytes, quota);
        while (true)
        {
            if (spool.TryReserve(needed)) return needed;
            if (spool.OnFull == SpoolOnFull.DropOldestAuto && outbox is not null)
            {
                await AskOutboxToFreeAsync(spool.ShortfallFor(needed), ct).ConfigureAwait(false);
                if (spool.TryReserve(needed)) return needed;
            }
            if (!wait)
                throw new SpoolFullException($"spool full ({spool.UsedBytes} of {quota} bytes used)", spool.UsedBytes, quota);
            await Task.Delay(RoomPollInterval, ct).ConfigureAwait(false);
        }
    }

    private async Task AskOutboxToFreeAsync(long bytesNeeded, CancellationToken ct)
    {
        if (bytesNeeded <= 0) return;
        try
        {
            await outbox!.Ask<SpoolSpaceFreed>(new FreeSpoolSpace(bytesNeeded), FreeSpaceTimeout, ct).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            // The outbox is busy or restarting: wait as with reject-new and ask again on the next round.
        }
    }
}

/// <summary>The spool quota has no room for an image (and, with drop-oldest-auto, nothing droppable was left).</summary>
public sealed class SpoolFullException(string message, long usedBytes, long quotaBytes) : IOException(message)
{
    public long UsedBytes { get; } = usedBytes;

    public long QuotaBytes { get; } = quotaBytes;
}
