using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using EdgeLabel.Inference;

namespace EdgeLabel.Evaluation.Truth;

/// <summary>Reads dlib imglab XML (&lt;image file width height&gt;&lt;box top left width height [ignore]&gt;).</summary>
/// <remarks>Boxes without a &lt;label&gt; child form one class, <see cref="UnlabelledClassName"/>; labelled boxes are
/// numbered in order of first appearance. Image files resolve relative to the XML's folder, as imglab does.</remarks>
public static class DlibXmlReader
{
    public const string UnlabelledClassName = "object";

    public static GroundTruthSet Read(string path)
    {
        var file = Path.GetFileName(path);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path));
        XDocument doc;
        try
        {
            // The real files carry an xml-stylesheet instruction and ISO-8859-1 encoding; DTDs are never needed.
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{file}:{e.LineNumber}: not well-formed XML: {e.Message}", e);
        }

        var root = doc.Root;
        if (root is null || root.Name.LocalName != "dataset")
            throw new InvalidDataException($"{file}: expected a dlib <dataset> root element, found <{root?.Name.LocalName}>");

        var classes = new Dictionary<string, int>(StringComparer.Ordinal);
        var images = new List<TruthImage>();
        var issues = new List<TruthIssue>();
        foreach (var image in root.Elements("images").Elements("image"))
        {
            var name = (string?)image.Attribute("file");
            if (string.IsNullOrWhiteSpace(name))
            {
                issues.Add(new TruthIssue(file, LineOf(image), "<image> without a file attribute; skipped"));
                continue;
            }
            var boxes = new List<TruthBox>();
            var bad = false;
            foreach (var box in image.Elements("box"))
            {
                if (!TryReadBox(box, classes, out var truthBox, out var error))
                {
                    issues.Add(new TruthIssue(file, LineOf(box), $"image '{name}': {error}; image skipped"));
                    bad = true;
                    break;
                }
                boxes.Add(truthBox);
            }
            // A half-read image would turn its unread boxes into false positives, so drop it whole.
            if (bad) continue;
            images.Add(new TruthImage(name, IntOrZero(image, "width"), IntOrZero(image, "height"), boxes)
            {
                BaseDirectory = baseDirectory,
            });
        }

        var classTable = classes.ToDictionary(kv => kv.Value, kv => kv.Key);
        var source = new TruthSource(path, TruthFormat.DlibXml, images.Count, "dlib XML");
        return new GroundTruthSet(images, classTable, issues, [source]);
    }

    private static bool TryReadBox(XElement box, Dictionary<string, int> classes, out TruthBox truthBox, out string error)
    {
        truthBox = null!;
        if (!TryNumber(box, "top", out var top, out error) || !TryNumber(box, "left", out var left, out error)
            || !TryNumber(box, "width", out var width, out error) || !TryNumber(box, "height", out var height, out error))
            return false;
        if (width <= 0 || height <= 0)
        {
            error = $"<box> has a non-positive size {width}x{height}";
            return false;
        }

        var label = box.Element("label")?.Value.Trim();
        var className = string.IsNullOrEmpty(label) ? UnlabelledClassName : label;
        if (!classes.TryGetValue(className, out var classId))
        {
            classId = classes.Count;
            classes[className] = classId;
        }
        var ignore = (string?)box.Attribute("ignore") is "1" or "true";
        truthBox = new TruthBox(classId, className, new PixelBox((float)left, (float)top, (float)width, (float)height), ignore);
        error = "";
        return true;
    }

    private static bool TryNumber(XElement box, string attribute, out double value, out string error)
    {
        var raw = (string?)box.Attribute(attribute);
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            error = "";
            return true;
        }
        error = raw is null ? $"<box> lacks '{attribute}'" : $"<box> has {attribute}='{raw}', not a number";
        return false;
    }

    private static int IntOrZero(XElement e, string attribute) =>
        int.TryParse((string?)e.Attribute(attribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static int? LineOf(XObject o) => o is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;
}
