using System.Globalization;
using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Dataset.Export;

/// <summary>Writes YOLO (Darknet/Ultralytics) labels: <c>labels/&lt;content id&gt;.txt</c> per image and <c>classes.txt</c>.</summary>
/// <remarks>One line per box, "class cx cy w h", each value normalized by the image's width or height and written with
/// six decimals (so within 5e-7 of the exact value). An image without boxes gets an empty file: YOLO's "background".
/// The image itself must be saved as <c>images/&lt;content id&gt;.&lt;ext&gt;</c> beside it for trainers to pair them.</remarks>
public static class YoloExport
{
    public const string ClassesFileName = "classes.txt";
    public const string LabelsFolder = "labels";

    public static IReadOnlyList<string> Write(string directory, LabelCategories categories, IEnumerable<DatasetImage> images)
    {
        var written = new List<string>();
        var classes = Path.Combine(directory, ClassesFileName);
        using (var writer = ExportFiles.CreateText(classes))
            foreach (var name in categories) writer.Write(name + "\n");
        written.Add(classes);

        var labels = Path.Combine(directory, LabelsFolder);
        Directory.CreateDirectory(labels);
        var content = new System.Text.StringBuilder();
        foreach (var image in images)
        {
            var path = Path.Combine(labels, ContentIds.Require(image.ContentId) + ".txt");
            content.Clear();
            foreach (var box in image.Boxes) content.Append(Line(box, image.Width, image.Height));
            ExportFiles.WriteSmall(path, ExportFiles.Utf8.GetBytes(content.ToString()));
            written.Add(path);
        }
        return written;
    }

    internal static string Line(LabeledBox box, int imageWidth, int imageHeight)
    {
        var cx = (box.Left + box.Width / 2) / imageWidth;
        var cy = (box.Top + box.Height / 2) / imageHeight;
        return string.Create(CultureInfo.InvariantCulture,
            $"{box.ClassId} {cx:F6} {cy:F6} {box.Width / imageWidth:F6} {box.Height / imageHeight:F6}\n");
    }
}
