using System.Globalization;
using EdgeLabel.Dataset.Export;
using EdgeLabel.Dataset.Tests.Support;
using static EdgeLabel.Dataset.Tests.Support.SampleDataset;

namespace EdgeLabel.Dataset.Tests.Export;

public class YoloExportSpecs
{
    [Fact]
    public void Each_image_gets_normalized_center_size_lines_that_match_its_boxes_within_the_six_decimal_rounding()
    {
        using var temp = new TempFolder();
        var images = Validated.Of(Mixed(), Categories);

        var files = YoloExport.Write(temp.Path, Categories, images);

        Assert.Equal(images.Count + 1, files.Count);
        Assert.Equal(Categories, File.ReadAllLines(Path.Combine(temp.Path, "classes.txt")));
        foreach (var image in images)
        {
            var lines = File.ReadAllLines(Path.Combine(temp.Path, "labels", image.ContentId + ".txt"));
            Assert.Equal(image.Boxes.Count, lines.Length);
            foreach (var (box, line) in image.Boxes.Zip(lines))
            {
                var v = line.Split(' ');
                Assert.Equal(5, v.Length);
                Assert.Equal(box.ClassId, int.Parse(v[0], CultureInfo.InvariantCulture));
                var (cx, cy, w, h) = (D(v[1]), D(v[2]), D(v[3]), D(v[4]));
                const double rounding = 5e-7 + 1e-12;                            // half of the sixth decimal, plus double noise
                Assert.InRange(cx * image.Width - box.Left - box.Width / 2, -rounding * image.Width, rounding * image.Width);
                Assert.InRange(cy * image.Height - box.Top - box.Height / 2, -rounding * image.Height, rounding * image.Height);
                Assert.InRange(w * image.Width - box.Width, -rounding * image.Width, rounding * image.Width);
                Assert.InRange(h * image.Height - box.Height, -rounding * image.Height, rounding * image.Height);
                Assert.All([cx, cy, w, h], x => Assert.InRange(x, 0, 1));
            }
        }
    }

    [Fact]
    public void A_line_is_written_with_invariant_six_decimal_numbers()
    {
        var line = YoloExport.Line(MachineBox(1, 160, 120, 320, 240), 640, 480);

        Assert.Equal("1 0.500000 0.500000 0.500000 0.500000\n", line);
    }

    private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
