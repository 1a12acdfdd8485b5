using EdgeLabel.Dataset.Model;
using EdgeLabel.Evaluation.Truth;

namespace EdgeLabel.Workforce.Truth;

/// <summary>The images the simulated labelers know the answer for: content id → true boxes, read from truth files
/// (dlib XML, COCO JSON, Ground Truth manifests) by hashing each referenced image file. Don't-care boxes are left out
/// (a labeler may draw them or not; the simulation does not). Images whose file cannot be found are reported in
/// <see cref="Missing"/>, never silently dropped.</summary>
public sealed class KnownImages
{
    /// <summary>The dlib sample's truth files, in <c>.cache/samples/dlib-faces/</c>.</summary>
    public static readonly IReadOnlyList<string> DlibTruthFiles = ["training.xml", "testing.xml"];

    /// <summary>The label a face box gets when the truth file has no labels (dlib's boxes are unlabelled).</summary>
    public const string DefaultUnlabelledAs = "face";

    private readonly Dictionary<string, KnownImage> _byContentId;

    private KnownImages(Dictionary<string, KnownImage> byContentId, IReadOnlyList<string> missing, IReadOnlyList<string> issues)
    {
        _byContentId = byContentId;
        Missing = missing;
        Issues = issues;
    }

    /// <summary>No known image: every task is answered from its pre-annotations.</summary>
    public static KnownImages Empty { get; } = new([], [], []);

    /// <summary>Known images, in no particular order.</summary>
    public IReadOnlyCollection<KnownImage> Images => _byContentId.Values;

    public int Count => _byContentId.Count;

    /// <summary>Boxes over all known images.</summary>
    public int BoxCount => _byContentId.Values.Sum(i => i.Boxes.Count);

    /// <summary>Images named by a truth file whose file was not found (truth file and image name).</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>What the truth readers skipped (file:line: message).</summary>
    public IReadOnlyList<string> Issues { get; }

    public bool TryGet(string contentId, out KnownImage image) => _byContentId.TryGetValue(contentId, out image!);

    /// <summary>Reads <see cref="DlibTruthFiles"/> from <paramref name="directory"/> (those that exist).</summary>
    public static KnownImages LoadDlib(string directory, string unlabelledAs = DefaultUnlabelledAs)
    {
        var files = DlibTruthFiles.Select(f => System.IO.Path.Combine(directory, f)).Where(File.Exists).ToArray();
        if (files.Length == 0)
            throw new FileNotFoundException($"no dlib truth file ({string.Join(", ", DlibTruthFiles)}) in '{directory}'");
        return Load(files, unlabelledAs);
    }

    /// <summary>Reads truth files of any format <see cref="TruthReader"/> knows; relative image names resolve against
    /// <paramref name="imagesDirectory"/> first, then the truth file's folder.</summary>
    /// <param name="unlabelledAs">The label of boxes the truth file leaves unlabelled (dlib's "object").</param>
    public static KnownImages Load(IEnumerable<string> truthFiles, string unlabelledAs = DefaultUnlabelledAs, string? imagesDirectory = null)
    {
        var set = TruthReader.ReadAll(truthFiles);
        var known = new Dictionary<string, KnownImage>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var image in set.Images)
        {
            if (Locate(image, imagesDirectory) is not { } path)
            {
                missing.Add(image.FileName);
                continue;
            }
            var id = ContentIds.Of(File.ReadAllBytes(path));
            var boxes = image.Boxes.Where(b => !b.DontCare)
                .Select(b => new KnownBox(b.ClassName == DlibXmlReader.UnlabelledClassName ? unlabelledAs : b.ClassName,
                    b.Box.Left, b.Box.Top, b.Box.Width, b.Box.Height))
                .ToArray();
            // The same bytes under two names: the first annotation wins, as GroundTruthSet.Merge does for names.
            known.TryAdd(id, new KnownImage(id, image.FileName, path, image.Width, image.Height, boxes));
        }
        return new KnownImages(known, missing, set.Issues.Select(i => i.ToString()).ToArray());
    }

    private static string? Locate(TruthImage image, string? imagesDirectory)
    {
        if (System.IO.Path.IsPathRooted(image.FileName)) return File.Exists(image.FileName) ? image.FileName : null;
        foreach (var dir in new[] { imagesDirectory, image.BaseDirectory })
        {
            if (dir is null) continue;
            var candidate = System.IO.Path.Combine(dir, image.FileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
