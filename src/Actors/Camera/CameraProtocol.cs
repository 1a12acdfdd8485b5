using EdgeLabel.Actors.Pipeline;

namespace EdgeLabel.Actors.Camera;

public sealed record GetCameraStatus
{
    public static readonly GetCameraStatus Instance = new();
}

/// <summary>A camera's counters. <see cref="Discovered"/> counts images found (files, frames, posts);
/// <see cref="Settled"/> those whose decision is persisted; <see cref="SourceExhausted"/> is true once a finite
/// source (backlog scan, video file, synthetic run) has emitted everything it had.</summary>
public sealed record CameraStatus(string Name, string Kind, long Discovered, long Admitted, long Settled, long Decided,
    long Quarantined, long AlreadyDecided, long Failed, bool SourceExhausted, string? LastError)
{
    public bool Idle => SourceExhausted && Settled + Failed >= Discovered;
}

/// <summary>An HTTP push: raw bytes of one JPEG/PNG.</summary>
public sealed record SubmitImage(byte[] Bytes, string? FileName, DateTimeOffset? CapturedAt);

/// <summary>The HTTP camera refused an image (pipeline saturated, spool full, or bad request); the status code says which.</summary>
public sealed record SubmitRefused(int StatusCode, string Reason);

// Sent by camera streams to their actor so counters are only touched by the actor itself.
internal sealed record ImagesDiscovered(int Count);
internal sealed record ImageAdmitted;
internal sealed record ImageSettled(ImageOutcome Outcome);
internal sealed record ImageFailed(string Error);
internal sealed record SourceExhausted;
