namespace EdgeLabel.Workforce.Api;

/// <summary>The displayed size of a task's image (EXIF rotation applied), in pixels.</summary>
public sealed record ImageSize(int Width, int Height);
