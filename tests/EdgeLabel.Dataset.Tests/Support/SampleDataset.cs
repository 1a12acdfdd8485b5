using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Dataset.Tests.Support;

/// <summary>Small hand-made datasets with awkward values: float coordinates, both provenances, empty images.</summary>
public static class SampleDataset
{
    public static readonly LabelCategories Categories = new(["person", "car", "bicycle"]);

    public static readonly DateTimeOffset CreatedAt = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public static string IdOf(int n) => ContentIds.OfText($"image-{n}");

    public static DatasetImage Image(int n, ImageStatus status, params LabeledBox[] boxes) => new(
        IdOf(n),
        $"s3://edge-bucket/edgelabel/site-{n % 2}/cam-1/2025/03/04/{IdOf(n)}.jpg",
        100_000 + n,
        $"site-{n % 2}",
        "cam-1",
        new DateTimeOffset(2025, 3, 4, 10, 0, n % 60, TimeSpan.FromHours(1)).AddTicks(n),
        640,
        480,
        status,
        boxes);

    public static LabeledBox MachineBox(int classId, double left, double top, double width, double height, double score = 0.91) =>
        new(classId, Categories[classId], left, top, width, height, BoxProvenance.Machine("yolov8n", "3", score));

    public static LabeledBox HumanBox(int classId, double left, double top, double width, double height) =>
        new(classId, Categories[classId], left, top, width, height, BoxProvenance.Human("review-2025-03", ["worker-a", "worker-b"]));

    public static IReadOnlyList<DatasetImage> Mixed() =>
    [
        Image(1, ImageStatus.AutoLabeled, MachineBox(0, 10.25, 20.5, 100.125, 200.75), MachineBox(1, 300, 100, 50.5, 40.25, 0.77)),
        Image(2, ImageStatus.Reviewed, HumanBox(2, 0, 0, 640, 480), HumanBox(0, 1.1, 2.2, 3.3, 4.4)),
        Image(3, ImageStatus.AwaitingReview),
        Image(4, ImageStatus.Audited, MachineBox(1, 600.4, 400.6, 39.6, 79.4, 0.99), HumanBox(1, 599.5, 399.5, 40.5, 80.5)),
        Image(5, ImageStatus.AwaitingUpload, MachineBox(0, 0.4, 0.6, 12.2, 13.7, 0.55)),
    ];

    /// <summary>Many images for timing exports: every third one empty, otherwise one to four boxes.</summary>
    public static IEnumerable<DatasetImage> Many(int count)
    {
        for (var n = 0; n < count; n++)
        {
            var boxes = Enumerable.Range(0, n % 3 == 0 ? 0 : 1 + n % 4)
                .Select(k => MachineBox(k % Categories.Count, 10 + k * 50 + n % 7, 20 + k * 30, 40.5, 60.25, 0.5 + k * 0.1))
                .ToArray();
            yield return Image(n, ImageStatus.AutoLabeled, boxes);
        }
    }
}
