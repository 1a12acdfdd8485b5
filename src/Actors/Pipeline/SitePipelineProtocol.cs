using EdgeLabel.Actors.Camera;

namespace EdgeLabel.Actors.Pipeline;

/// <summary>Routes a message to one of the site's cameras by name.</summary>
public sealed record ToCamera(string Camera, object Message);

public sealed record UnknownCamera(string Camera);

public sealed record GetSiteStatus
{
    public static readonly GetSiteStatus Instance = new();
}

/// <summary>Live state of a site's pipeline: its cameras, how full the in-flight window is, and how full the
/// spool is against its quota (<see cref="SpoolQuotaBytes"/> null = unlimited).</summary>
public sealed record SiteStatus(string Site, IReadOnlyList<CameraStatus> Cameras, int InFlight, int PeakInFlight, int MaxInFlight,
    long SpoolUsedBytes = 0, long? SpoolQuotaBytes = null)
{
    /// <summary>True when a quota is set and the spool holds at least that much (cameras wait, HTTP answers 507).</summary>
    public bool SpoolFull => SpoolQuotaBytes is { } quota && SpoolUsedBytes >= quota;

    public bool Idle => Cameras.All(c => c.Idle) && InFlight == 0;
}
