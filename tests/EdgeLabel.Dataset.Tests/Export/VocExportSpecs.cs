using System.Xml.Linq;
using EdgeLabel.Dataset.Export;
using EdgeLabel.Dataset.Tests.Support;
using static EdgeLabel.Dataset.Tests.Support.SampleDataset;

namespace EdgeLabel.Dataset.Tests.Export;

public class VocExportSpecs
{
    [Fact]
    public void Integer_edges_are_within_half_a_pixel_of_each_box()
    {
        using var temp = new TempFolder();
        var images = Validated.Of(Mixed(), Categories);

        var files = VocExport.Write(temp.Path, "street", Categories, images);

        Assert.Equal(images.Count, files.Count);
        foreach (var image in images)
        {
            var xml = XDocument.Load(Path.Combine(temp.Path, image.ContentId + ".xml")).Root!;
            Assert.Equal(image.Width, (int)xml.Element("size")!.Element("width")!);
            Assert.Equal(image.Height, (int)xml.Element("size")!.Element("height")!);
            Assert.Equal(image.ObjectUri, (string)xml.Element("path")!);
            var objects = xml.Elements("object").ToList();
            Assert.Equal(image.Boxes.Count, objects.Count);
            foreach (var (box, o) in image.Boxes.Zip(objects))
            {
                Assert.Equal(Categories[box.ClassId], (string)o.Element("name")!);
                Assert.Equal(box.Provenance.Source, (string)o.Element("edgelabel_provenance")!.Element("source")!);
                var b = o.Element("bndbox")!;
                Assert.InRange((int)b.Element("xmin")! - box.Left, -0.5, 0.5);
                Assert.InRange((int)b.Element("ymin")! - box.Top, -0.5, 0.5);
                Assert.InRange((int)b.Element("xmax")! - box.Right, -0.5, 0.5);
                Assert.InRange((int)b.Element("ymax")! - box.Bottom, -0.5, 0.5);
                Assert.InRange((int)b.Element("xmax")!, (int)b.Element("xmin")! + 1, image.Width);
                Assert.InRange((int)b.Element("ymax")!, (int)b.Element("ymin")! + 1, image.Height);
            }
        }
    }

    [Theory]
    [InlineData(10.4, 20.6, 100, 10, 21)]
    [InlineData(10.5, 20.5, 100, 11, 21)]   // midpoints round away from zero
    [InlineData(3.2, 3.4, 100, 3, 4)]       // would round to nothing: widened to one pixel
    [InlineData(99.7, 99.9, 100, 99, 100)]  // ... staying inside the image
    public void Edges_round_to_the_nearest_pixel(double start, double end, int length, int min, int max)
    {
        Assert.Equal((min, max), VocExport.RoundEdges(start, end, length));
    }
}
