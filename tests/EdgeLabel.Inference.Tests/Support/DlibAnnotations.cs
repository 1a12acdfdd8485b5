using System.Xml.Linq;

namespace EdgeLabel.Inference.Tests.Support;

/// <summary>Reads dlib imglab XML (&lt;image file=…&gt;&lt;box top left width height/&gt;).</summary>
internal static class DlibAnnotations
{
    public static IReadOnlyList<(string File, IReadOnlyList<PixelBox> Boxes)> Load(params string[] xmlFiles) =>
        xmlFiles.SelectMany(path => XDocument.Load(path).Descendants("image").Select(img => (
            File: (string)img.Attribute("file")!,
            Boxes: (IReadOnlyList<PixelBox>)img.Elements("box")
                .Where(b => (string?)b.Attribute("ignore") != "1")
                .Select(b => new PixelBox((float)b.Attribute("left")!, (float)b.Attribute("top")!,
                    (float)b.Attribute("width")!, (float)b.Attribute("height")!))
                .ToList())))
        .ToList();
}
