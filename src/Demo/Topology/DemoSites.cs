namespace EdgeLabel.Demo.Topology;

/// <summary>A camera of a demo site, as it goes into the site's HOCON.</summary>
public abstract record CameraSpec(string Name);

public sealed record DirectoryCameraSpec(string Name, string Path, IReadOnlyList<string> Extensions) : CameraSpec(Name);

public sealed record VideoCameraSpec(string Name, string File, double FramesPerSecond, int MaxFrames) : CameraSpec(Name);

/// <summary>One edge site of the demo and its cameras.</summary>
public sealed record SiteSpec(string Name, IReadOnlyList<CameraSpec> Cameras);

/// <summary>Splits the sample folder (<c>./build.sh samples</c>: <c>dlib-faces/</c>, <c>opencv/</c>, <c>video/vtest.avi</c>)
/// between two sites: "north" watches the dlib faces and every other OpenCV image, "south" the remaining OpenCV
/// images and the video. A directory camera watches a whole folder, so each site's OpenCV half is copied into its own
/// folder under the run's state.</summary>
public static class DemoSites
{
    public const string North = "north";
    public const string South = "south";
    private static readonly string[] PhotoExtensions = ["jpg", "jpeg", "png"];

    public static IReadOnlyList<SiteSpec> Plan(string samples, DemoLayout layout, int videoFrames)
    {
        if (!Directory.Exists(samples))
            throw new DirectoryNotFoundException($"sample folder {samples} not found (run ./build.sh samples)");
        var north = new List<CameraSpec>();
        var south = new List<CameraSpec>();

        var faces = Path.Combine(samples, "dlib-faces");
        if (Photos(faces).Any()) north.Add(new DirectoryCameraSpec("dlib-faces", faces, PhotoExtensions));

        var (northHalf, southHalf) = Alternate(Photos(Path.Combine(samples, "opencv")).ToList());
        if (CopyInto(northHalf, Path.Combine(layout.SiteSamples(North), "opencv")) is { } n)
            north.Add(new DirectoryCameraSpec("opencv-samples", n, PhotoExtensions));
        if (CopyInto(southHalf, Path.Combine(layout.SiteSamples(South), "opencv")) is { } s)
            south.Add(new DirectoryCameraSpec("opencv-samples", s, PhotoExtensions));

        var video = Path.Combine(samples, "video", "vtest.avi");
        if (File.Exists(video) && videoFrames > 0) south.Add(new VideoCameraSpec("vtest-video", video, 2, videoFrames));

        var sites = new[] { new SiteSpec(North, north), new SiteSpec(South, south) };
        if (sites.FirstOrDefault(site => site.Cameras.Count == 0) is { } empty)
            throw new DirectoryNotFoundException($"no sample images for site '{empty.Name}' under {samples} " +
                                                 "(expected dlib-faces/ and opencv/ with JPEG/PNG files, and video/vtest.avi; run ./build.sh samples)");
        return sites;
    }

    /// <summary>Even positions (in ordinal name order) to the first list, odd to the second: both halves get a mix.</summary>
    public static (IReadOnlyList<string> First, IReadOnlyList<string> Second) Alternate(IReadOnlyList<string> files)
    {
        var ordered = files.Order(StringComparer.Ordinal).ToList();
        return (ordered.Where((_, i) => i % 2 == 0).ToList(), ordered.Where((_, i) => i % 2 == 1).ToList());
    }

    private static IEnumerable<string> Photos(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(f => PhotoExtensions.Contains(Path.GetExtension(f).TrimStart('.').ToLowerInvariant()))
            : [];

    private static string? CopyInto(IReadOnlyList<string> files, string folder)
    {
        if (files.Count == 0) return null;
        Directory.CreateDirectory(folder);
        foreach (var file in files)
        {
            var target = Path.Combine(folder, Path.GetFileName(file));
            if (!File.Exists(target)) File.Copy(file, target);
        }
        return folder;
    }
}
