using System.Globalization;
using System.Xml;
using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Dataset.Export;

/// <summary>Writes Pascal VOC annotation XML, one <c>&lt;content id&gt;.xml</c> per image.</summary>
/// <remarks>
/// Rounding: xmin/ymin/xmax/ymax are 0-based pixel edges in the same frame as the dataset (not VOC's original
/// 1-based convention), each rounded to the nearest integer (midpoint away from zero), so every edge is within
/// 0.5 px of the box; a box that would round to nothing is widened to 1 px, staying inside the image.
/// <c>name</c> is the category name for the class id; each object carries an <c>edgelabel_provenance</c> element.
/// </remarks>
public static class VocExport
{
    private static readonly XmlWriterSettings Settings = new() { Indent = true, Encoding = ExportFiles.Utf8, CloseOutput = false };

    public static IReadOnlyList<string> Write(string directory, string project, LabelCategories categories, IEnumerable<DatasetImage> images)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        using var buffer = new MemoryStream();
        foreach (var image in images)
        {
            var path = Path.Combine(directory, ContentIds.Require(image.ContentId) + ".xml");
            buffer.SetLength(0);
            using (var xml = XmlWriter.Create(buffer, Settings))
                WriteAnnotation(xml, image, project, categories);
            ExportFiles.WriteSmall(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            written.Add(path);
        }
        return written;
    }

    /// <summary>The integer edges written for a box: [min, max] on an axis of the given length.</summary>
    public static (int Min, int Max) RoundEdges(double start, double end, int length)
    {
        var min = (int)Math.Clamp(Math.Round(start, MidpointRounding.AwayFromZero), 0, length);
        var max = (int)Math.Clamp(Math.Round(end, MidpointRounding.AwayFromZero), 0, length);
        if (max > min) return (min, max);
        return min < length ? (min, min + 1) : (length - 1, length);
    }

    private static void WriteAnnotation(XmlWriter x, DatasetImage image, string project, LabelCategories categories)
    {
        x.WriteStartElement("annotation");
        x.WriteElementString("folder", $"{image.Site}/{image.Camera}");
        x.WriteElementString("filename", Path.GetFileName(ExportFiles.KeyOf(image.ObjectUri)));
        x.WriteElementString("path", image.ObjectUri);
        x.WriteStartElement("source");
        x.WriteElementString("database", project);
        x.WriteEndElement();
        x.WriteStartElement("size");
        Int(x, "width", image.Width);
        Int(x, "height", image.Height);
        Int(x, "depth", 3);
        x.WriteEndElement();
        Int(x, "segmented", 0);
        foreach (var box in image.Boxes)
        {
            var (xmin, xmax) = RoundEdges(box.Left, box.Right, image.Width);
            var (ymin, ymax) = RoundEdges(box.Top, box.Bottom, image.Height);
            x.WriteStartElement("object");
            x.WriteElementString("name", categories.Contains(box.ClassId) ? categories[box.ClassId] : box.Label);
            x.WriteElementString("pose", "Unspecified");
            // Truncated: the box touches the border, so the object likely continues outside the frame.
            Int(x, "truncated", xmin == 0 || ymin == 0 || xmax == image.Width || ymax == image.Height ? 1 : 0);
            Int(x, "difficult", 0);
            x.WriteStartElement("bndbox");
            Int(x, "xmin", xmin);
            Int(x, "ymin", ymin);
            Int(x, "xmax", xmax);
            Int(x, "ymax", ymax);
            x.WriteEndElement();
            WriteProvenance(x, box.Provenance);
            x.WriteEndElement();
        }
        x.WriteEndElement();
    }

    private static void WriteProvenance(XmlWriter x, BoxProvenance p)
    {
        x.WriteStartElement("edgelabel_provenance");
        x.WriteElementString("source", p.Source);
        if (p.ModelId is not null) x.WriteElementString("model_id", p.ModelId);
        if (p.ModelVersion is not null) x.WriteElementString("model_version", p.ModelVersion);
        if (p.Score is { } score) x.WriteElementString("score", score.ToString("R", CultureInfo.InvariantCulture));
        if (p.JobName is not null) x.WriteElementString("job_name", p.JobName);
        foreach (var worker in p.Workers ?? []) x.WriteElementString("worker", worker);
        x.WriteEndElement();
    }

    private static void Int(XmlWriter x, string name, int value) => x.WriteElementString(name, value.ToString(CultureInfo.InvariantCulture));
}
