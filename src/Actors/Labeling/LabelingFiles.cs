using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeLabel.Dataset.Import;
using EdgeLabel.Dataset.Model;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Embedded;

namespace EdgeLabel.Actors.Labeling;

/// <summary>The pure parts of a labeling job: its deterministic name, the input manifest and label-category
/// configuration it writes, and the human labels it reads back from the output manifest.</summary>
public static class LabelingFiles
{
    public const string ContentIdKey = "edgelabel-content-id";
    public const string SiteKey = "edgelabel-site";
    public const string ModelVersionKey = "edgelabel-model-version";

    /// <summary>A batch's name across its attempts: project, batch number and a hash of its content ids, so a name
    /// found at the backend (after a restart, or from an earlier journal) can only be this batch's.</summary>
    public static string BaseName(string project, long batch, IEnumerable<string> contentIds)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", contentIds.Order(StringComparer.Ordinal)))))[..8];
        var tail = $"-{batch}-{hash}";
        // Room for the attempt suffix ("-r" and up to 3 digits) within the API's 63 characters.
        var room = LabelingJobValidation.MaxJobNameLength - tail.Length - 5;
        var prefix = project.ToLowerInvariant();
        if (prefix.Length > room) prefix = prefix[..room].TrimEnd('-');
        return JobName(prefix + tail, 1);
    }

    /// <summary>The job of one attempt: lower case (names are unique case-insensitively), attempts after the first suffixed.</summary>
    public static string JobName(string baseName, int attempt)
    {
        var name = (attempt <= 1 ? baseName : $"{baseName}-r{attempt}").ToLowerInvariant();
        return LabelingJobValidation.IsValidJobName(name)
            ? name
            : throw new ArgumentException($"'{name}' is not a valid labeling job name (≤{LabelingJobValidation.MaxJobNameLength}, ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$)");
    }

    public static string ManifestUri(string outputPrefix, string job) => $"{outputPrefix.TrimEnd('/')}/input/{job}/manifest.jsonl";
    public static string CategoriesUri(string outputPrefix, string job) => $"{outputPrefix.TrimEnd('/')}/input/{job}/label-categories.json";
    public static string OutputPath(string outputPrefix) => $"{outputPrefix.TrimEnd('/')}/output";

    /// <summary>One JSON line per image: <c>source-ref</c> and EdgeLabel's keys, which Ground Truth passes through.</summary>
    public static byte[] InputManifest(IReadOnlyList<LabelingItem> items)
    {
        var text = new StringBuilder();
        foreach (var item in items)
        {
            var boxes = new JsonArray();
            foreach (var b in item.PreAnnotations)
                boxes.Add(new JsonObject
                {
                    ["label"] = b.Label, ["class_id"] = b.ClassId, ["left"] = b.Left, ["top"] = b.Top, ["width"] = b.Width, ["height"] = b.Height,
                    ["score"] = b.Provenance.Score,
                });
            var line = new JsonObject
            {
                [EdgeLabel.GroundTruth.Embedded.InputManifest.SourceRefKey] = item.ObjectUri,
                [ContentIdKey] = item.ContentId,
                [SiteKey] = item.Site,
                [ModelVersionKey] = item.ModelVersion,
                [EdgeLabel.GroundTruth.Embedded.InputManifest.PreAnnotationsKey] = boxes,
            };
            text.Append(line.ToJsonString()).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Ground Truth's label category configuration, in class-id order.</summary>
    public static byte[] CategoryConfig(IReadOnlyList<string> categories)
    {
        var labels = new JsonArray();
        foreach (var c in categories) labels.Add(new JsonObject { ["label"] = c });
        return Encoding.UTF8.GetBytes(new JsonObject { ["document-version"] = "2018-11-28", ["labels"] = labels }.ToJsonString());
    }

    /// <summary>The human boxes of every batch image the output manifest labeled (an image labeled with no boxes counts:
    /// "nothing here"); images of other batches and failed objects are left out.</summary>
    /// <param name="workers">Who answered each data object (its index in <paramref name="items"/>, the input manifest's
    /// line order), from the worker-response files; objects missing there get no worker ids.</param>
    public static IReadOnlyDictionary<string, IReadOnlyList<LabeledBox>> HumanLabels(byte[] outputManifest, string jobName,
        IReadOnlyList<LabelingItem> items, IReadOnlyList<string> categories, IReadOnlyDictionary<int, IReadOnlyList<string>>? workers = null)
    {
        var workersOf = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (index, ids) in workers ?? new Dictionary<int, IReadOnlyList<string>>())
            if (index >= 0 && index < items.Count) workersOf[items[index].ContentId] = ids;
        var wanted = items.Select(i => i.ContentId).ToHashSet(StringComparer.Ordinal);
        var read = GroundTruthManifestImport.Parse(outputManifest, LabelingSettings.LabelAttributeName);
        var labels = new Dictionary<string, IReadOnlyList<LabeledBox>>(StringComparer.Ordinal);
        foreach (var image in read.Images)
        {
            if (!wanted.Contains(image.ContentId)) continue;
            var answeredBy = workersOf.GetValueOrDefault(image.ContentId) ?? [];
            labels[image.ContentId] = image.Boxes
                .Select(b => b with
                {
                    Label = b.ClassId >= 0 && b.ClassId < categories.Count ? categories[b.ClassId] : b.Label,
                    Provenance = BoxProvenance.Human(jobName, answeredBy, b.Provenance.Score),
                })
                .ToArray();
        }
        return labels;
    }

    /// <summary><c>{S3OutputPath}/{job}/manifests/output/output.manifest</c>.</summary>
    public static string OutputManifestUri(string outputPath, string job) => GroundTruthOutput.OutputManifestUri(outputPath, job);
}
