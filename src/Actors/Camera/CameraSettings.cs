namespace EdgeLabel.Actors.Camera;

/// <summary>One configured camera (HOCON <c>edgelabel.cameras[]</c>); the subtype says which actor runs it.</summary>
public abstract record CameraSettings(string Name);

/// <summary>Watches a folder: processes the backlog, then picks up new files every poll interval.</summary>
public sealed record DirectoryCameraSettings(string Name, string Path, IReadOnlyList<string> Extensions, TimeSpan PollInterval, bool Recursive)
    : CameraSettings(Name);

/// <summary>Accepts JPEG/PNG pushed by cameras over HTTP (POST /cameras/{name}/images).</summary>
public sealed record HttpCameraSettings(string Name, long MaxBodyBytes, int QueueCapacity) : CameraSettings(Name);

/// <summary>Samples frames at <see cref="FramesPerSecond"/> from a video file or RTSP URL through ffmpeg.</summary>
public sealed record VideoCameraSettings(string Name, string Url, double FramesPerSecond, int MaxFrames, string FfmpegPath)
    : CameraSettings(Name);

/// <summary>Benchmark load: re-encoded crop/scale variants of real photos, so every frame has its own content id.</summary>
public sealed record SyntheticCameraSettings(string Name, string PhotosPath, int Count, int Seed) : CameraSettings(Name);
