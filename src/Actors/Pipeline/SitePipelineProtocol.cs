using EdgeLabel.Actors.Camera;

namespace EdgeLabel.Actors.Pipeline;

/// <summary>Routes a message to one of the site's cameras by name.</summary>
public sealed record ToCamera(string Camera, object Message);

public sealed record UnknownCamera(string Camera);

public sealed record GetSiteStatus
{
    public static readonly GetSiteStatus Instance = new();
}

/// <summary>Live state of a site's pipeline: its cameras and how full the in-flight window is.</summary>
public sealed record SiteStatus(string Site, IReadOnlyList<CameraStatus> Cameras, int InFlight, int PeakInFlight, int MaxInFlight)
{
    public bool Idle => Cameras.All(c => c.Idle) && InFlight == 0;
}
